import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import {
  customerTypes,
  type DiscountCode,
  type DiscountStatus,
  discountKinds,
  discountStatuses,
} from '@csms/core';
import * as z from 'zod';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/** Discount codes (access pattern L11), one partition per normalized code. */
const discountCodeSchema: z.ZodType<DiscountCode> = z.object({
  code: z.string(),
  kind: z.enum(discountKinds),
  value: z.number(),
  expiresAt: z.string(),
  conditions: z
    .object({
      minSessionAmount: z.number().optional(),
      maxDiscountAmount: z.number().optional(),
      customerTypes: z.array(z.enum(customerTypes)).optional(),
      maxUsesPerCustomer: z.number().optional(),
    })
    .optional(),
  status: z.enum(discountStatuses),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** One tenant's codes; the tenant is stored beside the value, the code's kind as `discountKind`. */
const discountCodeEntity = (tenantId: string) =>
  defineEntity({
    type: 'DiscountCode',
    schema: discountCodeSchema,
    key: (code) => keys.discountCode(tenantId, code.code),
    derived: () => ({ tenantId }),
    renamed: { kind: 'discountKind' },
  });

/** Access pattern L11. False when the code exists already. */
export async function createDiscountCode(
  table: TableClient,
  tenantId: string,
  code: DiscountCode,
): Promise<boolean> {
  try {
    await table.put({
      Item: discountCodeEntity(tenantId).toItem(code),
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
  return discountCodeEntity(tenantId).fromOptional(Item);
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
    const entity = discountCodeEntity(tenantId);
    found.push(...(Responses?.[table.name] ?? []).map((item) => entity.fromItem(item)));
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
    return discountCodeEntity(tenantId).fromOptional(Attributes);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getDiscountCode(table, tenantId, code)) ? 'cancelled' : undefined;
  }
}

/** The discount codes repository: the functions above with the table given. */
export const createDiscountCodesRepository = (table: TableClient) =>
  bindTable(table, { createDiscountCode, getDiscountCode, getDiscountCodes, setDiscountCodeStatus });

export type DiscountCodesRepository = ReturnType<typeof createDiscountCodesRepository>;
