import { compareDecimals } from '../pricing/decimal.ts';
import { formatMinorUnits } from '../pricing/money.ts';
import type { InvoiceDocument } from './model.ts';

/**
 * The finance export (N6) as CSV (RFC 4180): one row per document line, each carrying its document's
 * figures and the VAT breakdown entry of its category and rate, so a spreadsheet or an accounting import
 * needs no second file. Amounts are decimals in the currency's major unit (what accounting software reads);
 * credit notes are negative, so a column's sum is the period's net figure.
 */
export const CSV_COLUMNS = [
  'document_id',
  'number',
  'kind',
  'status',
  'issue_date',
  'due_date',
  'preceding_number',
  'customer_id',
  'buyer_name',
  'buyer_vat_id',
  'buyer_country',
  'currency',
  'line_id',
  'session_id',
  'item',
  'description',
  'quantity',
  'unit',
  'unit_price_net',
  'line_net',
  'vat_category',
  'vat_rate',
  'vat_taxable_amount',
  'vat_amount',
  'document_net',
  'document_vat',
  'document_gross',
] as const;

export function documentsToCsv(documents: readonly InvoiceDocument[]): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const doc of documents) {
    const sign = doc.kind === 'credit-note' ? -1 : 1;
    const amount = (value: number) => formatMinorUnits(sign * value, doc.currency);
    for (const line of doc.lines) {
      const vat = doc.vatBreakdown.find(
        (e) => e.category === line.vatCategory && compareDecimals(e.rate, line.vatRate) === 0,
      );
      const row: Record<(typeof CSV_COLUMNS)[number], string> = {
        document_id: doc.id,
        number: doc.number,
        kind: doc.kind,
        status: doc.status,
        issue_date: doc.issueDate,
        due_date: doc.dueDate,
        preceding_number: doc.precedingDocument?.number ?? '',
        customer_id: doc.customerId ?? '',
        buyer_name: doc.buyer.name,
        buyer_vat_id: doc.buyer.vatId ?? '',
        buyer_country: doc.buyer.address.country,
        currency: doc.currency,
        line_id: line.id,
        session_id: line.sessionId ?? '',
        item: line.name,
        description: line.description ?? '',
        quantity: line.quantity,
        unit: line.unitCode,
        unit_price_net: line.unitPriceNet,
        line_net: amount(line.amountNet),
        vat_category: line.vatCategory,
        vat_rate: line.vatRate,
        vat_taxable_amount: vat ? amount(vat.taxableAmount) : '',
        vat_amount: vat ? amount(vat.vatAmount) : '',
        document_net: amount(doc.totals.taxExclusive),
        document_vat: amount(doc.totals.vat),
        document_gross: amount(doc.totals.taxInclusive),
      };
      rows.push(CSV_COLUMNS.map((column) => csvCell(row[column], TEXT_COLUMNS.has(column))).join(','));
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** Free text typed by people: the only cells a spreadsheet could mistake for a formula. */
const TEXT_COLUMNS = new Set<string>(['buyer_name', 'item', 'description']);

function csvCell(value: string, freeText: boolean): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet (CSV injection); an apostrophe defuses it.
  const safe = freeText && /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
