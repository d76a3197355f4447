import type { Deps } from '@csms/app/deps';
import { documentsToCsv, type InvoiceDocument, periodBounds, toUbl } from '@csms/core';
import { strToU8, type ZipOptions, zipSync } from 'fflate';

/**
 * Finance exports per month (N6): every document issued in the period, oldest first — as CSV (one row per
 * line), as a zip of UBL files (one per document, named by number) or as JSON (the documents in full).
 * Each export is also kept (S3 / the local exports folder), so what finance downloaded can be found again.
 */
export const exportFormats = ['csv', 'ubl', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface InvoiceExport {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly fileName: string;
  readonly location: string;
  readonly documentCount: number;
}

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  ubl: 'application/zip',
  json: 'application/json',
};
const EXTENSIONS: Readonly<Record<ExportFormat, string>> = { csv: 'csv', ubl: 'zip', json: 'json' };

export async function exportInvoices(
  deps: Pick<Deps, 'documentLists' | 'documents' | 'exports'>,
  tenantId: string,
  period: string,
  format: ExportFormat,
  now: Date = new Date(),
): Promise<InvoiceExport> {
  const { start, end } = periodBounds(period);
  const headers = await deps.documentLists.allDocumentHeaders(tenantId, {
    from: start,
    to: end,
    oldestFirst: true,
  });
  const documents = await fullDocuments(
    deps,
    tenantId,
    headers.map((h) => h.id),
  );
  const body = render(format, period, documents, now);
  const contentType = CONTENT_TYPES[format];
  const location = await deps.exports.put(
    exportKey(tenantId, period, EXTENSIONS[format], now),
    body,
    contentType,
  );
  return {
    body,
    contentType,
    fileName: `invoices-${period}.${EXTENSIONS[format]}`,
    location,
    documentCount: documents.length,
  };
}

function render(
  format: ExportFormat,
  period: string,
  documents: readonly InvoiceDocument[],
  now: Date,
): Uint8Array {
  switch (format) {
    case 'csv':
      return strToU8(documentsToCsv(documents));
    case 'json':
      return strToU8(`${JSON.stringify({ period, generatedAt: now.toISOString(), documents }, null, 2)}\n`);
    case 'ubl': {
      const files = Object.fromEntries(
        documents.map((doc): [string, [Uint8Array, ZipOptions]] => [
          `${doc.number}.xml`,
          [strToU8(toUbl(doc)), { mtime: now }],
        ]),
      );
      return zipSync(files, { level: 6 });
    }
  }
}

/** Documents read a few at a time: a month may hold thousands of receipts. */
async function fullDocuments(
  deps: Pick<Deps, 'documents'>,
  tenantId: string,
  ids: readonly string[],
): Promise<InvoiceDocument[]> {
  const documents: InvoiceDocument[] = [];
  for (let i = 0; i < ids.length; i += 8) {
    const batch = await Promise.all(
      ids.slice(i, i + 8).map((id) => deps.documents.getDocument(tenantId, id)),
    );
    for (const doc of batch) if (doc) documents.push(doc);
  }
  return documents;
}

/** `invoices/<tenant>/<period>/<stamp>.<ext>`: one file per export run, never overwritten. */
export function exportKey(tenantId: string, period: string, extension: string, at: Date): string {
  return ['invoices', tenantId, period, `${at.toISOString().replace(/[:.]/g, '-')}.${extension}`].join('/');
}
