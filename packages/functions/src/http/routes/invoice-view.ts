import { documentKinds, documentStatuses, type InvoiceDocument } from '@csms/core';
import type { DocumentHeader } from '@csms/db';
import * as z from 'zod';
import { isoTimestamp } from '../schemas.ts';

/** Billing documents over HTTP. Amounts are integers in minor units, as everywhere in the API. */
const date = z.string().describe('Calendar date YYYY-MM-DD (UTC)');
const minor = z.number().int();

export const invoiceSummaryView = z
  .object({
    id: z.string(),
    number: z.string().describe('Gap-free per tenant and series: R-/I-/C-<year>-<nnnnnn>'),
    kind: z.enum(documentKinds),
    customerId: z.string().nullable(),
    issueDate: date,
    dueDate: date,
    currency: z.string(),
    totalNet: minor,
    totalVat: minor,
    totalGross: minor,
    status: z.enum(documentStatuses),
  })
  .meta({ id: 'InvoiceSummary' });

const partyView = z.object({
  name: z.string(),
  address: z.object({
    line1: z.string().optional(),
    line2: z.string().optional(),
    postalCode: z.string().optional(),
    city: z.string().optional(),
    country: z.string(),
  }),
  vatId: z.string().nullable(),
  email: z.string().nullable(),
});

const vatCategory = z.enum(['S', 'Z']).describe('UNCL 5305: S standard rated, Z zero rated');

export const invoiceView = invoiceSummaryView
  .extend({
    series: z.string(),
    issuedAt: isoTimestamp,
    paymentTerms: z.string(),
    note: z.string().nullable(),
    seller: partyView,
    buyer: partyView,
    period: z.object({ start: date, end: date }).nullable(),
    precedingDocument: z
      .object({ id: z.string(), number: z.string(), issueDate: date })
      .nullable()
      .describe('The document a credit note corrects'),
    sessions: z.array(
      z.object({
        sessionId: z.string(),
        chargePointId: z.string(),
        connectorId: z.number().int(),
        startedAt: isoTimestamp,
        stoppedAt: isoTimestamp.nullable(),
        energyWh: z.number(),
        durationSeconds: z.number(),
      }),
    ),
    lines: z.array(
      z.object({
        id: z.string(),
        sessionId: z.string().nullable(),
        type: z.string(),
        name: z.string(),
        description: z.string().nullable(),
        quantity: z.string().describe('Decimal; negative on a reducing line'),
        unitCode: z.string().describe('UN/ECE Rec. 20: KWH, HUR, MIN, C62'),
        unitPriceNet: z.string().describe('Decimal, net'),
        amountNet: minor,
        vatCategory,
        vatRate: z.string(),
        period: z.object({ start: isoTimestamp, end: isoTimestamp }).nullable(),
      }),
    ),
    vatBreakdown: z.array(
      z.object({ category: vatCategory, rate: z.string(), taxableAmount: minor, vatAmount: minor }),
    ),
    totals: z.object({
      lineNet: minor,
      taxExclusive: minor,
      vat: minor,
      taxInclusive: minor,
      prepaid: minor,
      payable: minor,
    }),
    paidAt: isoTimestamp.nullable(),
    paidAmount: minor.nullable(),
    creditedGross: minor.describe('Gross amount credited by credit notes so far'),
  })
  .meta({ id: 'Invoice' });

export function toInvoiceSummary(doc: DocumentHeader): z.infer<typeof invoiceSummaryView> {
  return {
    id: doc.id,
    number: doc.number,
    kind: doc.kind,
    customerId: doc.customerId ?? null,
    issueDate: doc.issueDate,
    dueDate: doc.dueDate,
    currency: doc.currency,
    totalNet: doc.totals.taxExclusive,
    totalVat: doc.totals.vat,
    totalGross: doc.totals.taxInclusive,
    status: doc.status,
  };
}

export function toInvoiceView(doc: InvoiceDocument): z.infer<typeof invoiceView> {
  const party = (p: InvoiceDocument['seller']) => ({
    name: p.name,
    address: p.address,
    vatId: p.vatId ?? null,
    email: p.email ?? null,
  });
  return {
    ...toInvoiceSummary(doc),
    series: doc.series,
    issuedAt: doc.issuedAt,
    paymentTerms: doc.paymentTerms,
    note: doc.note ?? null,
    seller: party(doc.seller),
    buyer: party(doc.buyer),
    period: doc.period ?? null,
    precedingDocument: doc.precedingDocument ?? null,
    sessions: doc.sessions.map((s) => ({ ...s, stoppedAt: s.stoppedAt ?? null })),
    lines: doc.lines.map((l) => ({
      id: l.id,
      sessionId: l.sessionId ?? null,
      type: l.type,
      name: l.name,
      description: l.description ?? null,
      quantity: l.quantity,
      unitCode: l.unitCode,
      unitPriceNet: l.unitPriceNet,
      amountNet: l.amountNet,
      vatCategory: l.vatCategory,
      vatRate: l.vatRate,
      period: l.period ?? null,
    })),
    vatBreakdown: [...doc.vatBreakdown],
    totals: doc.totals,
    paidAt: doc.paidAt ?? null,
    paidAmount: doc.paidAmount ?? null,
    creditedGross: doc.creditedGross,
  };
}

export const statementView = z
  .object({
    customerId: z.string(),
    customerName: z.string(),
    from: date,
    to: date,
    currency: z.string(),
    openingBalance: minor.describe('Owed by the customer before `from` (negative: owed to the customer)'),
    entries: z.array(
      z.object({
        date,
        type: z.enum([...documentKinds, 'payment']),
        documentId: z.string(),
        number: z.string(),
        dueDate: date.optional(),
        debit: minor,
        credit: minor,
        balance: minor,
      }),
    ),
    totalDebit: minor,
    totalCredit: minor,
    closingBalance: minor,
  })
  .meta({ id: 'CustomerStatement' });
