import type { ChargePointDetails } from '@csms/app/stations/charge-points/charge-point-details';
import { decommissionChargePoint } from '@csms/app/stations/charge-points/decommission-charge-point';
import { listChargePoints } from '@csms/app/stations/charge-points/list-charge-points';
import { readChargePoint } from '@csms/app/stations/charge-points/read-charge-point';
import { registerChargePoint } from '@csms/app/stations/charge-points/register-charge-point';
import { rotateChargePointPassword } from '@csms/app/stations/charge-points/rotate-password';
import { updateChargePoint } from '@csms/app/stations/charge-points/update-charge-point';
import { chargePointPatchSchema, chargePointRegistrationSchema, connectorStatuses } from '@csms/core';
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

const render = ({ found, live, site }: ChargePointDetails) => toView(found, live, site);

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
    handle: async ({ body, principal, deps }) =>
      created(await registerChargePoint(deps, principal.tenantId, body)),
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
      const page = await listChargePoints(deps, principal.tenantId, query);
      return ok({
        items: page.items.map(({ found, connected }) => toSummary(found, connected)),
        nextCursor: page.nextCursor,
      });
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
      ok(render(await readChargePoint(deps, principal.tenantId, params.id))),
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
    handle: async ({ params, principal, body, deps }) =>
      ok(render(await updateChargePoint(deps, principal.tenantId, params.id, body))),
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
    handle: async ({ params, principal, deps }) =>
      ok(await rotateChargePointPassword(deps, principal.tenantId, params.id)),
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
      await decommissionChargePoint(deps, principal.tenantId, params.id);
      return noContent();
    },
  }),
];
