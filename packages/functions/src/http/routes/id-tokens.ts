import { changeIdToken } from '@csms/app/customers/change-id-token';
import { getIdToken } from '@csms/app/customers/get-id-token';
import { issueIdToken } from '@csms/app/customers/issue-id-token';
import { listIdTokens } from '@csms/app/customers/list-id-tokens';
import { idTokenCreateSchema, idTokenPatchSchema } from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import { idTokenView, toIdTokenView } from './id-token-view.ts';

const TAG = 'ID tokens';

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
      const { token, at } = await issueIdToken(deps, principal.tenantId, body);
      return created(toIdTokenView(token, at));
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
      const page = await listIdTokens(deps, principal.tenantId, customerId, { limit, cursor });
      return ok({ items: page.items.map((t) => toIdTokenView(t, page.at)), nextCursor: page.nextCursor });
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
      const { token, at } = await getIdToken(deps, principal.tenantId, params.idTag);
      return ok(toIdTokenView(token, at));
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
      const { token, at } = await changeIdToken(deps, principal.tenantId, params.idTag, body);
      return ok(toIdTokenView(token, at));
    },
  }),
];
