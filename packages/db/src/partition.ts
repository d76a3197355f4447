import { keys } from './keys.ts';
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

/** The next value of a per-tenant counter (transaction ids, reservation ids): atomic, starts at 1. */
export async function nextCounterValue(table: TableClient, tenantId: string, name: string): Promise<number> {
  const { Attributes } = await table.update({
    Key: keys.counter(tenantId, name),
    UpdateExpression: 'ADD #v :one',
    ExpressionAttributeNames: { '#v': 'value' },
    ExpressionAttributeValues: { ':one': 1 },
    ReturnValues: 'UPDATED_NEW',
  });
  return Number(Attributes?.value);
}
