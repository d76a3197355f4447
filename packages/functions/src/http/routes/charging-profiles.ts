import { clearChargingProfile } from '@csms/app/stations/smart-charging/clear-profile';
import { compositeSchedule } from '@csms/app/stations/smart-charging/composite-schedule';
import { listChargingProfiles } from '@csms/app/stations/smart-charging/list-profiles';
import { requestChargingProfilesReport } from '@csms/app/stations/smart-charging/request-profiles-report';
import { setChargingProfile } from '@csms/app/stations/smart-charging/set-profile';
import type { StoredChargingProfile } from '@csms/db';
import { Ocpp16, Ocpp201 } from '@csms/ocpp';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';
import { isoTimestamp } from '../schemas.ts';

/**
 * SmartCharging: charging profiles per charger and connector, and the composite schedule they make. The API
 * speaks OCPP 1.6's shapes for both versions; on a 2.0.1 charger the connector is the EVSE and the use cases
 * convert (`ocpp201-profiles.ts`).
 */
const TAG = 'Smart charging';

/**
 * OCPP 1.6 SetChargingProfile.req, strict as generated, except that a TxProfile may name a 2.0.1 transaction by
 * the charger's string id (which kind fits is checked against the charger's version).
 */
const csChargingProfiles = Ocpp16.SetChargingProfileRequest.shape.csChargingProfiles;
const setProfileBody = Ocpp16.SetChargingProfileRequest.extend({
  connectorId: Ocpp16.SetChargingProfileRequest.shape.connectorId.describe(
    '0: the whole charger; on OCPP 2.0.1 the EVSE id',
  ),
  csChargingProfiles: csChargingProfiles.extend({
    transactionId: z
      .union([z.int(), z.string().min(1).max(36)])
      .optional()
      .describe(
        'TxProfile: the transaction id (integer on OCPP 1.6, the charger’s string on 2.0.1); a 2.0.1 TxProfile ' +
          'without one is for the transaction running on the EVSE',
      ),
  }),
});

/** A schedule period as either version answers it (2.0.1 limits are any number and may name a phase). */
const compositePeriod = z.object({
  startPeriod: z.number().int(),
  limit: z.number(),
  numberPhases: z.number().int().optional(),
  phaseToUse: z.number().int().optional().describe('OCPP 2.0.1'),
});

const compositeScheduleView = z.object({
  status: z.enum(['Accepted', 'Rejected']),
  connectorId: z.number().int().optional().describe('The connector, or on OCPP 2.0.1 the EVSE'),
  scheduleStart: z.string().optional(),
  chargingSchedule: z
    .object({
      duration: z.number().int().optional(),
      startSchedule: z.string().optional(),
      chargingRateUnit: z.enum(['A', 'W']),
      chargingSchedulePeriod: z.array(compositePeriod),
      minChargingRate: z.number().optional(),
    })
    .optional(),
  statusInfo: z
    .object({ reasonCode: z.string(), additionalInfo: z.string().optional() })
    .optional()
    .describe('OCPP 2.0.1: why the charger answered as it did'),
});

const profilesReportBody = z.strictObject({
  evseId: z.number().int().min(0).optional().describe('One EVSE (0: the station itself); absent: all'),
  chargingProfilePurpose: Ocpp201.ChargingProfilePurposeEnumType.optional(),
  stackLevel: z.number().int().min(0).optional(),
  chargingProfileId: z.array(z.number().int()).min(1).optional(),
  chargingLimitSource: z
    .array(Ocpp201.ChargingLimitSourceEnumType)
    .min(1)
    .max(4)
    .optional()
    .describe('Who set the profiles: `CSO` (this CSMS), `EMS`, `SO`, `Other`'),
});

const chargingProfileView = z.object({
  chargingProfileId: z.number().int(),
  connectorId: z.number().int(),
  purpose: z.enum(['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile']),
  stackLevel: z.number().int(),
  transactionId: z
    .union([z.number().int(), z.string()])
    .nullable()
    .describe('TxProfile: integer on OCPP 1.6, the charger’s string on 2.0.1'),
  status: z
    .enum(['Accepted', 'Rejected', 'NotSupported'])
    .describe("The charger's answer to SetChargingProfile"),
  setAt: isoTimestamp,
  csChargingProfiles: z
    .record(z.string(), z.unknown())
    .describe('The profile as sent, in the OCPP 1.6 shape (converted for a 2.0.1 charger)'),
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
      'id, and any with the same purpose and stack level on the connector, as on the charger. An OCPP 2.0.1 ' +
      'charger gets it converted: `connectorId` is the EVSE, ChargePointMaxProfile is ChargingStationMaxProfile, ' +
      'the schedule is a one-element list, a TxProfile names the charger’s transaction id.',
    tag: TAG,
    roles: ACCESS.operate,
    body: setProfileBody,
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
      'ClearChargingProfile by id (OCPP 2.0.1: `chargingProfileId`). `Unknown`: the charger no longer held it (a ' +
      'TxProfile ends with its transaction); the stored profile is removed either way.',
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
      'GetCompositeSchedule: all profiles combined, as the charger computes it, for `duration` seconds. An ' +
      'OCPP 2.0.1 charger is asked for the EVSE `connectorId` names, and its answer is given in the same shape.',
    tag: TAG,
    roles: ACCESS.read,
    query: compositeQuery,
    responses: {
      200: {
        description: "The charger's answer (the shape of OCPP 1.6 GetCompositeSchedule.conf)",
        schema: compositeScheduleView,
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
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/charging-profile-reports',
    operationId: 'requestChargingProfilesReport',
    summary: 'Ask an OCPP 2.0.1 charger which charging profiles it holds',
    description:
      'GetChargingProfiles under a fresh requestId, for one EVSE or all, narrowed by the criteria given (none: ' +
      'every profile, whoever set it). The charger answers `Accepted` and sends ReportChargingProfiles, shown by ' +
      'GET /v1/charge-points/{id}/reported-charging-profiles with this requestId, or `NoProfiles`. A charger ' +
      'on OCPP 1.6 (which has no such message), offline or busy is a 409, silence a 504.',
    tag: TAG,
    roles: ACCESS.operate,
    body: profilesReportBody,
    responses: {
      202: {
        description: "The request's id and the charger's answer",
        schema: z.object({
          requestId: z.number().int(),
          status: Ocpp201.GetChargingProfileStatusEnumType,
          statusInfo: z.object({ reasonCode: z.string(), additionalInfo: z.string().optional() }).nullable(),
        }),
      },
    },
    handle: async ({ principal, params, body, deps }) => {
      const requested = await requestChargingProfilesReport(deps, principal.tenantId, params.id, body);
      return {
        status: 202,
        body: {
          requestId: requested.requestId,
          status: requested.status,
          statusInfo: requested.statusInfo ?? null,
        },
      };
    },
  }),
];
