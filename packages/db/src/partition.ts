import * as z from 'zod';
import { keys } from './keys.ts';
import { defineEntity, parseAttributes } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * Every item of one partition (a tariff with its versions, a document with its lines), following pages.
 * Only for partitions that stay small by design; listings use cursor pagination instead.
 */
export async function partitionItems(
  table: TableClient,
  pk: string,
  options: { readonly consistent?: boolean; readonly skPrefix?: string } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.query({
      KeyConditionExpression: options.skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': pk,
        ...(options.skPrefix ? { ':prefix': options.skPrefix } : {}),
      },
      ...(options.consistent ? { ConsistentRead: true } : {}),
      ExclusiveStartKey: start,
    });
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A per-tenant counter: its last value handed out. */
export interface Counter {
  readonly value: number;
}

const counterSchema: z.ZodType<Counter> = z.object({ value: z.number() });

/**
 * Counters are moved by updates only (`ADD` here, a conditional `SET` for document numbers), placed by the
 * tenant and the counter's name.
 */
export const counterEntity = defineEntity({
  type: 'Counter',
  schema: counterSchema,
  key: (_counter, place: { readonly tenantId: string; readonly name: string }) =>
    keys.counter(place.tenantId, place.name),
});

/** The next value of a per-tenant counter (transaction ids, reservation ids): atomic, starts at 1. */
export async function nextCounterValue(table: TableClient, tenantId: string, name: string): Promise<number> {
  const { Attributes } = await table.update({
    Key: keys.counter(tenantId, name),
    UpdateExpression: 'ADD #v :one',
    ExpressionAttributeNames: { '#v': 'value' },
    ExpressionAttributeValues: { ':one': 1 },
    ReturnValues: 'UPDATED_NEW',
  });
  return parseAttributes(`Counter ${name} of ${tenantId}`, counterSchema, Attributes).value;
}
