import { getSessionWithCost, listSessions } from '@csms/app/sessions/session-queries';
import { chargePointIdSchema, isoInstantSchema } from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import { sessionDetailView, sessionView, toSessionDetailView, toSessionView } from './session-view.ts';

const TAG = 'Sessions';

const sessionQuery = listQuery
  .extend({
    chargePointId: chargePointIdSchema.optional().describe('Only sessions of this charge point'),
    customerId: z.string().min(1).max(64).optional().describe('Only sessions of this customer'),
    from: isoInstantSchema.optional().describe('Sessions started at or after this instant (ISO 8601)'),
    to: isoInstantSchema.optional().describe('Sessions started before this instant (ISO 8601)'),
  })
  .superRefine((query, ctx) => {
    // An inverted range would be refused by DynamoDB itself (a 500); say which field is wrong instead. zod
    // also runs this when a field already failed, hence the comparison as dates (NaN compares false).
    if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) > Date.parse(query.to)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must not be before `from`' });
    }
  });

/** Charging sessions: what chargers reported, with the anomalies flagged on the way. */
export const sessionRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/sessions',
    operationId: 'listSessions',
    summary: 'List charging sessions',
    description:
      'Newest start first, by the start time the charger reported (offline chargers report late). ' +
      'Filters by charge point and customer need no registered charger or existing customer: sessions ' +
      'outlive both. A page may hold fewer than `limit` items while `nextCursor` is non-null: follow it.',
    tag: TAG,
    roles: ACCESS.read,
    query: sessionQuery,
    responses: { 200: { description: 'A page of sessions', schema: pageOf(sessionView) } },
    handle: async ({ principal, query, deps }) => {
      const page = await listSessions(deps, principal.tenantId, query);
      return ok({ items: page.items.map(toSessionView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/sessions/{id}',
    operationId: 'getSession',
    summary: 'Read a charging session with its meter values',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The session', schema: sessionDetailView } },
    handle: async ({ principal, params, deps }) => {
      const { session, meterValues, cost } = await getSessionWithCost(deps, principal.tenantId, params.id);
      return ok(toSessionDetailView(session, meterValues, cost));
    },
  }),
];
