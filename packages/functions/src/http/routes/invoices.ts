import { customerStatementOf, customerStatementPdf } from '@csms/app/documents/customer-statement';
import { documentPdfFile, documentUbl } from '@csms/app/documents/document-files';
import { exportFormats, exportInvoices } from '@csms/app/documents/exports';
import { getDocument } from '@csms/app/documents/get-document';
import { listDocuments } from '@csms/app/documents/list-documents';
import { documentKinds, isCalendarDate } from '@csms/core';
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
      const page = await listDocuments(deps, principal.tenantId, query);
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
      ok(toInvoiceView(await getDocument(deps, principal.tenantId, params.id))),
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
      const file = await documentUbl(deps, principal.tenantId, params.id);
      return {
        status: 200,
        contentType: 'application/xml; charset=utf-8',
        headers: download(file.fileName),
        body: file.body,
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
      const file = await documentPdfFile(deps, principal.tenantId, params.id);
      return {
        status: 200,
        contentType: 'application/pdf',
        headers: download(file.fileName),
        body: file.body,
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
    handle: async ({ principal, params, query, deps }) => {
      if (query.format === 'pdf') {
        const file = await customerStatementPdf(deps, principal.tenantId, params.id, query);
        return {
          status: 200,
          contentType: 'application/pdf',
          headers: download(file.fileName),
          body: file.body,
        };
      }
      const { statement, customer } = await customerStatementOf(deps, principal.tenantId, params.id, query);
      return ok({ ...statement, customerName: customer.name });
    },
  }),
];
