import { clearChargingProfile } from '@csms/app/stations/smart-charging/clear-profile';
import { compositeSchedule } from '@csms/app/stations/smart-charging/composite-schedule';
import { listChargingProfiles } from '@csms/app/stations/smart-charging/list-profiles';
import { setChargingProfile } from '@csms/app/stations/smart-charging/set-profile';
import type { StoredChargingProfile } from '@csms/db';
import { Ocpp16 } from '@csms/ocpp';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';
import { isoTimestamp } from '../schemas.ts';

/** SmartCharging: charging profiles per charger and connector, and the composite schedule they make. */
const TAG = 'Smart charging';

const chargingProfileView = z.object({
  chargingProfileId: z.number().int(),
  connectorId: z.number().int(),
  purpose: z.enum(['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile']),
  stackLevel: z.number().int(),
  transactionId: z.number().int().nullable(),
  status: z
    .enum(['Accepted', 'Rejected', 'NotSupported'])
    .describe("The charger's answer to SetChargingProfile"),
  setAt: isoTimestamp,
  csChargingProfiles: z.record(z.string(), z.unknown()).describe('The profile as sent (OCPP 1.6)'),
});

const toProfileView = (stored: StoredChargingProfile): z.infer<typeof chargingProfileView> => ({
  chargingProfileId: stored.chargingProfileId,
  connectorId: stored.connectorId,
  purpose: stored.purpose as z.infer<typeof chargingProfileView>['purpose'],
  stackLevel: stored.stackLevel,
  transactionId: stored.transactionId ?? null,
  status: stored.status as z.infer<typeof chargingProfileView>['status'],
  setAt: stored.setAt,
  csChargingProfiles: stored.profile,
});

/** Defaults ask for the most common view: the whole charger, for the next day. */
const compositeQuery = z.object({
  connectorId: z.coerce.number().int().min(0).default(0).describe('0 (default): the whole charger'),
  duration: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(86_400)
    .describe('Seconds from now (default: a day)'),
  chargingRateUnit: z.enum(['A', 'W']).optional(),
});

export const chargingProfileRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/charging-profiles',
    operationId: 'setChargingProfile',
    summary: 'Set a charging profile on a charger or connector',
    description:
      'SetChargingProfile; the body is its OCPP 1.6 payload, validated by the official schema and by the rules ' +
      'around it (ChargePointMaxProfile on connector 0, TxProfile on a connector with a running transaction, ' +
      "first period at 0). Stored with the charger's answer; an accepted profile replaces the one with the same " +
      'id, and any with the same purpose and stack level on the connector, as on the charger.',
    tag: TAG,
    roles: ACCESS.operate,
    body: Ocpp16.SetChargingProfileRequest,
    responses: { 200: { description: 'The profile with the charger’s answer', schema: chargingProfileView } },
    handle: async ({ principal, params, body, deps }) =>
      ok(toProfileView(await setChargingProfile(deps, principal.tenantId, params.id, body))),
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/charging-profiles',
    operationId: 'listChargingProfiles',
    summary: 'The charging profiles set on a charger',
    tag: TAG,
    roles: ACCESS.read,
    responses: {
      200: {
        description: 'Profiles by id',
        schema: z.object({ items: z.array(chargingProfileView) }),
      },
    },
    handle: async ({ principal, params, deps }) => {
      const profiles = await listChargingProfiles(deps, principal.tenantId, params.id);
      return ok({ items: profiles.map(toProfileView) });
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/charge-points/{id}/charging-profiles/{profileId}',
    operationId: 'clearChargingProfile',
    summary: 'Clear a charging profile',
    description:
      'ClearChargingProfile by id. `Unknown`: the charger no longer held it (a TxProfile ends with its ' +
      'transaction); the stored profile is removed either way.',
    tag: TAG,
    roles: ACCESS.operate,
    responses: {
      200: {
        description: "The charger's answer",
        schema: z.object({ chargingProfileId: z.number().int(), status: z.enum(['Accepted', 'Unknown']) }),
      },
    },
    handle: async ({ principal, params, deps }) =>
      ok(await clearChargingProfile(deps, principal.tenantId, params.id, params.profileId)),
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/composite-schedule',
    operationId: 'getCompositeSchedule',
    summary: 'The schedule a connector will follow',
    description:
      'GetCompositeSchedule: all profiles combined, as the charger computes it, for `duration` seconds.',
    tag: TAG,
    roles: ACCESS.read,
    query: compositeQuery,
    responses: {
      200: {
        description: "The charger's answer (OCPP 1.6 GetCompositeSchedule.conf)",
        schema: Ocpp16.GetCompositeScheduleResponse,
      },
    },
    handle: async ({ principal, params, query, deps }) =>
      ok(
        await compositeSchedule(deps, principal.tenantId, params.id, {
          connectorId: query.connectorId,
          duration: query.duration,
          ...(query.chargingRateUnit === undefined ? {} : { chargingRateUnit: query.chargingRateUnit }),
        }),
      ),
  }),
];
