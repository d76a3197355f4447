import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TermsDocument } from '@csms/core';
import { gsi1, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryAll, queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

const toDocument = (item: Record<string, unknown>): TermsDocument => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, tenantId: _t, ...document } = item;
  return document as unknown as TermsDocument;
};

/**
 * Access pattern 29: the document and a marker for its kind and version label, together or not at all, so a
 * label cannot be published twice. Returns false when the label exists.
 */
export async function publishTermsDocument(
  table: TableClient,
  tenantId: string,
  document: TermsDocument,
): Promise<boolean> {
  try {
    await table.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table.name,
              Item: {
                ...keys.termsVersion(tenantId, document.kind, document.version),
                type: 'TermsVersion',
                termsId: document.id,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table.name,
              Item: {
                ...keys.termsDocument(tenantId, document.id),
                gsi1pk: gsi1.termsOfTenant(tenantId),
                gsi1sk: gsi1.termsSortKey(document.effectiveFrom, document.publishedAt, document.id),
                type: 'TermsDocument',
                tenantId,
                ...document,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      if (error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
    }
    throw error;
  }
}

/** Access pattern 30. */
export async function getTermsDocument(
  table: TableClient,
  tenantId: string,
  termsId: string,
): Promise<TermsDocument | undefined> {
  const { Item } = await table.get({
    Key: keys.termsDocument(tenantId, termsId),
  });
  return Item ? toDocument(Item) : undefined;
}

/** Everything but the (possibly long) text, for listings and the Terms rule. */
const SUMMARY = ['id', 'kind', 'version', 'material', 'url', 'effectiveFrom', 'publishedAt'];

/** Access pattern 31: newest first (by when they take effect), without the texts. */
export async function listTermsDocuments(
  table: TableClient,
  tenantId: string,
  page: PageRequest,
): Promise<Page<TermsDocument>> {
  const result = await queryPage(table, {
    tenantId,
    index: 'gsi1',
    partition: gsi1.termsOfTenant(tenantId),
    skPrefix: 'TERMS#',
    forward: false,
    attributes: SUMMARY,
    page,
  });
  return { items: result.items.map(toDocument), nextCursor: result.nextCursor };
}

/**
 * Access pattern 31, all pages, without the texts: what the Terms rule needs (a tenant publishes a few
 * versions a year). The OCPP Authorize path may cache this per tenant for a short while.
 */
export async function listAllTermsDocuments(table: TableClient, tenantId: string): Promise<TermsDocument[]> {
  const items = await queryAll(table, {
    tenantId,
    index: 'gsi1',
    partition: gsi1.termsOfTenant(tenantId),
    attributes: SUMMARY,
  });
  return items.map(toDocument);
}

/** The terms repository: the functions above with the table given. */
export const createTermsRepository = (table: TableClient) =>
  bindTable(table, { publishTermsDocument, getTermsDocument, listTermsDocuments, listAllTermsDocuments });

export type TermsRepository = ReturnType<typeof createTermsRepository>;
