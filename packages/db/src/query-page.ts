import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { encodeCursor, type Page, type PageRequest } from './pagination.ts';
import { startKeyOf } from './start-key.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * One page of a Query, with optional filters. DynamoDB applies `Limit` before the filter, so a filtered page
 * could come back short or even empty while more matches follow; this keeps querying (asking each time only
 * for as many items as are still missing, so the cursor never skips a match) until the page is full, the
 * partition ends, or a bound on round trips is reached. A short page with a cursor then just means "go on".
 */
export interface PageQuery {
  readonly tenantId: string;
  readonly index?: 'gsi1';
  /** The partition: `pk`, or `gsi1pk` on the index. */
  readonly partition: string;
  readonly skPrefix?: string;
  /** Newest/last first when false. */
  readonly forward: boolean;
  /** Attribute → required value (equality filters), skipped when undefined. */
  readonly filters?: Readonly<Record<string, string | undefined>>;
  /** Read only these attributes (e.g. leave long texts behind). */
  readonly attributes?: readonly string[];
  readonly page: PageRequest;
}

const MAX_ROUND_TRIPS = 10;

export async function queryPage(
  table: TableClient,
  query: PageQuery,
): Promise<Page<Record<string, unknown>>> {
  const onIndex = query.index === 'gsi1';
  const [pkName, skName] = onIndex ? ['gsi1pk', 'gsi1sk'] : ['pk', 'sk'];
  const prefix = query.skPrefix ?? '';
  const tenantPrefix = `T#${query.tenantId}`;
  const ownKey = (v: string) => v === tenantPrefix || v.startsWith(`${tenantPrefix}#`);
  // The cursor must have exactly this query's key shape, or DynamoDB would fail with a 500.
  let startKey = startKeyOf(
    query.page.cursor,
    query.tenantId,
    onIndex
      ? {
          pk: ownKey,
          sk: () => true,
          gsi1pk: (v) => v === query.partition,
          gsi1sk: (v) => v.startsWith(prefix),
        }
      : { pk: (v) => v === query.partition, sk: (v) => v.startsWith(prefix) },
  );

  const names: Record<string, string> = { '#pk': pkName };
  const values: Record<string, unknown> = { ':pk': query.partition };
  let keyCondition = '#pk = :pk';
  if (prefix) {
    names['#sk'] = skName;
    keyCondition += ' AND begins_with(#sk, :prefix)';
    values[':prefix'] = prefix;
  }
  const conditions: string[] = [];
  Object.entries(query.filters ?? {}).forEach(([attribute, value], i) => {
    if (value === undefined) return;
    names[`#f${i}`] = attribute;
    values[`:f${i}`] = value;
    conditions.push(`#f${i} = :f${i}`);
  });

  const projection = query.attributes?.map((attribute, i) => {
    names[`#a${i}`] = attribute;
    return `#a${i}`;
  });

  const items: Record<string, unknown>[] = [];
  for (let trip = 0; trip < MAX_ROUND_TRIPS; trip++) {
    const input: QueryCommandInput = {
      TableName: table.name,
      ...(onIndex ? { IndexName: 'gsi1' } : {}),
      KeyConditionExpression: keyCondition,
      ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
      ...(projection ? { ProjectionExpression: projection.join(', ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: query.forward,
      Limit: query.page.limit - items.length,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const { Items = [], LastEvaluatedKey } = await table.documents.send(new QueryCommand(input));
    items.push(...Items);
    startKey = LastEvaluatedKey;
    if (!startKey || items.length >= query.page.limit) break;
  }
  return { items, nextCursor: encodeCursor(startKey) };
}

/** Every item of a (small) partition: a customer's tokens for export/erasure, a tenant's Terms documents. */
export async function queryAll(
  table: TableClient,
  query: Omit<PageQuery, 'page' | 'forward'> & { readonly forward?: boolean },
): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(table, { forward: true, ...query, page: { limit: 100, cursor } });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
