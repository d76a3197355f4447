import { XMLParser } from 'fast-xml-parser';

/**
 * A test-side checker of the EN 16931 business rules that matter for our documents, read off the UBL XML
 * itself (not our model), with the rules' own ids: BR-01 … BR-16 (mandatory content) and BR-CO-10 …
 * BR-CO-17 (arithmetic), plus BR-S-08/BR-Z-08 (taxable amount per category). Returns the broken rules.
 */
type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) =>
    ['InvoiceLine', 'CreditNoteLine', 'TaxSubtotal', 'TaxTotal', 'AllowanceCharge'].includes(name),
});

export interface ParsedUbl {
  readonly root: 'Invoice' | 'CreditNote';
  readonly doc: Node;
}

export function parseUbl(xml: string): ParsedUbl {
  const parsed = parser.parse(xml) as Node;
  if (parsed.Invoice) return { root: 'Invoice', doc: parsed.Invoice as Node };
  if (parsed.CreditNote) return { root: 'CreditNote', doc: parsed.CreditNote as Node };
  throw new Error('Neither an Invoice nor a CreditNote');
}

/** Walks a path of element names; undefined as soon as one is missing. */
export function at(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const name of path) {
    if (current === undefined || current === null || typeof current !== 'object') return undefined;
    const next = (current as Node)[name];
    current = Array.isArray(next) ? next[0] : next;
  }
  return current;
}

/** Text of an element, whether it has attributes (`{'#text': …}`) or not. */
export function text(node: unknown, ...path: string[]): string | undefined {
  const value = at(node, ...path);
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Node)['#text'] === 'string') {
    return (value as Node)['#text'] as string;
  }
  return undefined;
}

const list = (node: unknown, name: string): Node[] => {
  const value = node && typeof node === 'object' ? (node as Node)[name] : undefined;
  return Array.isArray(value) ? (value as Node[]) : value ? [value as Node] : [];
};

/** A UBL amount as an integer of hundredths (BR-DEC: two decimals at most), exactly. */
export function hundredths(value: string | undefined): number {
  if (value === undefined) return 0;
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) throw new Error(`Not an amount with at most 2 decimals: ${value}`);
  const [, sign, whole, fraction = ''] = match;
  const n = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' ? -n : n;
}

/** taxable × percent / 100, rounded half away from zero to hundredths, in integers only. */
function vatOf(taxable: number, percent: string): number {
  const [whole, fraction = ''] = percent.split('.');
  const scale = 10 ** fraction.length;
  const rate = Number(whole) * scale + Number(fraction || '0');
  const numerator = Math.abs(taxable) * rate;
  const denominator = 100 * scale;
  const rounded = Math.floor((2 * numerator + denominator) / (2 * denominator));
  return taxable < 0 ? -rounded : rounded;
}

export function en16931Violations(xml: string): string[] {
  const { root, doc } = parseUbl(xml);
  const broken: string[] = [];
  const require = (rule: string, value: unknown) => {
    if (value === undefined || value === '') broken.push(rule);
  };
  const seller = at(doc, 'AccountingSupplierParty', 'Party');
  const buyer = at(doc, 'AccountingCustomerParty', 'Party');
  const totals = at(doc, 'LegalMonetaryTotal');
  const lines = list(doc, root === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine');

  require('BR-01', text(doc, 'CustomizationID'));
  require('BR-02', text(doc, 'ID'));
  require('BR-03', text(doc, 'IssueDate'));
  require('BR-04', text(doc, root === 'Invoice' ? 'InvoiceTypeCode' : 'CreditNoteTypeCode'));
  require('BR-05', text(doc, 'DocumentCurrencyCode'));
  require('BR-06', text(seller, 'PartyLegalEntity', 'RegistrationName'));
  require('BR-07', text(buyer, 'PartyLegalEntity', 'RegistrationName'));
  require('BR-08', at(seller, 'PostalAddress'));
  require('BR-09', text(seller, 'PostalAddress', 'Country', 'IdentificationCode'));
  require('BR-10', at(buyer, 'PostalAddress'));
  require('BR-11', text(buyer, 'PostalAddress', 'Country', 'IdentificationCode'));
  require('BR-12', text(totals, 'LineExtensionAmount'));
  require('BR-13', text(totals, 'TaxExclusiveAmount'));
  require('BR-14', text(totals, 'TaxInclusiveAmount'));
  require('BR-15', text(totals, 'PayableAmount'));
  if (lines.length === 0) broken.push('BR-16');

  const lineSum = lines.reduce((sum, line) => sum + hundredths(text(line, 'LineExtensionAmount')), 0);
  const charges = list(doc, 'AllowanceCharge');
  const sumOf = (charge: boolean) =>
    charges
      .filter((c) => text(c, 'ChargeIndicator') === String(charge))
      .reduce((sum, c) => sum + hundredths(text(c, 'Amount')), 0);
  const allowanceTotal = hundredths(text(totals, 'AllowanceTotalAmount'));
  const chargeTotal = hundredths(text(totals, 'ChargeTotalAmount'));
  const taxExclusive = hundredths(text(totals, 'TaxExclusiveAmount'));
  const taxInclusive = hundredths(text(totals, 'TaxInclusiveAmount'));
  // The VAT total in the document currency: the TaxTotal whose amount is in that currency.
  const currency = text(doc, 'DocumentCurrencyCode');
  const taxTotal = list(doc, 'TaxTotal').find(
    (t) => (at(t, 'TaxAmount') as Node | undefined)?.['@currencyID'] === currency,
  );
  const vatTotal = hundredths(text(taxTotal, 'TaxAmount'));
  const subtotals = list(taxTotal, 'TaxSubtotal');

  if (hundredths(text(totals, 'LineExtensionAmount')) !== lineSum) broken.push('BR-CO-10');
  if (allowanceTotal !== sumOf(false)) broken.push('BR-CO-11');
  if (chargeTotal !== sumOf(true)) broken.push('BR-CO-12');
  if (taxExclusive !== lineSum - allowanceTotal + chargeTotal) broken.push('BR-CO-13');
  if (vatTotal !== subtotals.reduce((sum, s) => sum + hundredths(text(s, 'TaxAmount')), 0))
    broken.push('BR-CO-14');
  if (taxInclusive !== taxExclusive + vatTotal) broken.push('BR-CO-15');
  const payable =
    taxInclusive -
    hundredths(text(totals, 'PrepaidAmount')) +
    hundredths(text(totals, 'PayableRoundingAmount'));
  if (hundredths(text(totals, 'PayableAmount')) !== payable) broken.push('BR-CO-16');
  for (const subtotal of subtotals) {
    const category = text(subtotal, 'TaxCategory', 'ID') ?? '';
    const percent = text(subtotal, 'TaxCategory', 'Percent') ?? '0';
    const taxable = hundredths(text(subtotal, 'TaxableAmount'));
    if (hundredths(text(subtotal, 'TaxAmount')) !== vatOf(taxable, percent))
      broken.push(`BR-CO-17 (${category} ${percent})`);
    const linesOfCategory = lines.filter(
      (line) =>
        text(line, 'Item', 'ClassifiedTaxCategory', 'ID') === category &&
        Number(text(line, 'Item', 'ClassifiedTaxCategory', 'Percent')) === Number(percent),
    );
    const net = linesOfCategory.reduce((sum, line) => sum + hundredths(text(line, 'LineExtensionAmount')), 0);
    if (net !== taxable) broken.push(`BR-${category}-08 (${percent})`);
  }
  return broken;
}
