import {
  bootAcceptances,
  connectorTypes,
  connectorViews,
  currentTypes,
  DEFAULT_SECURITY_PROFILE,
  ocppVersionPreferenceSchema,
  type Site,
  securityProfileSchema,
} from '@csms/core';
import type { ChargePointWithConnectors } from '@csms/db';
import * as z from 'zod';
import { isoTimestamp } from '../schemas.ts';

/** How charge points look in API answers: the configuration merged with what the charger reports. */

// No `.meta({ id })` here: openapi.ts lifts `$defs` into components without rewriting the references inside
// them, so a registered schema nested in another registered schema would leave a dangling `#/$defs/` ref.
const connectorView = z.object({
  connectorId: z.number().int(),
  evseConnectorId: z.number().int().optional().describe('OCPP 2.0.1: connector number within the EVSE'),
  type: z.enum(connectorTypes).optional().describe('Configured plug type'),
  current: z.enum(currentTypes).optional(),
  maxKw: z.number().optional(),
  status: z
    .string()
    .describe(
      'What a driver can expect: the last report, "Unavailable" under maintenance, "Unknown" if never reported',
    ),
  reportedStatus: z.string().optional().describe("The charger's own report, when maintenance overrides it"),
  errorCode: z.string().optional(),
  updatedAt: isoTimestamp.optional().describe('When the charger reported it; absent if never'),
  connectors: z
    .array(
      z.object({
        connectorId: z.number().int().describe('Connector number within the EVSE'),
        status: z.string().describe('"Unavailable" under maintenance'),
        reportedStatus: z
          .string()
          .optional()
          .describe("The charger's own report, when maintenance overrides it"),
        updatedAt: isoTimestamp.describe("The charger's time of its last report for this connector"),
      }),
    )
    .optional()
    .describe(
      'OCPP 2.0.1: the connectors of this EVSE (`connectorId` above is the EVSE id). `status` above is ' +
        'derived from them: Occupied if any is, Faulted / Unavailable if all are, Reserved if any is, else Available',
    ),
});

const chargePointFields = {
  id: z.string(),
  name: z.string().nullable(),
  status: z.enum(['active', 'decommissioned']),
  siteId: z.string().nullable(),
  preferredOcppVersion: ocppVersionPreferenceSchema.nullable().describe('What the operator expects'),
  ocppVersion: z.string().nullable().describe('What the charger negotiated at its last connection'),
  connected: z.boolean(),
  maintenance: z.boolean().describe('Out of service: every connector shows as Unavailable'),
  vendor: z.string().nullable().describe('From the last BootNotification'),
  model: z.string().nullable().describe('From the last BootNotification'),
  connectors: z.array(connectorView),
  createdAt: isoTimestamp,
};

export const chargePointSummary = z.object(chargePointFields).meta({
  id: 'ChargePointSummary',
  description:
    '`connected`: the connection is open and the charger spoke within twice its heartbeat interval',
});

export const chargePointView = z
  .object({
    ...chargePointFields,
    decommissionedAt: isoTimestamp.nullable(),
    site: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }).nullable(),
    lastSeenAt: isoTimestamp.nullable(),
    boot: z
      .object({
        vendor: z.string(),
        model: z.string(),
        serialNumber: z.string().optional(),
        firmwareVersion: z.string().optional(),
      })
      .nullable(),
    logUploadStatus: z
      .object({
        status: z.string().describe('e.g. `Uploading`, `Uploaded`, `UploadFailure`'),
        requestId: z.number().int().nullable().describe('The GetLog request it reports on'),
        at: isoTimestamp.describe('When the CSMS received it'),
      })
      .nullable()
      .describe('The last LogStatusNotification (OCPP 2.0.1, or 1.6 with the security extension)'),
    bootAcceptance: z
      .enum(bootAcceptances)
      .describe('What the next BootNotification is answered (set with PATCH, or POST …/accept)'),
    securityProfile: securityProfileSchema.describe(
      'OCPP security profile enforced at the handshake: 1/2 Basic auth, 3 client certificate',
    ),
    registrationStatus: z
      .enum(bootAcceptances)
      .nullable()
      .describe("What the charger's last BootNotification was answered; null before its first boot"),
    passwordChangePendingSince: isoTimestamp
      .nullable()
      .describe(
        'A new password was sent to the charger and its acceptance is not settled: until it connects with ' +
          'the new one, both open a connection',
      ),
  })
  .meta({ id: 'ChargePoint' });

export const credentialsView = z.object({
  id: z.string(),
  password: z.string().describe('Basic-auth password of the charger, shown only in this answer'),
  ocppUrl: z.string().describe('The URL to configure in the charger'),
});

export const rotatedCredentialsView = credentialsView.extend({
  setOnCharger: z
    .boolean()
    .describe('true: the connected charger accepted it over OCPP; false: offline, configure it by hand'),
  chargerStatus: z
    .enum(['Accepted', 'RebootRequired'])
    .nullable()
    .describe('RebootRequired: the charger uses it after a restart; both passwords work until then'),
});

export function toSummary(
  { chargePoint, connectors }: ChargePointWithConnectors,
  connected: boolean,
): z.infer<typeof chargePointSummary> {
  const maintenance = chargePoint.maintenance === true;
  return {
    id: chargePoint.id,
    name: chargePoint.name ?? null,
    status: chargePoint.decommissionedAt === undefined ? 'active' : 'decommissioned',
    siteId: chargePoint.siteId ?? null,
    preferredOcppVersion:
      (chargePoint.preferredOcppVersion as z.infer<typeof ocppVersionPreferenceSchema> | undefined) ?? null,
    ocppVersion: chargePoint.ocppVersion ?? null,
    connected,
    maintenance,
    vendor: chargePoint.boot?.vendor ?? null,
    model: chargePoint.boot?.model ?? null,
    connectors: connectorViews(chargePoint.configuredConnectors ?? [], connectors, maintenance),
    createdAt: chargePoint.createdAt,
  };
}

export function toView(
  found: ChargePointWithConnectors,
  live: { readonly connected: boolean; readonly lastActiveAt?: Date | undefined },
  site: Pick<Site, 'id' | 'name' | 'timeZone'> | undefined,
): z.infer<typeof chargePointView> {
  const { chargePoint } = found;
  const boot = chargePoint.boot;
  const log = chargePoint.logUploadStatus;
  return {
    ...toSummary(found, live.connected),
    decommissionedAt: chargePoint.decommissionedAt ?? null,
    site: site ? { id: site.id, name: site.name, timeZone: site.timeZone } : null,
    lastSeenAt:
      live.lastActiveAt?.toISOString() ?? chargePoint.disconnectedAt ?? chargePoint.connectedAt ?? null,
    boot: boot
      ? {
          vendor: boot.vendor,
          model: boot.model,
          serialNumber: boot.serialNumber,
          firmwareVersion: boot.firmwareVersion,
        }
      : null,
    logUploadStatus: log ? { status: log.status, requestId: log.requestId ?? null, at: log.at } : null,
    bootAcceptance: chargePoint.bootAcceptance ?? 'Accepted',
    securityProfile: chargePoint.securityProfile ?? DEFAULT_SECURITY_PROFILE,
    registrationStatus: chargePoint.registrationStatus ?? null,
    passwordChangePendingSince: chargePoint.pendingPasswordHash
      ? (chargePoint.pendingPasswordSince ?? null)
      : null,
  };
}
