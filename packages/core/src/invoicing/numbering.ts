import { createHash } from 'node:crypto';
import type { DocumentKind } from './model.ts';

/**
 * Document numbers (N4): `<series>-<sequence>`, the series being the kind's letter and the year of the issue
 * date — `R-2026-000123` (receipts), `I-2026-000042` (invoices), `C-2026-000007` (credit notes). Each series
 * counts from 1 without gaps, per tenant; the sequence is zero-padded to six digits so numbers sort as text,
 * and simply grows a digit past 999999. Restarting each year is what most EU tax offices accept and many
 * expect; the year in the number keeps numbers unique across years.
 */
const SERIES_LETTER: Readonly<Record<DocumentKind, string>> = {
  receipt: 'R',
  invoice: 'I',
  'credit-note': 'C',
};

/** The series a document is numbered in: kind letter + year of its issue date, e.g. `I-2026`. */
export function seriesOf(kind: DocumentKind, issueDate: string): string {
  return `${SERIES_LETTER[kind]}-${issueDate.slice(0, 4)}`;
}

export function formatDocumentNumber(series: string, sequence: number): string {
  return `${series}-${String(sequence).padStart(6, '0')}`;
}

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A document's id, derived from what it bills: `receipt:<sessionId>`, `invoice:<customerId>:<YYYY-MM>`,
 * `credit-note:<documentId>:<request>`. Issuing the same thing twice therefore names the same document, and
 * the store refuses the second (idempotency without a separate marker). Same shape as `newId('doc')`.
 */
export function documentIdFor(tenantId: string, source: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(['document', tenantId, source]))
    .digest();
  let id = 'doc';
  for (const byte of digest.subarray(0, 20)) id += ID_ALPHABET[byte & 31];
  return id;
}

/** Anything else names no document (404 without a read). */
export const isDocumentId = (id: string): boolean => /^doc[0-9a-z]{20}$/.test(id);
