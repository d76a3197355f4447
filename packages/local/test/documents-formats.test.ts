import { existsSync, readFileSync } from 'node:fs';
import { issueCreditNote, issueMonthlyInvoice, issueReceipt } from '@csms/app/documents/issue';
import {
  formatMinorUnits,
  type InvoiceDocument,
  PEPPOL_CUSTOMIZATION_ID,
  PEPPOL_PROFILE_ID,
} from '@csms/core';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { download, pdfAttachments, pdfText, ublSchemas, xmllint } from './support/document-tools.ts';
import { en16931Violations, parseUbl, text } from './support/en16931.ts';
import { apiClient, startTestStack } from './support/local-stack.ts';
import { pricedSession } from './support/priced-sessions.ts';

/**
 * N2–N6 end to end through the REST API: documents issued by the issuing functions are listed, read as JSON,
 * rendered as UBL 2.1 (schema-valid and EN 16931-consistent) and as PDF (readable by pdftotext), exported per
 * month as CSV / UBL zip / JSON, and summed up in customer statements.
 */
let stack: LocalStack;
let adminKey: string;
let financeKey: string;
let operatorKey: string;
let tenantId: string;
let companyId: string;
let receipt: InvoiceDocument;
let invoice: InvoiceDocument;
let creditNote: InvoiceDocument;

const OCMF =
  'OCMF|{"FV":"1.0","GI":"ABL SBC-301","GS":"808829900001","PG":"T12345","RD":[{"TM":"2026-03-10T09:45:00,000+0000 S",' +
  '"TX":"E","RV":8.25,"RI":"1-b:1.8.0","RU":"kWh","ST":"G"}]}|{"SA":"ECDSA-secp256r1-SHA256","SD":"3045022100' +
  'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef012345678902200badc0de0123456789abcdef0123456789abcdef"}';

