import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DiscountCode, DiscountStatus } from '@csms/core';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

/** Discount codes (access pattern L11), one partition per normalized code. */
const toDiscountCode = (item: Record<string, unknown>): DiscountCode => {
  const { pk: _pk, sk: _sk, type: _t, tenantId: _tenant, discountKind, ...rest } = item;
  return { ...rest, kind: discountKind } as unknown as DiscountCode;
};

/** Access pattern L11. False when the code exists already. */
export async function createDiscountCode(tenantId: string, code: DiscountCode): Promise<boolean> {
  const { kind, ...rest } = code;
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        // `type` names the item kind in the whole table, so the discount's own kind is `discountKind`.
        Item: {
          ...keys.discountCode(tenantId, code.code),
          type: 'DiscountCode',
          tenantId,
          discountKind: kind,
          ...rest,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Access pattern L11. */
export async function getDiscountCode(tenantId: string, code: string): Promise<DiscountCode | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.discountCode(tenantId, code) }),
  );
  return Item ? toDiscountCode(Item) : undefined;
}

export async function getDiscountCodes(tenantId: string, codes: readonly string[]): Promise<DiscountCode[]> {
  if (codes.length === 0) return [];
  const found: DiscountCode[] = [];
  for (let i = 0; i < codes.length; i += 100) {
    const { Responses } = await db().send(
      new BatchGetCommand({
        RequestItems: {
          [tableName()]: { Keys: codes.slice(i, i + 100).map((c) => keys.discountCode(tenantId, c)) },
        },
      }),
    );
    found.push(...(Responses?.[tableName()] ?? []).map(toDiscountCode));
  }
  return found;
}

/** Access pattern L11: suspend, resume or cancel; a cancelled code stays cancelled. Undefined if unknown. */
export async function setDiscountCodeStatus(
  tenantId: string,
  code: string,
  status: DiscountStatus,
  at: string,
): Promise<DiscountCode | 'cancelled' | undefined> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.discountCode(tenantId, code),
        UpdateExpression: 'SET #status = :status, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (#status <> :cancelled OR :status = :cancelled)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':at': at, ':cancelled': 'cancelled' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toDiscountCode(Attributes) : undefined;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getDiscountCode(tenantId, code)) ? 'cancelled' : undefined;
  }
}
