import type { Deps } from '@csms/app/deps';
import { pushBlockedToken } from '@csms/app/stations/local-auth-list/push-blocked-token';
import {
  applyIdTokenPatch,
  ConflictError,
  idTagSchema,
  idTokenCreateSchema,
  idTokenPatchSchema,
  NotFoundError,
  newIdToken,
  ValidationError,
} from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import { findCustomer, plausibleId, requireCustomer } from './customer-lookup.ts';
import { idTokenView, toIdTokenView } from './id-token-view.ts';

const TAG = 'ID tokens';

/** A token of the calling tenant, by idTag in any letter case; a malformed idTag cannot exist. */
async function requireToken(deps: Deps, tenantId: string, idTag: string) {
  const token = idTagSchema.safeParse(idTag).success
    ? await deps.idTokens.getIdToken(tenantId, idTag)
    : undefined;
  if (!token) throw new NotFoundError(`ID token ${idTag}`);
  return token;
}

/** ID tokens (I1, I3): RFID cards and Autocharge vehicle identifiers of customers. */
export const idTokenRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/id-tokens',
    operationId: 'createIdToken',
    summary: 'Issue an ID token to a customer',
    description:
      'An `RFID` card, or a `VehicleId` for Autocharge ("VID:" + the 12 hex digits of the vehicle MAC), ' +
      'registered per vehicle with the customer opt-in (`vehicle: {label, optIn: true}`). idTags are unique ' +
      'per tenant in any letter case (OCPP CiString20). `driverId` must be a driver of the customer.',
    tag: TAG,
    roles: ACCESS.operate,
    body: idTokenCreateSchema,
    responses: { 201: { description: 'Token issued', schema: idTokenView } },
    handle: async ({ principal, body, deps }) => {
      const { tenantId } = principal;
      const customer = await findCustomer(deps, tenantId, body.customerId);
      if (!customer) {
        throw new ValidationError([{ field: 'customerId', message: `Unknown customer ${body.customerId}` }]);
      }
      if (customer.status === 'closed') throw new ConflictError(`Customer ${customer.id} is closed`);
      if (body.driverId !== undefined) {
        const driver = plausibleId(body.driverId)
          ? await deps.customers.getDriver(tenantId, customer.id, body.driverId)
          : undefined;
        if (!driver) {
          throw new ValidationError([
            { field: 'driverId', message: `Customer ${customer.id} has no driver ${body.driverId}` },
          ]);
        }
      }
      const now = new Date();
      const token = newIdToken(body, now);
      if (!(await deps.idTokens.createIdToken(tenantId, token))) {
        throw new ConflictError(`ID token ${body.idTag} already exists (idTags are compared in any case)`);
      }
      return created(toIdTokenView(token, now));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/id-tokens',
    operationId: 'listIdTokens',
    summary: 'List ID tokens, of all customers or of one',
    description: 'Ordered by customer, then idTag.',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery.extend({ customerId: z.string().min(1).max(64).optional() }),
    responses: { 200: { description: 'A page of tokens', schema: pageOf(idTokenView) } },
    handle: async ({ principal, query, deps }) => {
      const { customerId, limit, cursor } = query;
      if (customerId !== undefined) await requireCustomer(deps, principal.tenantId, customerId);
      const page = await deps.idTokens.listIdTokens(principal.tenantId, customerId, { limit, cursor });
      const now = new Date();
      return ok({ items: page.items.map((t) => toIdTokenView(t, now)), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/id-tokens/{idTag}',
    operationId: 'getIdToken',
    summary: 'Read an ID token',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The token', schema: idTokenView } },
    handle: async ({ principal, params, deps }) => {
      const token = await requireToken(deps, principal.tenantId, params.idTag);
      return ok(toIdTokenView(token, new Date()));
    },
  }),
  route({
    method: 'PATCH',
    path: '/v1/id-tokens/{idTag}',
    operationId: 'updateIdToken',
    summary: 'Block, unblock or change the expiry of an ID token',
    description:
      'Blocking takes effect at the next authorization (a lost card, a sold vehicle: give a `reason`) and is ' +
      'pushed at once to every connected charger holding a local list (outcome per charger: GET ' +
      '/v1/charge-points/{id}/local-list, `lastPush`). ' +
      "A closed customer's tokens cannot be accepted again (409).",
    tag: TAG,
    roles: ACCESS.operate,
    body: idTokenPatchSchema,
    responses: { 200: { description: 'The token after the change', schema: idTokenView } },
    handle: async ({ principal, params, body, deps }) => {
      const { tenantId } = principal;
      const token = await requireToken(deps, tenantId, params.idTag);
      if (body.status === 'Accepted') {
        const customer = await findCustomer(deps, tenantId, token.customerId);
        if (!customer || customer.status === 'closed') {
          throw new ConflictError(`The customer of ID token ${token.idTag} is closed`);
        }
      }
      const now = new Date();
      const updated = await deps.idTokens.updateIdToken(tenantId, token.idTag, (current) =>
        applyIdTokenPatch(current, body, now),
      );
      if (!updated) throw new NotFoundError(`ID token ${params.idTag}`);
      // I1: off the chargers' local lists at once (best-effort, outcomes on each charger's list state).
      if (updated.status === 'Blocked' && token.status !== 'Blocked') {
        await pushBlockedToken(deps, tenantId, updated.idTag, now);
      }
      return ok(toIdTokenView(updated, now));
    },
  }),
];
