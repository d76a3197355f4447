import {
  assignChargePointTariff,
  assignCustomerTariff,
  assignDefaultTariff,
  assignSiteTariff,
  listTariffAssignments,
  unassignChargePointTariff,
  unassignCustomerTariff,
  unassignDefaultTariff,
  unassignSiteTariff,
} from '@csms/app/pricing/tariffs/tariff-assignments';
import { tariffAssignmentLevels, tariffCurrentTypeSchema } from '@csms/core';
import type { StoredTariffAssignment, TariffScope } from '@csms/db';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { noContent, ok, type Route, route } from '../route.ts';
import { isoTimestamp, listQuery, pageOf } from '../schemas.ts';

/**
 * Tariff assignment (T2). Precedence, most specific first (core `chooseTariff`, pricing/README.md):
 * customer > customer group > connector > charge point > site > tenant default, and at each level an
 * assignment for the connector's current type (AC/DC) beats the one for both.
 *
 * Customer group: a company customer is the group of its account and every driver and token on it, so a
 * company's tariff is a group assignment (`PUT /v1/customers/{companyId}/tariff`); an individual's is a
 * customer assignment. AC/DC alone, tenant-wide: `PUT /v1/tariff-assignments/default {currentType}`.
 */
const TAG = 'Tariffs';

const tariffRef = z.string().min(1).max(64).describe('A tariff of this tenant');
const currentType = tariffCurrentTypeSchema
  .optional()
  .describe('Only for connectors of this current type (AC/DC); more specific than without');
const connectorId = z.number().int().min(1).max(99);

const assignBody = z.strictObject({ tariffId: tariffRef, currentType });
const unassignQuery = z.object({ currentType });

const assignmentView = z.object({
  level: z.enum(tariffAssignmentLevels),
  tariffId: z.string(),
  currentType: z.enum(['AC', 'DC']).nullable(),
  chargePointId: z.string().optional(),
  connectorId: z.number().int().optional(),
  siteId: z.string().optional(),
  customerId: z.string().optional(),
  customerGroupId: z
    .string()
    .optional()
    .describe('The company customer whose account and drivers form the group'),
  since: isoTimestamp.describe('When this tariff was assigned here'),
});

function toAssignmentView(stored: StoredTariffAssignment): z.infer<typeof assignmentView> {
  const { currentType: qualifier, ...scope } = stored.scope as TariffScope & { currentType?: 'AC' | 'DC' };
  return {
    ...scope,
    tariffId: stored.tariffId ?? '',
    currentType: qualifier ?? null,
    since: stored.history.at(-1)?.from ?? stored.updatedAt,
  };
}

const put = { 200: { description: 'The assignment', schema: assignmentView } };
const removed = { 204: { description: 'Unassigned (also when nothing was assigned)' } };

export const tariffAssignmentRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/tariff-assignments',
    operationId: 'listTariffAssignments',
    summary: 'List where tariffs are assigned',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery,
    responses: { 200: { description: 'One page of assignments', schema: pageOf(assignmentView) } },
    handle: async ({ principal, query, deps }) => {
      const page = await listTariffAssignments(deps, principal.tenantId, query);
      return ok({ items: page.items.map(toAssignmentView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'PUT',
    path: '/v1/tariff-assignments/default',
    operationId: 'assignDefaultTariff',
    summary: 'Set the tenant default tariff (optionally for AC or DC only)',
    tag: TAG,
    roles: ACCESS.operate,
    body: assignBody,
    responses: put,
    handle: async ({ principal, body, deps }) =>
      ok(toAssignmentView(await assignDefaultTariff(deps, principal.tenantId, body))),
  }),
  route({
    method: 'DELETE',
    path: '/v1/tariff-assignments/default',
    operationId: 'unassignDefaultTariff',
    summary: 'Remove the tenant default tariff (or the AC/DC one)',
    tag: TAG,
    roles: ACCESS.operate,
    query: unassignQuery,
    responses: removed,
    handle: async ({ principal, query, deps }) => {
      await unassignDefaultTariff(deps, principal.tenantId, query);
      return noContent();
    },
  }),
  route({
    method: 'PUT',
    path: '/v1/charge-points/{id}/tariff',
    operationId: 'assignChargePointTariff',
    summary: 'Assign a tariff to a charge point or one of its connectors',
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({
      tariffId: tariffRef,
      connectorId: connectorId
        .optional()
        .describe('Only this connector (more specific than the charge point)'),
      currentType,
    }),
    responses: put,
    handle: async ({ principal, params, body, deps }) =>
      ok(toAssignmentView(await assignChargePointTariff(deps, principal.tenantId, params.id, body))),
  }),
  route({
    method: 'DELETE',
    path: '/v1/charge-points/{id}/tariff',
    operationId: 'unassignChargePointTariff',
    summary: "Remove a charge point's (or connector's) tariff",
    tag: TAG,
    roles: ACCESS.operate,
    query: unassignQuery.extend({ connectorId: z.coerce.number().pipe(connectorId).optional() }),
    responses: removed,
    handle: async ({ principal, params, query, deps }) => {
      await unassignChargePointTariff(deps, principal.tenantId, params.id, query);
      return noContent();
    },
  }),
  route({
    method: 'PUT',
    path: '/v1/sites/{id}/tariff',
    operationId: 'assignSiteTariff',
    summary: 'Assign a tariff to a site',
    tag: TAG,
    roles: ACCESS.operate,
    body: assignBody,
    responses: put,
    handle: async ({ principal, params, body, deps }) =>
      ok(toAssignmentView(await assignSiteTariff(deps, principal.tenantId, params.id, body))),
  }),
  route({
    method: 'DELETE',
    path: '/v1/sites/{id}/tariff',
    operationId: 'unassignSiteTariff',
    summary: "Remove a site's tariff",
    tag: TAG,
    roles: ACCESS.operate,
    query: unassignQuery,
    responses: removed,
    handle: async ({ principal, params, query, deps }) => {
      await unassignSiteTariff(deps, principal.tenantId, params.id, query);
      return noContent();
    },
  }),
  route({
    method: 'PUT',
    path: '/v1/customers/{id}/tariff',
    operationId: 'assignCustomerTariff',
    summary: "Assign a customer's own tariff (a company's covers its drivers)",
    description:
      'For an individual this is a customer assignment; for a company a customer-group assignment covering ' +
      'every session on its account, whichever driver or token charges. It beats every place-based tariff.',
    tag: TAG,
    roles: ACCESS.operate,
    body: assignBody,
    responses: put,
    handle: async ({ principal, params, body, deps }) =>
      ok(toAssignmentView(await assignCustomerTariff(deps, principal.tenantId, params.id, body))),
  }),
  route({
    method: 'DELETE',
    path: '/v1/customers/{id}/tariff',
    operationId: 'unassignCustomerTariff',
    summary: "Remove a customer's own tariff",
    tag: TAG,
    roles: ACCESS.operate,
    query: unassignQuery,
    responses: removed,
    handle: async ({ principal, params, query, deps }) => {
      await unassignCustomerTariff(deps, principal.tenantId, params.id, query);
      return noContent();
    },
  }),
];
