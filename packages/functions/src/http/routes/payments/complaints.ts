import { decide, fileComplaint, getComplaint, listComplaints } from '@csms/app/payments/complaints';
import {
  type Complaint,
  complaintCreateSchema,
  complaintDecisionSchema,
  complaintStatuses,
} from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../../roles.ts';
import { created, ok, type Route, route } from '../../route.ts';
import { isoTimestamp, listQuery, pageOf } from '../../schemas.ts';

const TAG = 'Payments';

export const complaintView = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    customerId: z.string(),
    reason: z.string(),
    status: z.enum(complaintStatuses),
    createdAt: isoTimestamp,
    decideBy: isoTimestamp.describe('20 business days after filing (P6)'),
    decidedAt: isoTimestamp.nullable(),
    note: z.string().nullable(),
    refund: z
      .object({
        amount: z.number().int().describe('Minor units'),
        to: z.enum(['card', 'balance']),
        reference: z.string().optional().describe('The provider’s refund id, for a card refund'),
      })
      .nullable(),
  })
  .meta({ id: 'Complaint' });

const toView = (c: Complaint): z.infer<typeof complaintView> => ({
  id: c.id,
  sessionId: c.sessionId,
  customerId: c.customerId,
  reason: c.reason,
  status: c.status,
  createdAt: c.createdAt,
  decideBy: c.decideBy,
  decidedAt: c.decidedAt ?? null,
  note: c.note ?? null,
  refund: c.refund ?? null,
});

/** Complaints and refunds (P6). */
export const complaintRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/sessions/{id}/complaints',
    operationId: 'fileComplaint',
    summary: 'File a complaint about a session',
    description: 'Within 3 days of the session’s end; to be decided within 20 business days.',
    tag: TAG,
    roles: ACCESS.operate,
    body: complaintCreateSchema,
    responses: { 201: { description: 'Filed', schema: complaintView } },
    handle: async ({ principal, params, body, deps }) =>
      created(toView(await fileComplaint(deps, principal.tenantId, params.id, body.reason))),
  }),
  route({
    method: 'GET',
    path: '/v1/complaints',
    operationId: 'listComplaints',
    summary: 'List complaints',
    description: 'Oldest first, optionally of one status (`open` to work through what is pending).',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery.extend({ status: z.enum(complaintStatuses).optional() }),
    responses: { 200: { description: 'A page of complaints', schema: pageOf(complaintView) } },
    handle: async ({ principal, query, deps }) => {
      const page = await listComplaints(deps, principal.tenantId, query.status, query);
      return ok({ items: page.items.map(toView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/complaints/{id}',
    operationId: 'getComplaint',
    summary: 'Read a complaint',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The complaint', schema: complaintView } },
    handle: async ({ principal, params, deps }) =>
      ok(toView(await getComplaint(deps, principal.tenantId, params.id))),
  }),
  route({
    method: 'PATCH',
    path: '/v1/complaints/{id}',
    operationId: 'decideComplaint',
    summary: 'Decide a complaint',
    description:
      'Accept (optionally refunding to the card — a Stripe refund of the session’s payment — or as balance ' +
      'credit) or reject. A refund is at most what was paid by that means, less earlier refunds.',
    tag: TAG,
    roles: ACCESS.finance,
    body: complaintDecisionSchema,
    responses: { 200: { description: 'Decided', schema: complaintView } },
    handle: async ({ principal, params, body, deps }) =>
      ok(toView(await decide(deps, principal.tenantId, params.id, body))),
  }),
];
