import type { Deps } from '@csms/app/deps';
import { requestAvailabilityForMaintenance } from '@csms/app/stations/charge-point-availability';
import { chargerLiveness } from '@csms/app/stations/charger-liveness';
import { requireActiveChargePoint, requireChargePoint } from '@csms/app/stations/commands/charger-lookup';
import {
  ConflictError,
  chargePointIdSchema,
  chargePointPatchSchema,
  chargePointRegistrationSchema,
  connectorStatuses,
  DEFAULT_HEARTBEAT_INTERVAL_SECONDS,
  effectiveStatuses,
  generateSecret,
  hashSecret,
  isSiteId,
  NotFoundError,
  ValidationError,
} from '@csms/core';
import type { ChargePointWithConnectors, UpdateOutcome } from '@csms/db';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, noContent, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import {
  chargePointSummary,
  chargePointView,
  credentialsView,
  toSummary,
  toView,
} from './charge-point-views.ts';

const ocppUrlOf = (deps: Deps, tenantId: string, chargePointId: string) =>
  `${deps.settings.ocppPublicUrl ?? ''}/${tenantId}/${encodeURIComponent(chargePointId)}`;

const unknownSite = () =>
  new ValidationError([{ field: 'siteId', in: 'body', message: 'No such site in this tenant' }]);

function settle(outcome: UpdateOutcome, id: string): void {
  if (outcome === 'unknown-site') throw unknownSite();
  if (outcome === 'conflict')
    throw new ConflictError(`Charge point ${id} changed meanwhile; read it and retry`);
}

/** The full view: liveness from the gateway (silent past 2× the heartbeat interval = offline), the site. */
async function render(deps: Deps, tenantId: string, found: ChargePointWithConnectors) {
  const { chargePoint } = found;
  const [live, site] = await Promise.all([
    chargerLiveness(deps, chargePoint.connectionId, await heartbeatIntervalOf(deps, tenantId)),
    chargePoint.siteId ? deps.sites.getSite(tenantId, chargePoint.siteId) : undefined,
  ]);
  return toView(found, live, site);
}

async function heartbeatIntervalOf(deps: Deps, tenantId: string): Promise<number> {
  return (
    (await deps.tenants.getTenant(tenantId))?.settings.heartbeatIntervalSeconds ??
    DEFAULT_HEARTBEAT_INTERVAL_SECONDS
  );
}

/** Liveness of a page of charge points: the gateway is asked only about those with an open connection. */
async function livenessOf(
  deps: Deps,
  tenantId: string,
  page: readonly ChargePointWithConnectors[],
): Promise<boolean[]> {
  const interval = await heartbeatIntervalOf(deps, tenantId);
  return Promise.all(
    page.map(
      async ({ chargePoint }) => (await chargerLiveness(deps, chargePoint.connectionId, interval)).connected,
    ),
  );
}

const listFilters = listQuery.extend({
  siteId: z.string().optional().describe('Only charge points of this site'),
  status: z
    .string()
    .superRefine((value, ctx) => {
      const unknown = value
        .split(',')
        .filter((s) => !(connectorStatuses as readonly string[]).includes(s.trim()));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `Unknown status ${unknown.join(', ')}; one or more of ${connectorStatuses.join(', ')}`,
        });
      }
    })
    .transform((value) => new Set(value.split(',').map((s) => s.trim())))
    .optional()
    .describe('Comma-separated connector statuses; matches a charge point with any connector in any of them'),
  connected: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('Only charge points with (true) or without (false) an open connection'),
});

