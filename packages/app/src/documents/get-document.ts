import { type InvoiceDocument, isDocumentId, NotFoundError } from '@csms/core';
import type { Deps } from '../deps.ts';

/** A document of the tenant in full. Ids we never minted name nothing: 404 without a read. */
export async function getDocument(
  deps: Pick<Deps, 'documents'>,
  tenantId: string,
  documentId: string,
): Promise<InvoiceDocument> {
  const doc = isDocumentId(documentId) ? await deps.documents.getDocument(tenantId, documentId) : undefined;
  if (!doc) throw new NotFoundError(`Invoice ${documentId}`);
  return doc;
}
