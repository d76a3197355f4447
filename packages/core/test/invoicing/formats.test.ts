import { describe, expect, it } from 'vitest';
import {
  creditNoteDraft,
  customerStatement,
  documentFromPricedSessions,
  documentsToCsv,
  PEPPOL_CUSTOMIZATION_ID,
  toUbl,
} from '../../src/invoicing/index.ts';
import { aTariff, element, energy, flat } from '../pricing/builders.ts';
import { buyer, finalised, pricedSession, seller } from './fixtures.ts';

const tariff = aTariff({ vatRate: '19', elements: [element([energy('0.39'), flat('0.50')])] });
const draft = documentFromPricedSessions({
  kind: 'invoice',
  seller,
  buyer: { ...buyer, name: '=HYPERLINK("x") & <Co>' },
  customerId: 'c1',
  issueDate: '2026-03-31',
  dueDate: '2026-04-14',
  paymentTerms: 'Payable within 14 days',
  period: { start: '2026-03-01', end: '2026-03-31' },
  defaultVatRate: '19',
  sessions: [pricedSession('ses-1', '2026-03-02T08:00:00Z', [{ minutes: 60, kw: 11 }], tariff)],
});
const invoice = finalised(draft, 'I-2026-000001');
const note = finalised(
  creditNoteDraft(invoice, { reason: 'Fee waived', issueDate: '2026-04-02' }),
  'C-2026-000001',
);

describe('UBL rendering', () => {
  it('writes an Invoice with the Peppol identifiers, escaped text and amounts in major units', () => {
    const xml = toUbl(invoice);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns=')).toBe(true);
    expect(xml).toContain(`<cbc:CustomizationID>${PEPPOL_CUSTOMIZATION_ID}</cbc:CustomizationID>`);
    expect(xml).toContain('<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>');
    expect(xml).toContain(
      '<cbc:RegistrationName>=HYPERLINK(&quot;x&quot;) &amp; &lt;Co&gt;</cbc:RegistrationName>',
    );
    expect(xml).toContain('<cbc:InvoicedQuantity unitCode="KWH">11</cbc:InvoicedQuantity>');
    expect(xml).toContain('<cbc:LineExtensionAmount currencyID="EUR">4.29</cbc:LineExtensionAmount>');
    expect(xml).toContain('<cbc:EndpointID schemeID="EM">ap@fleet.example</cbc:EndpointID>');
  });

  it('writes a CreditNote with the preceding invoice and credited quantities, and no DueDate', () => {
    const xml = toUbl(note);
    expect(xml).toContain('<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"');
    expect(xml).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
    expect(xml).toMatch(/<cac:InvoiceDocumentReference>\s*<cbc:ID>I-2026-000001<\/cbc:ID>/);
    expect(xml).toContain('<cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>');
    expect(xml).not.toContain('<cbc:DueDate>');
  });
});

describe('CSV export', () => {
  it('has one row per line, quotes what needs it, defuses formulas and signs credit notes negative', () => {
    const csv = documentsToCsv([invoice, note]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + invoice.lines.length + note.lines.length);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"") & <Co>"`);
    expect(lines[1]).toContain(',0.50,0.50,S,19,'); // the session fee line: price and net 0.50, S at 19 %
    const creditRow = lines[1 + invoice.lines.length]!;
    expect(creditRow).toContain('C-2026-000001,credit-note');
    expect(creditRow).toContain(',0.50,-0.50,S,19,');
  });
});

describe('customer statement', () => {
  it('opens with what was owed before the period and runs the balance through it', () => {
    const paid = { ...invoice, paidAt: '2026-04-10T09:00:00.000Z', paidAmount: 200 };
    const statement = customerStatement({
      customerId: 'c1',
      from: '2026-04-01',
      to: '2026-04-30',
      currency: 'EUR',
      documents: [paid, note],
    });
    const gross = invoice.totals.taxInclusive;
    expect(statement.openingBalance).toBe(gross);
    expect(statement.entries.map((e) => [e.type, e.debit, e.credit, e.balance])).toEqual([
      ['credit-note', 0, gross, 0],
      ['payment', 0, 200, -200],
    ]);
    expect(statement).toMatchObject({ totalDebit: 0, totalCredit: gross + 200, closingBalance: -200 });
  });
});
