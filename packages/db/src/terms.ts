import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type TermsDocument, termsKinds } from '@csms/core';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryAll, queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/** `text` is optional: listings read the documents without it (see `SUMMARY`). */
const termsDocumentSchema: z.ZodType<TermsDocument> = z.object({
  id: z.string(),
  kind: z.enum(termsKinds),
  version: z.string(),
  material: z.boolean(),
  url: z.string().optional(),
  text: z.string().optional(),
  effectiveFrom: z.string(),
  publishedAt: z.string(),
});

/** One tenant's documents; the tenant is stored beside the value. */
const termsDocumentEntity = (tenantId: string) =>
  defineEntity({
    type: 'TermsDocument',
    schema: termsDocumentSchema,
    key: (document) => keys.termsDocument(tenantId, document.id),
    index: (document) => ({
      gsi1pk: gsi1.termsOfTenant(tenantId),
      gsi1sk: gsi1.termsSortKey(document.effectiveFrom, document.publishedAt, document.id),
    }),
    derived: () => ({ tenantId }),
  });

const toDocument = (tenantId: string) => (item: Record<string, unknown>) =>
  termsDocumentEntity(tenantId).fromItem(item);

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
              Item: termsDocumentEntity(tenantId).toItem(document),
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
  return termsDocumentEntity(tenantId).fromOptional(Item);
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
  return { items: result.items.map(toDocument(tenantId)), nextCursor: result.nextCursor };
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
  return items.map(toDocument(tenantId));
}

/** The terms repository: the functions above with the table given. */
export const createTermsRepository = (table: TableClient) =>
  bindTable(table, { publishTermsDocument, getTermsDocument, listTermsDocuments, listAllTermsDocuments });

export type TermsRepository = ReturnType<typeof createTermsRepository>;
