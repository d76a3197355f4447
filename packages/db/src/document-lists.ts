import type { DocumentKind } from '@csms/core';
import { customerDocumentEntity, type DocumentHeader, toHeader } from './documents.ts';
import { gsi1, keys } from './keys.ts';
import { encodeCursor, type Page, type PageRequest } from './pagination.ts';
import { startKeyOf } from './start-key.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * Listing documents by issue date. Without a customer: the tenant's headers on gsi1 (`<issueDate>#<number>`).
 * With one: the customer's index partition (same sort key), then the headers by BatchGetItem — a customer's
 * documents are found without filtering through everyone else's.
 */
export interface DocumentQuery extends PageRequest {
  /** Issued on or after this date (YYYY-MM-DD). */
  readonly from?: string | undefined;
  /** Issued on or before this date. */
  readonly to?: string | undefined;
  readonly kind?: DocumentKind | undefined;
  readonly customerId?: string | undefined;
  /** Oldest first (exports, statements) instead of newest first. */
  readonly oldestFirst?: boolean | undefined;
}

const MAX_ROUND_TRIPS = 10;

export async function listDocuments(
  table: TableClient,
  tenantId: string,
  query: DocumentQuery,
): Promise<Page<DocumentHeader>> {
  const lower = query.from ?? '0';
  // Sort keys are `<date>#<number>`: `~` sorts after every number of the last day.
  const upper = `${query.to ?? '9999-12-31'}~`;
  const customerId = query.customerId;
  const byCustomer = customerId !== undefined;
  const partition = byCustomer
    ? keys.customerDocumentsPk(tenantId, customerId)
    : gsi1.documentsOfTenant(tenantId);
  const [pkName, skName] = byCustomer ? ['pk', 'sk'] : ['gsi1pk', 'gsi1sk'];
  let startKey = startKeyOf(
    query.cursor,
    tenantId,
    byCustomer
      ? { pk: (v) => v === partition, sk: (v) => v >= lower && v <= upper }
      : {
          pk: (v) => v.startsWith(keys.documentPk(tenantId, '')),
          sk: (v) => v === 'DOC',
          gsi1pk: (v) => v === partition,
          gsi1sk: (v) => v >= lower && v <= upper,
        },
  );
  const values: Record<string, unknown> = { ':pk': partition, ':from': lower, ':to': upper };
  if (query.kind) values[':kind'] = query.kind;
  const found: Record<string, unknown>[] = [];
  for (let trip = 0; trip < MAX_ROUND_TRIPS; trip++) {
    const { Items = [], LastEvaluatedKey } = await table.query({
      ...(byCustomer ? {} : { IndexName: 'gsi1' }),
      KeyConditionExpression: `#pk = :pk AND #sk BETWEEN :from AND :to`,
      ...(query.kind ? { FilterExpression: '#kind = :kind' } : {}),
      ExpressionAttributeNames: {
        '#pk': pkName,
        '#sk': skName,
        ...(query.kind ? { '#kind': 'kind' } : {}),
      },
      ExpressionAttributeValues: values,
      ScanIndexForward: query.oldestFirst === true,
      Limit: query.limit - found.length,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    });
    found.push(...Items);
    startKey = LastEvaluatedKey;
    if (!startKey || found.length >= query.limit) break;
  }
  const headers = byCustomer
    ? await headersOf(table, tenantId, customerId, found)
    : found.map((item) => toHeader(tenantId, item));
  return { items: headers, nextCursor: encodeCursor(startKey) };
}

/** Every document header of a query (exports, statements): page after page. */
export async function allDocumentHeaders(
  table: TableClient,
  tenantId: string,
  query: Omit<DocumentQuery, 'limit' | 'cursor'>,
): Promise<DocumentHeader[]> {
  const all: DocumentHeader[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDocuments(table, tenantId, { ...query, limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The headers behind a page of customer index items, in the index's order (at most 100 per page). */
async function headersOf(
  table: TableClient,
  tenantId: string,
  customerId: string,
  indexItems: Record<string, unknown>[],
): Promise<DocumentHeader[]> {
  if (indexItems.length === 0) return [];
  const entries = customerDocumentEntity(tenantId, customerId);
  const ids = indexItems.map((item) => entries.fromItem(item).documentId);
  const byId = new Map<string, DocumentHeader>();
  const items = await table.batchGet(
    ids.map((id) => keys.document(tenantId, id)),
    { consistent: true },
  );
  for (const item of items) {
    const header = toHeader(tenantId, item);
    byId.set(header.id, header);
  }
  return ids.flatMap((id) => {
    const header = byId.get(id);
    return header ? [header] : [];
  });
}

/** The document lists repository: the functions above with the table given. */
export const createDocumentListsRepository = (table: TableClient) =>
  bindTable(table, { listDocuments, allDocumentHeaders });

export type DocumentListsRepository = ReturnType<typeof createDocumentListsRepository>;
