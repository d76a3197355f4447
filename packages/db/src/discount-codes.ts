import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { DiscountCode, DiscountStatus } from '@csms/core';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/** Discount codes (access pattern L11), one partition per normalized code. */
const toDiscountCode = (item: Record<string, unknown>): DiscountCode => {
  const { pk: _pk, sk: _sk, type: _t, tenantId: _tenant, discountKind, ...rest } = item;
  return { ...rest, kind: discountKind } as unknown as DiscountCode;
};

/** Access pattern L11. False when the code exists already. */
export async function createDiscountCode(
  table: TableClient,
  tenantId: string,
  code: DiscountCode,
): Promise<boolean> {
  const { kind, ...rest } = code;
  try {
    await table.put({
      Item: {
        ...keys.discountCode(tenantId, code.code),
        type: 'DiscountCode',
        tenantId,
        discountKind: kind,
        ...rest,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Access pattern L11. */
export async function getDiscountCode(
  table: TableClient,
  tenantId: string,
  code: string,
): Promise<DiscountCode | undefined> {
  const { Item } = await table.get({
    Key: keys.discountCode(tenantId, code),
  });
  return Item ? toDiscountCode(Item) : undefined;
}

export async function getDiscountCodes(
  table: TableClient,
  tenantId: string,
  codes: readonly string[],
): Promise<DiscountCode[]> {
  if (codes.length === 0) return [];
  const found: DiscountCode[] = [];
  for (let i = 0; i < codes.length; i += 100) {
    const { Responses } = await table.documents.send(
      new BatchGetCommand({
        RequestItems: {
          [table.name]: { Keys: codes.slice(i, i + 100).map((c) => keys.discountCode(tenantId, c)) },
        },
      }),
    );
    found.push(...(Responses?.[table.name] ?? []).map(toDiscountCode));
  }
  return found;
}

/** Access pattern L11: suspend, resume or cancel; a cancelled code stays cancelled. Undefined if unknown. */
export async function setDiscountCodeStatus(
  table: TableClient,
  tenantId: string,
  code: string,
  status: DiscountStatus,
  at: string,
): Promise<DiscountCode | 'cancelled' | undefined> {
  try {
    const { Attributes } = await table.update({
      Key: keys.discountCode(tenantId, code),
      UpdateExpression: 'SET #status = :status, updatedAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND (#status <> :cancelled OR :status = :cancelled)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':at': at, ':cancelled': 'cancelled' },
      ReturnValues: 'ALL_NEW',
    });
    return Attributes ? toDiscountCode(Attributes) : undefined;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getDiscountCode(table, tenantId, code)) ? 'cancelled' : undefined;
  }
}

/** The discount codes repository: the functions above with the table given. */
export const createDiscountCodesRepository = (table: TableClient) =>
  bindTable(table, { createDiscountCode, getDiscountCode, getDiscountCodes, setDiscountCodeStatus });

export type DiscountCodesRepository = ReturnType<typeof createDiscountCodesRepository>;