export const chargePointRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/charge-points',
    operationId: 'registerChargePoint',
    summary: 'Register a charge point',
    description:
      'Returns the OCPP URL to configure and the Basic-auth password, shown once and stored hashed. Only `id` is ' +
      'required; an identity stays taken after decommissioning (409).',
    tag: 'Charge points',
    roles: ACCESS.operate,
    body: chargePointRegistrationSchema,
    responses: { 201: { description: 'Registered', schema: credentialsView } },
    handle: async ({ body, principal, deps }) => {
      const { tenantId } = principal;
      if (body.siteId !== undefined && !isSiteId(body.siteId)) throw unknownSite();
      const password = generateSecret(24);
      const outcome = await deps.chargePoints.registerChargePoint({
        tenantId,
        id: body.id,
        passwordHash: hashSecret(password),
        createdAt: new Date().toISOString(),
        name: body.name,
        siteId: body.siteId,
        preferredOcppVersion: body.ocppVersion,
        configuredConnectors: body.connectors,
      });
      if (outcome === 'unknown-site') throw unknownSite();
      if (outcome === 'identity-taken') {
        const existing = await deps.chargePoints.getChargePoint(tenantId, body.id);
        throw new ConflictError(
          existing?.chargePoint.decommissionedAt
            ? `Charge point ${body.id} was decommissioned; its identity cannot be reused`
            : `Charge point ${body.id} already exists`,
        );
      }
      return created({ id: body.id, password, ocppUrl: ocppUrlOf(deps, tenantId, body.id) });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points',
    operationId: 'listChargePoints',
    summary: 'List charge points with their live status',
    description:
      'Active charge points in identity order. `connected`: the connection is open and the charger spoke within ' +
      'twice its heartbeat interval. Filters are applied to each page after it is read, so a page may hold fewer than `limit` items — ' +
      'even none — while `nextCursor` is still non-null: keep following it until it is null.',
    tag: 'Charge points',
    roles: ACCESS.read,
    query: listFilters,
    responses: { 200: { description: 'One page of charge points', schema: pageOf(chargePointSummary) } },
    handle: async ({ query, principal, deps }) => {
      const page = await deps.chargePoints.listChargePoints(principal.tenantId, {
        limit: query.limit,
        cursor: query.cursor,
        siteId: query.siteId,
      });
      const connected = await livenessOf(deps, principal.tenantId, page.items);
      const items = page.items
        .map((found, i) => toSummary(found, connected[i] ?? false))
        .filter((cp) => query.connected === undefined || cp.connected === query.connected)
        .filter((cp) => {
          if (!query.status) return true;
          const statuses = effectiveStatuses(cp.connectors, cp.maintenance);
          return [...query.status].some((status) => statuses.has(status));
        });
      return ok({ items, nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}',
    operationId: 'getChargePoint',
    summary: 'Read a charge point with its live status',
    description: 'Configuration merged with what the charger reports; also answers for a decommissioned one.',
    tag: 'Charge points',
    roles: ACCESS.read,
    responses: { 200: { description: 'The charge point', schema: chargePointView } },
    handle: async ({ params, principal, deps }) =>
      ok(
        await render(deps, principal.tenantId, await requireChargePoint(deps, principal.tenantId, params.id)),
      ),
  }),
  route({
    method: 'PATCH',
    path: '/v1/charge-points/{id}',
    operationId: 'updateChargePoint',
    summary: 'Configure a charge point',
    description:
      'Any subset of `name`, `siteId`, `connectors` (replaced whole) and `maintenance`; `null` clears `name` or ' +
      '`siteId`. Maintenance makes every connector show as Unavailable and sends the charger ChangeAvailability ' +
      '(Inoperative / Operative, connector 0); a charger that is offline or does not accept it is told again at ' +
      'its next BootNotification. The change is recorded whatever the charger answers.',
    tag: 'Charge points',
    roles: ACCESS.operate,
    body: chargePointPatchSchema,
    responses: { 200: { description: 'The charge point as changed', schema: chargePointView } },
    handle: async ({ params, principal, body, deps }) => {
      const { tenantId } = principal;
      const { chargePoint } = await requireActiveChargePoint(deps, tenantId, params.id);
      if (typeof body.siteId === 'string' && !isSiteId(body.siteId)) throw unknownSite();
      const outcome = await deps.chargePoints.configureChargePoint(
        chargePoint,
        {
          name: body.name,
          siteId: body.siteId,
          configuredConnectors: body.connectors,
          maintenance: body.maintenance,
        },
        new Date().toISOString(),
      );
      settle(outcome, params.id);
      if (body.maintenance !== undefined && body.maintenance !== (chargePoint.maintenance === true)) {
        await requestAvailabilityForMaintenance(deps, {
          tenantId,
          chargePointId: chargePoint.id,
          maintenance: body.maintenance,
          connectionId: chargePoint.connectionId,
        });
      }
      return ok(await render(deps, tenantId, await requireChargePoint(deps, tenantId, params.id)));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/password',
    operationId: 'rotateChargePointPassword',
    summary: "Rotate a charge point's password",
    description:
      'Issues a new Basic-auth password, shown once. The old one stops working at the next connection; an open ' +
      'connection stays open, so the charger keeps running until it reconnects with the new password.',
    tag: 'Charge points',
    roles: ACCESS.operate,
    responses: { 200: { description: 'The new credentials', schema: credentialsView } },
    handle: async ({ params, principal, deps }) => {
      const { tenantId } = principal;
      const { chargePoint } = await requireActiveChargePoint(deps, tenantId, params.id);
      const password = generateSecret(24);
      settle(
        await deps.chargePoints.setChargePointPassword(
          chargePoint,
          hashSecret(password),
          new Date().toISOString(),
        ),
        params.id,
      );
      return ok({ id: chargePoint.id, password, ocppUrl: ocppUrlOf(deps, tenantId, chargePoint.id) });
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/charge-points/{id}',
    operationId: 'decommissionChargePoint',
    summary: 'Decommission a charge point',
    description:
      'Final: the charger is disconnected and refused at every later connection, it leaves its site and the ' +
      'listing, and its identity cannot be registered again in this tenant. It stays readable by id. Repeating ' +
      'the call changes nothing.',
    tag: 'Charge points',
    roles: ACCESS.operate,
    responses: { 204: { description: 'Decommissioned' } },
    handle: async ({ params, principal, deps }) => {
      const { tenantId } = principal;
      const { chargePoint } = await requireChargePoint(deps, tenantId, params.id);
      if (chargePoint.decommissionedAt !== undefined) return noContent();
      settle(
        await deps.chargePoints.decommissionChargePoint(chargePoint, new Date().toISOString()),
        params.id,
      );
      // Read after the write: a connection opened meanwhile is the one to close (later ones are refused).
      const after = await deps.chargePoints.getChargePoint(tenantId, params.id);
      const connectionId = after?.chargePoint.connectionId;
      if (connectionId) await deps.chargers.close(connectionId);
      return noContent();
    },
  }),
];
