import { plausibleId, requireCustomer } from '@csms/app/customers/customer-lookup';
import type { Deps } from '@csms/app/deps';
import { documentPdf } from '@csms/app/documents/document-pdf';
import { exportFormats, exportInvoices } from '@csms/app/documents/exports';
import { signedMeterDataOf } from '@csms/app/documents/signed-meter-data';
import { statementPdf } from '@csms/app/documents/statement-pdf';
import {
  customerStatement,
  dateOf,
  documentKinds,
  isCalendarDate,
  isDocumentId,
  NotFoundError,
  periodBounds,
  toUbl,
  ValidationError,
} from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import {
  invoiceSummaryView,
  invoiceView,
  statementView,
  toInvoiceSummary,
  toInvoiceView,
} from './invoice-view.ts';

const TAG = 'Invoices';
const period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM')
  .describe('Month of issue, YYYY-MM');
const calendarDate = z.string().refine(isCalendarDate, 'A date as YYYY-MM-DD');

async function requireDocument(deps: Deps, tenantId: string, id: string) {
  const doc = isDocumentId(id) ? await deps.documents.getDocument(tenantId, id) : undefined;
  if (!doc) throw new NotFoundError(`Invoice ${id}`);
  return doc;
}

const download = (fileName: string) => ({ 'content-disposition': `attachment; filename="${fileName}"` });

/** Receipts, invoices and credit notes (N2–N6): read, rendered as UBL and PDF, exported, and per customer. */
export const invoiceRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/invoices',
    operationId: 'listInvoices',
    summary: 'List receipts, invoices and credit notes',
    description:
      'Newest first by issue date. `period` (YYYY-MM) keeps the documents issued in that month. A page may ' +
      'hold fewer than `limit` items while `nextCursor` is set.',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery.extend({
      period: period.optional(),
      customerId: z.string().min(1).max(64).optional(),
      kind: z.enum(documentKinds).optional(),
    }),
    responses: { 200: { description: 'A page of documents', schema: pageOf(invoiceSummaryView) } },
    handle: async ({ principal, query, deps }) => {
      if (query.customerId !== undefined && !plausibleId(query.customerId))
        return ok({ items: [], nextCursor: null });
      const bounds = query.period ? periodBounds(query.period) : undefined;
      const page = await deps.documentLists.listDocuments(principal.tenantId, {
        from: bounds?.start,
        to: bounds?.end,
        kind: query.kind,
        customerId: query.customerId,
        limit: query.limit,
        cursor: query.cursor,
      });
      return ok({ items: page.items.map(toInvoiceSummary), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/invoices/{id}',
    operationId: 'getInvoice',
    summary: 'Read a receipt, invoice or credit note',
    description: 'The whole document: parties, sessions, lines, VAT breakdown and totals (EN 16931 terms).',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The document', schema: invoiceView } },
    handle: async ({ principal, params, deps }) =>
      ok(toInvoiceView(await requireDocument(deps, principal.tenantId, params.id))),
  }),
  route({
    method: 'GET',
    path: '/v1/invoices/{id}/ubl',
    operationId: 'getInvoiceUbl',
    summary: 'A document as UBL 2.1 (Peppol BIS Billing 3.0)',
    description: 'An `Invoice` for receipts and invoices, a `CreditNote` for credit notes.',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'UBL 2.1 XML', contentType: 'application/xml' } },
    handle: async ({ principal, params, deps }) => {
      const doc = await requireDocument(deps, principal.tenantId, params.id);
      return {
        status: 200,
        contentType: 'application/xml; charset=utf-8',
        headers: download(`${doc.number}.xml`),
        body: toUbl(doc),
      };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/invoices/{id}/pdf',
    operationId: 'getInvoicePdf',
    summary: 'A document as PDF',
    description:
      'Readable document with each session (energy, times) and its lines, the VAT breakdown and the totals. ' +
      'Signed meter data sent by the chargers is quoted and attached as JSON files.',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'PDF', contentType: 'application/pdf' } },
    handle: async ({ principal, params, deps }) => {
      const doc = await requireDocument(deps, principal.tenantId, params.id);
      const signed = await signedMeterDataOf(
        deps,
        principal.tenantId,
        doc.sessions.map((s) => s.sessionId),
      );
      return {
        status: 200,
        contentType: 'application/pdf',
        headers: download(`${doc.number}.pdf`),
        body: await documentPdf(doc, signed),
      };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/exports/invoices',
    operationId: 'exportInvoices',
    summary: "Export a month's documents for finance",
    description:
      '`csv`: one row per line with its VAT breakdown entry and the document totals; amounts are decimals in ' +
      'the major unit, credit notes negative. `ubl`: a zip of UBL 2.1 files named by number. `json`: the ' +
      'documents in full (amounts in minor units). Each export is also kept in the export store; ' +
      '`x-export-location` says where.',
    tag: TAG,
    roles: ACCESS.finance,
    query: z.object({
      period,
      format: z.enum(exportFormats).default('csv'),
    }),
    responses: {
      200: {
        description: 'The export file',
        contentType: ['text/csv', 'application/zip', 'application/json'],
      },
    },
    handle: async ({ principal, query, deps }) => {
      const file = await exportInvoices(deps, principal.tenantId, query.period, query.format);
      return {
        status: 200,
        contentType: file.contentType,
        headers: {
          ...download(file.fileName),
          'x-export-location': file.location,
          'x-document-count': String(file.documentCount),
        },
        body: file.body,
      };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/customers/{id}/statement',
    operationId: 'getCustomerStatement',
    summary: "A customer's statement of account",
    description:
      'Every receipt, invoice, credit note and payment from `from` to `to` (inclusive) with the running ' +
      'balance, opened by the balance of everything before. `format=pdf` renders it as a PDF.',
    tag: TAG,
    roles: ACCESS.read,
    query: z.object({
      from: calendarDate
        .optional()
        .describe('First day, YYYY-MM-DD; default: the first of the month of `to`'),
      to: calendarDate.optional().describe('Last day, YYYY-MM-DD; default: today (UTC)'),
      format: z.enum(['json', 'pdf']).default('json'),
    }),
    responses: {
      200: { description: 'The statement', schema: statementView, contentType: 'application/pdf' },
    },
    handle: async ({ principal, params, query: input, deps }) => {
      const to = input.to ?? dateOf(new Date());
      const query = { ...input, to, from: input.from ?? `${to.slice(0, 7)}-01` };
      if (query.to < query.from) {
        throw new ValidationError([{ field: 'to', in: 'query', message: 'Must not be before `from`' }]);
      }
      const [customer, tenant] = await Promise.all([
        requireCustomer(deps, principal.tenantId, params.id),
        deps.tenants.getTenant(principal.tenantId),
      ]);
      if (!tenant) throw new NotFoundError('Tenant');
      const documents = await deps.documentLists.allDocumentHeaders(principal.tenantId, {
        customerId: customer.id,
        to: query.to,
        oldestFirst: true,
      });
      const statement = customerStatement({
        customerId: customer.id,
        from: query.from,
        to: query.to,
        currency: documents[0]?.currency ?? tenant.currency,
        documents,
      });
      if (query.format === 'pdf') {
        const seller = tenant.settings.legalName ?? tenant.name;
        return {
          status: 200,
          contentType: 'application/pdf',
          headers: download(`statement-${customer.id}-${query.from}-${query.to}.pdf`),
          body: await statementPdf(statement, { seller, customer: customer.name }, new Date()),
        };
      }
      return ok({ ...statement, customerName: customer.name });
    },
  }),
];
