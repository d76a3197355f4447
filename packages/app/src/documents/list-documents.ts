import { type DocumentKind, periodBounds } from '@csms/core';
import type { DocumentHeader, Page, PageRequest } from '@csms/db';
import { plausibleId } from '../customers/customer-lookup.ts';
import type { Deps } from '../deps.ts';

export interface DocumentListQuery extends PageRequest {
  /** Month of issue, `YYYY-MM`. */
  readonly period?: string | undefined;
  readonly customerId?: string | undefined;
  readonly kind?: DocumentKind | undefined;
}

/** Receipts, invoices and credit notes, newest first by issue date. */
export async function listDocuments(
  deps: Pick<Deps, 'documentLists'>,
  tenantId: string,
  query: DocumentListQuery,
): Promise<Page<DocumentHeader>> {
  // A customer id we could never have minted has no documents; it must not reach a key either.
  if (query.customerId !== undefined && !plausibleId(query.customerId))
    return { items: [], nextCursor: null };
  const bounds = query.period ? periodBounds(query.period) : undefined;
  return deps.documentLists.listDocuments(tenantId, {
    from: bounds?.start,
    to: bounds?.end,
    kind: query.kind,
    customerId: query.customerId,
    limit: query.limit,
    cursor: query.cursor,
  });
}
