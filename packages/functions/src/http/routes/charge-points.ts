import { acceptChargerBoot } from '@csms/app/stations/charge-points/boot-acceptance';
import type { ChargePointDetails } from '@csms/app/stations/charge-points/charge-point-details';
import { decommissionChargePoint } from '@csms/app/stations/charge-points/decommission-charge-point';
import { listChargePoints } from '@csms/app/stations/charge-points/list-charge-points';
import { readChargePoint } from '@csms/app/stations/charge-points/read-charge-point';
import { registerChargePoint } from '@csms/app/stations/charge-points/register-charge-point';
import { rotateChargePointPassword } from '@csms/app/stations/charge-points/rotate-password';
import { updateChargePoint } from '@csms/app/stations/charge-points/update-charge-point';
import {
  bootAcceptances,
  chargePointPatchSchema,
  chargePointRegistrationSchema,
  chargerPasswordSchema,
  connectorStatuses,
} from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, noContent, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import {
  chargePointSummary,
  chargePointView,
  credentialsView,
  rotatedCredentialsView,
  toSummary,
  toView,
} from './charge-point-views.ts';

const toRotated = (rotated: Awaited<ReturnType<typeof rotateChargePointPassword>>) => ({
  id: rotated.id,
  password: rotated.password,
  ocppUrl: rotated.ocppUrl,
  setOnCharger: rotated.setOnCharger,
  chargerStatus: rotated.chargerStatus ?? null,
});

const PASSWORD_CHANGE =
  'A connected charger is sent the password first (OCPP 2.0.1 SetVariables SecurityCtrlr.BasicAuthPassword; ' +
  '1.6 ChangeConfiguration AuthorizationKey, hex-encoded) and it replaces the old one only once the charger ' +
  'accepted (`setOnCharger: true`). Until then both open a connection, so a charger reconnecting mid-change is ' +
  'not locked out; RebootRequired keeps both valid until the charger connects with the new one. A refusal is a ' +
  "502 whose `code` is the charger's status, and the old password stays; no answer (504) leaves both valid " +
  'until the charger connects with the new one. An offline charger gets the new password at once ' +
  '(`setOnCharger: false`): configure it by hand.';

const bootTriggerView = z
  .object({
    attempted: z.boolean().describe('TriggerMessage BootNotification was sent'),
    status: z.enum(['Accepted', 'Rejected', 'NotImplemented']).nullable().describe("The charger's answer"),
    error: z.string().nullable().describe('Why the trigger failed; the charger boots at its retry interval'),
    reason: z
      .enum(['not-pending', 'not-connected'])
      .nullable()
      .describe('Why nothing was sent: its last boot was not answered Pending, or it is offline'),
  })
  .describe('Whether a Pending charger was asked to boot again now');

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
      'Any subset of `name`, `siteId`, `connectors` (replaced whole), `maintenance`, `bootAcceptance` and ' +
      '`securityProfile`; `null` ' +
      'clears `name` or `siteId`. Maintenance makes every connector show as Unavailable and sends the charger ' +
      'ChangeAvailability (Inoperative / Operative, connector 0); a charger that is offline or does not accept ' +
      'it is told again at its next BootNotification. `bootAcceptance` (Accepted, Pending, Rejected) is what ' +
      'the next BootNotification is answered; back to Accepted, a connected charger whose last boot was ' +
      'answered Pending is sent TriggerMessage BootNotification. `securityProfile` (1, 2 or 3, default 2) is ' +
      'enforced at the next handshake: 1/2 take Basic auth, 3 only a client certificate the tenant CA issued, ' +
      'verified by a TLS front. The change is recorded whatever the charger answers.',
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
    description: `Issues a new Basic-auth password, generated and shown once. ${PASSWORD_CHANGE}`,
    tag: 'Charge points',
    roles: ACCESS.operate,
    responses: { 200: { description: 'The new credentials', schema: rotatedCredentialsView } },
    handle: async ({ params, principal, deps }) =>
      ok(toRotated(await rotateChargePointPassword(deps, principal.tenantId, params.id))),
  }),
  route({
    method: 'PUT',
    path: '/v1/charge-points/{id}/password',
    operationId: 'setChargePointPassword',
    summary: "Set a charge point's password",
    description:
      'The same as rotating, with a password the operator chooses, e.g. the one a charger arrives configured ' +
      'with: 16–40 printable ASCII characters (at most 20 for an OCPP 1.6 charger), stored with a slow hash. ' +
      PASSWORD_CHANGE,
    tag: 'Charge points',
    roles: ACCESS.operate,
    body: z.strictObject({ password: chargerPasswordSchema }),
    responses: { 200: { description: 'The credentials', schema: rotatedCredentialsView } },
    handle: async ({ params, principal, body, deps }) =>
      ok(toRotated(await rotateChargePointPassword(deps, principal.tenantId, params.id, body.password))),
  }),
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/accept',
    operationId: 'acceptChargePointBoot',
    summary: 'Accept a charge point held at boot',
    description:
      'Sets `bootAcceptance` back to Accepted. A connected charger whose last boot was answered Pending is sent ' +
      'TriggerMessage BootNotification and is accepted when it boots; an offline one, or one that misses the ' +
      'trigger, when it boots again by itself (60 s after a Pending answer, 300 s after a Rejected one).',
    tag: 'Charge points',
    roles: ACCESS.operate,
    responses: {
      200: {
        description: 'Accepted from the next boot on',
        schema: z.object({
          id: z.string(),
          bootAcceptance: z.enum(bootAcceptances),
          registrationStatus: z
            .enum(bootAcceptances)
            .nullable()
            .describe('What its last boot was answered; it changes at its next boot'),
          bootTrigger: bootTriggerView,
        }),
      },
    },
    handle: async ({ params, principal, deps }) => {
      const accepted = await acceptChargerBoot(deps, principal.tenantId, params.id);
      const trigger = accepted.bootTrigger;
      return ok({
        id: accepted.id,
        bootAcceptance: accepted.bootAcceptance,
        registrationStatus: accepted.registrationStatus,
        bootTrigger: {
          attempted: trigger.attempted,
          status: 'status' in trigger ? trigger.status : null,
          error: 'error' in trigger ? trigger.error : null,
          reason: 'reason' in trigger ? trigger.reason : null,
        },
      });
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
      await decommissionChargePoint(deps, principal.tenantId, params.id);
      return noContent();
    },
  }),
];
