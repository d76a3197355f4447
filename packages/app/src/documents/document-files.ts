import { toUbl } from '@csms/core';
import type { Deps } from '../deps.ts';
import { documentPdf } from './document-pdf.ts';
import { getDocument } from './get-document.ts';
import { signedMeterDataOf } from './signed-meter-data.ts';

/** A document rendered for download, named by its number. */
export interface DocumentFile<Body> {
  readonly fileName: string;
  readonly body: Body;
}

/** UBL 2.1 (Peppol BIS Billing 3.0): an `Invoice` for receipts and invoices, a `CreditNote` for credit notes. */
export async function documentUbl(
  deps: Pick<Deps, 'documents'>,
  tenantId: string,
  documentId: string,
): Promise<DocumentFile<string>> {
  const doc = await getDocument(deps, tenantId, documentId);
  return { fileName: `${doc.number}.xml`, body: toUbl(doc) };
}

/** The readable PDF, quoting and attaching the signed meter data the chargers sent for its sessions. */
export async function documentPdfFile(
  deps: Pick<Deps, 'documents' | 'sessions'>,
  tenantId: string,
  documentId: string,
): Promise<DocumentFile<Uint8Array>> {
  const doc = await getDocument(deps, tenantId, documentId);
  const signed = await signedMeterDataOf(
    deps,
    tenantId,
    doc.sessions.map((s) => s.sessionId),
  );
  return { fileName: `${doc.number}.pdf`, body: await documentPdf(doc, signed) };
}