beforeAll(async () => {
  stack = await startTestStack();
  const signup = await apiClient(stack)<{ tenant: { id: string }; apiKey: string }>('POST', '/v1/tenants', {
    name: 'Volt Parking',
    email: 'billing@volt-parking.example',
    country: 'DE',
    currency: 'EUR',
  });
  tenantId = signup.body.tenant.id;
  adminKey = signup.body.apiKey;
  const admin = apiClient(stack, adminKey);
  const settings = await admin('PATCH', '/v1/tenant/settings', {
    legalName: 'Volt Parking GmbH',
    address: { line1: 'Hafenstraße 1', postalCode: '20457', city: 'Hamburg', country: 'DE' },
    vatId: 'DE123456789',
  });
  expect(settings.status).toBe(200);
  const key = async (role: string) =>
    (await admin<{ apiKey: string }>('POST', '/v1/api-keys', { role, name: role })).body.apiKey;
  financeKey = await key('finance');
  operatorKey = await key('operator');

  const individual = await admin<{ id: string }>('POST', '/v1/customers', {
    type: 'individual',
    name: 'Erika Mustermann',
    email: 'erika@example.org',
  });
  const company = await admin<{ id: string }>('POST', '/v1/customers', {
    type: 'company',
    name: 'Fleet & Söhne KG',
    email: 'ap@fleet.example',
    vatId: 'DE987654321',
    address: { line1: 'Ring 5', postalCode: '80331', city: 'München', country: 'DE' },
  });
  companyId = company.body.id;

  const driven = pricedSession({
    id: 'ses-receipt',
    start: '2026-03-10T09:00:00Z',
    minutes: 45,
    kw: 11,
    idleMinutes: 25,
    customerId: individual.body.id,
  });
  await stack.deps.sessions.appendMeterSamples(tenantId, 'ses-receipt', [
    {
      timestamp: '2026-03-10T09:45:00.000Z',
      energyWh: 8250,
      context: 'Transaction.End',
      source: 'StopTransaction',
      sampledValues: [{ value: OCMF, format: 'SignedData', context: 'Transaction.End' }],
    },
  ]);
  receipt = (
    await issueReceipt(stack.deps, tenantId, 'ses-receipt', driven, {
      paid: { amount: driven.cost.totalGross, by: 'card' },
      now: new Date('2026-03-10T10:15:00Z'),
    })
  ).document;
  const month = [
    pricedSession({
      id: 'ses-co-1',
      start: '2026-03-03T07:30:00Z',
      minutes: 120,
      kw: 22,
      customerId: companyId,
    }),
    pricedSession({ id: 'ses-co-2', start: '2026-03-17T16:00:00Z', minutes: 30, kw: 50, idleMinutes: 40 }),
  ];
  invoice = (await issueMonthlyInvoice(stack.deps, tenantId, companyId, '2026-03', month, {
    now: new Date('2026-04-01T02:00:00Z'),
  }))!.document;
  creditNote = (
    await issueCreditNote(
      stack.deps,
      tenantId,
      invoice.id,
      'Charger fault on 2026-03-17',
      [{ lineId: '2', amountNet: 150 }],
      {
        now: new Date('2026-04-02T09:00:00Z'),
      },
    )
  ).document;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('GET /v1/invoices', () => {
  it('lists the documents of a month, newest first, with the summary fields', async () => {
    const res = await apiClient(stack, financeKey)<{
      items: Record<string, unknown>[];
      nextCursor: string | null;
    }>('GET', '/v1/invoices?period=2026-03');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.number)).toEqual([invoice.number, receipt.number]);
    expect(res.body.items[0]).toEqual({
      id: invoice.id,
      number: 'I-2026-000001',
      kind: 'invoice',
      customerId: companyId,
      issueDate: '2026-03-31',
      dueDate: '2026-04-14',
      currency: 'EUR',
      totalNet: invoice.totals.taxExclusive,
      totalVat: invoice.totals.vat,
      totalGross: invoice.totals.taxInclusive,
      status: 'issued',
    });
    expect(res.body.items[1]).toMatchObject({ kind: 'receipt', status: 'paid', number: 'R-2026-000001' });
  });

  it('filters by customer and kind, and pages with a cursor', async () => {
    const api = apiClient(stack, adminKey);
    const ofCompany = await api<{ items: { number: string; status: string }[] }>(
      'GET',
      `/v1/invoices?customerId=${companyId}`,
    );
    expect(ofCompany.body.items.map((i) => i.number)).toEqual(['C-2026-000001', 'I-2026-000001']);
    const notes = await api<{ items: { kind: string }[] }>('GET', '/v1/invoices?kind=credit-note');
    expect(notes.body.items.map((i) => i.kind)).toEqual(['credit-note']);
    const first = await api<{ items: unknown[]; nextCursor: string }>('GET', '/v1/invoices?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await api<{ items: { number: string }[] }>(
      'GET',
      `/v1/invoices?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((i) => i.number)).toEqual(['R-2026-000001']);
  });

  it('reads a document in full and answers 404 for ids that are not ours', async () => {
    const api = apiClient(stack, financeKey);
    const res = await api<Record<string, unknown>>('GET', `/v1/invoices/${creditNote.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      number: 'C-2026-000001',
      kind: 'credit-note',
      precedingDocument: { id: invoice.id, number: 'I-2026-000001', issueDate: '2026-03-31' },
      note: 'Charger fault on 2026-03-17',
      lines: [expect.objectContaining({ type: 'CORRECTION', amountNet: 150, unitCode: 'C62' })],
    });
    expect((await api('GET', '/v1/invoices/doc0000000000000000000')).status).toBe(404);
    expect((await api('GET', '/v1/invoices/..%2F..%2Fetc')).status).toBe(404);
  });
});

