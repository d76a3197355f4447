import type { Deps } from '@csms/app/deps';
import { customerGroupOf } from '@csms/app/pricing/tariff-resolution';
import { requireActiveChargePoint, requireChargePoint } from '@csms/app/stations/commands/charger-lookup';
import {
  ConflictError,
  chargePointIdSchema,
  isSiteId,
  NotFoundError,
  tariffAssignmentLevels,
  tariffCurrentTypeSchema,
  ValidationError,
} from '@csms/core';
import type { ChargePointWithConnectors, StoredTariffAssignment, TariffScope } from '@csms/db';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { noContent, ok, type Route, type RouteResponse, route } from '../route.ts';
import { isoTimestamp, listQuery, pageOf } from '../schemas.ts';
import { requireCustomer } from './customer-lookup.ts';
import { isTariffId } from './tariff-lookup.ts';

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

const withCurrent = <S extends TariffScope>(scope: S, current: 'AC' | 'DC' | undefined): TariffScope =>
  current ? { ...scope, currentType: current } : scope;

async function assign(
  deps: Deps,
  tenantId: string,
  scope: TariffScope,
  tariffId: string,
): Promise<RouteResponse> {
  const unknown = new ValidationError([
    { field: 'tariffId', message: 'No active tariff with this id in this tenant' },
  ]);
  if (!isTariffId(tariffId)) throw unknown;
  // The write itself checks that the tariff exists and is not archived (and counts the assignment on it).
  const outcome = await deps.tariffAssignments.changeAssignment(
    tenantId,
    scope,
    tariffId,
    new Date().toISOString(),
  );
  if (outcome === 'tariff-unusable') throw unknown;
  const stored = await deps.tariffAssignments.getAssignment(tenantId, scope);
  if (!stored) throw new ConflictError('The assignment changed meanwhile; read it and retry');
  return ok(toAssignmentView(stored));
}

async function unassign(deps: Deps, tenantId: string, scope: TariffScope): Promise<RouteResponse> {
  await deps.tariffAssignments.changeAssignment(tenantId, scope, null, new Date().toISOString());
  return noContent();
}

async function findSite(deps: Deps, tenantId: string, id: string): Promise<void> {
  if (!(isSiteId(id) && (await deps.sites.getSite(tenantId, id)))) throw new NotFoundError('Site');
}

async function customerScope(deps: Deps, tenantId: string, id: string): Promise<TariffScope> {
  const customer = await requireCustomer(deps, tenantId, id);
  const group = customerGroupOf(customer);
  return group ? { level: 'customerGroup', customerGroupId: group } : { level: 'customer', customerId: id };
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
      const page = await deps.tariffAssignments.listAssignments(principal.tenantId, query);
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
      assign(deps, principal.tenantId, withCurrent({ level: 'tenant' }, body.currentType), body.tariffId),
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
    handle: async ({ principal, query, deps }) =>
      unassign(deps, principal.tenantId, withCurrent({ level: 'tenant' }, query.currentType)),
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
    handle: async ({ principal, params, body, deps }) => {
      const found = await requireActiveChargePoint(deps, principal.tenantId, params.id);
      const scope: TariffScope =
        body.connectorId === undefined
          ? { level: 'chargePoint', chargePointId: found.chargePoint.id }
          : { level: 'connector', chargePointId: found.chargePoint.id, connectorId: body.connectorId };
      return assign(deps, principal.tenantId, withCurrent(scope, body.currentType), body.tariffId);
    },
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
      const found = await requireChargePoint(deps, principal.tenantId, params.id);
      const scope: TariffScope =
        query.connectorId === undefined
          ? { level: 'chargePoint', chargePointId: found.chargePoint.id }
          : { level: 'connector', chargePointId: found.chargePoint.id, connectorId: query.connectorId };
      return unassign(deps, principal.tenantId, withCurrent(scope, query.currentType));
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
    handle: async ({ principal, params, body, deps }) => {
      await findSite(deps, principal.tenantId, params.id);
      const scope = withCurrent({ level: 'site', siteId: params.id }, body.currentType);
      return assign(deps, principal.tenantId, scope, body.tariffId);
    },
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
      await findSite(deps, principal.tenantId, params.id);
      return unassign(
        deps,
        principal.tenantId,
        withCurrent({ level: 'site', siteId: params.id }, query.currentType),
      );
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
    handle: async ({ principal, params, body, deps }) => {
      const scope = await customerScope(deps, principal.tenantId, params.id);
      return assign(deps, principal.tenantId, withCurrent(scope, body.currentType), body.tariffId);
    },
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
      const scope = await customerScope(deps, principal.tenantId, params.id);
      return unassign(deps, principal.tenantId, withCurrent(scope, query.currentType));
    },
  }),
];
