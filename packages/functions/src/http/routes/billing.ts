import { closeBillingMonth } from '@csms/app/documents/billing/close-billing-month';
import { createCreditNote } from '@csms/app/documents/billing/credit-note';
import { listTenantEvents } from '@csms/app/documents/tenant-events';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { isoTimestamp, listQuery, pageOf } from '../schemas.ts';
import { invoiceView, toInvoiceView } from './invoice-view.ts';

const periodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM')
  .refine((period) => period < new Date().toISOString().slice(0, 7), 'Only a past month can be closed');

const closeResult = z.object({
  period: z.string(),
  invoices: z.array(
    z.object({
      id: z.string(),
      number: z.string().nullable(),
      customerId: z.string(),
      totalGross: z.number().int(),
      created: z.boolean().describe('false: the month was closed before and this is the invoice issued then'),
    }),
  ),
  blockedCustomers: z
    .array(z.string())
    .describe('Customers blocked for an invoice unpaid after its due date'),
});

const eventView = z.object({
  id: z.string(),
  type: z.string(),
  at: isoTimestamp,
  data: z.record(z.string(), z.unknown()),
});

export const billingRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/invoices/{id}/credit-notes',
    operationId: 'createCreditNote',
    summary: 'Correct a receipt or invoice with a credit note',
    description:
      'Corrections are credit notes, never edits (N4): all of the document, or the given lines (a line whole or ' +
      'part of its net amount). Refused beyond what is left to credit. Numbered in the credit-note series.',
    tag: 'Billing',
    roles: ACCESS.finance,
    body: z.strictObject({
      reason: z.string().trim().min(1).max(500),
      lines: z
        .array(
          z.strictObject({ lineId: z.string().min(1), amountNet: z.number().int().positive().optional() }),
        )
        .min(1)
        .optional(),
    }),
    responses: { 201: { description: 'The credit note', schema: invoiceView } },
    handle: async ({ principal, params, body, event, deps }) => {
      const { document } = await createCreditNote(deps, principal.tenantId, {
        documentId: params.id,
        reason: body.reason,
        lines: body.lines,
        idempotencyKey: event.headers['idempotency-key'],
      });
      return created(toInvoiceView(document));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/billing/close-month',
    operationId: 'closeMonth',
    summary: 'Close a month: invoice every company customer',
    description:
      'One invoice per company customer over the month’s completed sessions, dated the last day of the month and ' +
      'due per the tenant’s invoiceDueDays (N3). Closing a month again issues nothing new. Also blocks customers ' +
      'whose invoices are overdue. Runs daily on its own for the previous month.',
    tag: 'Billing',
    roles: ACCESS.finance,
    body: z.strictObject({ period: periodSchema }),
    responses: { 200: { description: 'The month’s invoices', schema: closeResult } },
    handle: async ({ principal, body, deps }) =>
      ok(await closeBillingMonth(deps, principal.tenantId, body.period)),
  }),
  route({
    method: 'GET',
    path: '/v1/events',
    operationId: 'listEvents',
    summary: 'List tenant events (session.completed, …), newest first',
    tag: 'Billing',
    roles: ACCESS.read,
    query: listQuery,
    responses: { 200: { description: 'One page of events', schema: pageOf(eventView) } },
    handle: async ({ principal, query, deps }) => ok(await listTenantEvents(deps, principal.tenantId, query)),
  }),
];