describe('UBL 2.1, Peppol BIS Billing 3.0', () => {
  const documents = () => [receipt, invoice, creditNote];

  it('renders each document as a well-formed Invoice or CreditNote of the Peppol profile', async () => {
    for (const doc of documents()) {
      const res = await download(stack, financeKey, `/v1/invoices/${doc.id}/ubl`);
      expect(res.status).toBe(200);
      expect(res.contentType).toContain('application/xml');
      const lint = await xmllint(res.text);
      expect(lint, lint.output).toMatchObject({ ok: true });
      const { root, doc: ubl } = parseUbl(res.text);
      expect(root).toBe(doc.kind === 'credit-note' ? 'CreditNote' : 'Invoice');
      expect(text(ubl, 'CustomizationID')).toBe(PEPPOL_CUSTOMIZATION_ID);
      expect(text(ubl, 'ProfileID')).toBe(PEPPOL_PROFILE_ID);
      expect(text(ubl, 'ID')).toBe(doc.number);
      expect(text(ubl, 'LegalMonetaryTotal', 'TaxInclusiveAmount')).toBe(
        formatMinorUnits(doc.totals.taxInclusive, 'EUR'),
      );
    }
    const note = parseUbl((await download(stack, financeKey, `/v1/invoices/${creditNote.id}/ubl`)).text).doc;
    expect(text(note, 'BillingReference', 'InvoiceDocumentReference', 'ID')).toBe(invoice.number);
    expect(text(note, 'CreditNoteTypeCode')).toBe('381');
  });

  it('keeps the EN 16931 rules: BR-01…BR-16 present, BR-CO-10…BR-CO-17 adding up', async () => {
    for (const doc of documents()) {
      const { text: xml } = await download(stack, financeKey, `/v1/invoices/${doc.id}/ubl`);
      expect(en16931Violations(xml), doc.number).toEqual([]);
    }
  });

  it('the checker catches a broken total and a missing buyer country', async () => {
    const { text: xml } = await download(stack, financeKey, `/v1/invoices/${invoice.id}/ubl`);
    const gross = formatMinorUnits(invoice.totals.taxInclusive, 'EUR');
    const wrongTotal = xml.replace(
      `<cbc:TaxInclusiveAmount currencyID="EUR">${gross}</cbc:TaxInclusiveAmount>`,
      '<cbc:TaxInclusiveAmount currencyID="EUR">0.01</cbc:TaxInclusiveAmount>',
    );
    expect(en16931Violations(wrongTotal)).toEqual(expect.arrayContaining(['BR-CO-15', 'BR-CO-16']));
    const buyerStart = xml.indexOf('<cac:AccountingCustomerParty>');
    const noCountry =
      xml.slice(0, buyerStart) + xml.slice(buyerStart).replace(/<cac:Country>[\s\S]*?<\/cac:Country>/, '');
    expect(en16931Violations(noCountry)).toContain('BR-11');
  });

  const schemas = ublSchemas();
  it.runIf(schemas !== undefined)(
    'validates against the official OASIS UBL 2.1 schemas (xmllint; set UBL21_XSD_DIR)',
    async () => {
      for (const doc of documents()) {
        const { text: xml } = await download(stack, financeKey, `/v1/invoices/${doc.id}/ubl`);
        const schema = doc.kind === 'credit-note' ? schemas!.creditNote : schemas!.invoice;
        const result = await xmllint(xml, schema);
        expect(result, result.output).toMatchObject({ ok: true });
      }
    },
  );
});

describe('PDF', () => {
  it('reads as a document with number, parties, session lines with energy and times, VAT and totals', async () => {
    const res = await download(stack, financeKey, `/v1/invoices/${invoice.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/pdf');
    const content = await pdfText(res.bytes);
    for (const expected of [
      'Invoice I-2026-000001',
      'Volt Parking GmbH',
      'Fleet & Söhne KG',
      'DE987654321',
      '2026-03-31',
      '2026-04-14',
      'Session ses-co-1',
      '2026-03-03 07:30 to 2026-03-03 09:30 UTC',
      '44 kWh',
      'Charging energy',
      'Idle fee',
      'Category S, 19 %',
      `${formatMinorUnits(invoice.totals.taxInclusive, 'EUR')} EUR`,
      `${formatMinorUnits(invoice.totals.vat, 'EUR')} EUR`,
      'Amount due',
    ]) {
      expect(content).toContain(expected);
    }
  });

  it('quotes and attaches the signed meter data the charger sent', async () => {
    const res = await download(stack, financeKey, `/v1/invoices/${receipt.id}/pdf`);
    const content = (await pdfText(res.bytes)).replace(/\s+/g, '');
    expect(content).toContain('Receipt');
    expect(content).toContain(receipt.number);
    expect(content).toContain('OCMF|{"FV":"1.0"');
    expect(content).toContain(OCMF.replace(/\s+/g, '').slice(-40));
    expect(await pdfAttachments(res.bytes)).toContain('signed-meter-data-ses-receipt.json');
  });
});

describe('finance exports per month', () => {
  it('exports CSV with one row per line and its VAT breakdown, kept in the exports folder', async () => {
    const res = await download(stack, financeKey, '/v1/exports/invoices?period=2026-03&format=csv');
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('text/csv');
    const [header = [], ...rows] = parseCsv(res.text);
    expect(header).toEqual(
      expect.arrayContaining(['number', 'line_net', 'vat_rate', 'vat_amount', 'document_gross']),
    );
    expect(rows).toHaveLength(receipt.lines.length + invoice.lines.length);
    const location = res.headers.get('x-export-location')!;
    expect(location.startsWith(stack.exportsDir)).toBe(true);
    expect(existsSync(location)).toBe(true);
    expect(readFileSync(location, 'utf8')).toBe(res.text);
    // Line nets of the invoice add up to its net total.
    const column = (name: string) => header.indexOf(name);
    const invoiceRows = rows.filter((row) => row[column('number')] === invoice.number);
    const sum = invoiceRows.reduce(
      (total, row) => total + Math.round(Number(row[column('line_net')]) * 100),
      0,
    );
    expect(sum).toBe(invoice.totals.taxExclusive);
    expect(invoiceRows[0]![column('buyer_name')]).toBe('Fleet & Söhne KG');
    expect(invoiceRows[0]![column('vat_amount')]).toBe(
      formatMinorUnits(invoice.vatBreakdown[0]!.vatAmount, 'EUR'),
    );
  });

  it('exports a zip of UBL documents named by number, and JSON', async () => {
    const zip = await download(stack, adminKey, '/v1/exports/invoices?period=2026-03&format=ubl');
    expect(zip.contentType).toBe('application/zip');
    const files = unzipSync(zip.bytes);
    expect(Object.keys(files).sort()).toEqual([`${invoice.number}.xml`, `${receipt.number}.xml`]);
    for (const content of Object.values(files)) expect(en16931Violations(strFromU8(content))).toEqual([]);
    const json = await download(stack, financeKey, '/v1/exports/invoices?period=2026-04&format=json');
    const body = JSON.parse(json.text) as { period: string; documents: { number: string }[] };
    expect(body).toMatchObject({ period: '2026-04', documents: [{ number: 'C-2026-000001' }] });
  });

  it('is for finance and admin keys only; a bad period is a 422', async () => {
    const operator = await download(stack, operatorKey, '/v1/exports/invoices?period=2026-03');
    expect(operator.status).toBe(403);
    const operatorReads = await apiClient(stack, operatorKey)('GET', '/v1/invoices');
    expect(operatorReads.status).toBe(200);
    const bad = await apiClient(stack, financeKey)('GET', '/v1/exports/invoices?period=2026-13&format=csv');
    expect(bad.status).toBe(422);
  });
});

describe('customer statements (N5)', () => {
  it('lists billed, credited and paid amounts with a running balance', async () => {
    const api = apiClient(stack, financeKey);
    const res = await api<Record<string, unknown>>(
      'GET',
      `/v1/customers/${companyId}/statement?from=2026-03-01&to=2026-04-30`,
    );
    expect(res.status).toBe(200);
    const gross = invoice.totals.taxInclusive;
    const credit = creditNote.totals.taxInclusive;
    expect(res.body).toMatchObject({
      customerId: companyId,
      customerName: 'Fleet & Söhne KG',
      openingBalance: 0,
      entries: [
        {
          date: '2026-03-31',
          type: 'invoice',
          number: invoice.number,
          debit: gross,
          credit: 0,
          balance: gross,
        },
        {
          date: '2026-04-02',
          type: 'credit-note',
          number: creditNote.number,
          debit: 0,
          credit,
          balance: gross - credit,
        },
      ],
      closingBalance: gross - credit,
    });
    const april = await api<{ openingBalance: number; entries: unknown[] }>(
      'GET',
      `/v1/customers/${companyId}/statement?from=2026-04-01&to=2026-04-30`,
    );
    expect(april.body.openingBalance).toBe(gross);
    expect(april.body.entries).toHaveLength(1);
  });

  it('renders as PDF, and refuses a period that ends before it starts', async () => {
    const pdf = await download(
      stack,
      financeKey,
      `/v1/customers/${companyId}/statement?from=2026-03-01&to=2026-04-30&format=pdf`,
    );
    expect(pdf.contentType).toBe('application/pdf');
    const content = await pdfText(pdf.bytes);
    expect(content).toContain('Statement of account');
    expect(content).toContain(invoice.number);
    expect(content).toContain(creditNote.number);
    expect(content).toContain('Closing balance');
    const backwards = await apiClient(stack, financeKey)(
      'GET',
      `/v1/customers/${companyId}/statement?from=2026-04-30&to=2026-03-01`,
    );
    expect(backwards.status).toBe(422);
  });
});

/** RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const char = csv[i];
    if (quoted) {
      if (char === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && csv[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  return rows;
}
