import { firmwareOverview } from '@csms/app/stations/firmware/overview';
import { requestDiagnostics, requestFirmwareUpdate } from '@csms/app/stations/firmware/requests';
import type { FirmwareRequest } from '@csms/db';
import { dateTime, uri } from '@csms/ocpp';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { isoTimestamp } from '../schemas.ts';

/** FirmwareManagement: firmware updates and diagnostics uploads, with the statuses the charger reports. */
const TAG = 'Firmware';

const firmwareRequestView = z
  .object({
    id: z.string(),
    kind: z.enum(['firmware', 'diagnostics']),
    requestedAt: isoTimestamp,
    location: z.string(),
    retrieveDate: z.string().nullable(),
    startTime: z.string().nullable(),
    stopTime: z.string().nullable(),
    retries: z.number().int().nullable(),
    retryInterval: z.number().int().nullable(),
    requestId: z
      .number()
      .int()
      .nullable()
      .describe('OCPP 2.0.1: the requestId the charger names in its status notifications'),
    installDate: z.string().nullable().describe('OCPP 2.0.1 UpdateFirmware: when to install'),
    signed: z.boolean().describe('OCPP 2.0.1 UpdateFirmware: sent with a signing certificate or signature'),
    logType: z.string().nullable().describe('OCPP 2.0.1 GetLog: `DiagnosticsLog` or `SecurityLog`'),
    chargerStatus: z
      .string()
      .nullable()
      .describe(
        'OCPP 2.0.1: what the charger answered (Accepted, AcceptedCanceled, Rejected, InvalidCertificate…)',
      ),
    outcome: z.enum(['sent', 'failed']).describe('`sent`: the charger acknowledged the request'),
    fileName: z.string().nullable().describe('GetDiagnostics / GetLog: the file the charger will upload'),
    error: z.string().nullable(),
  })
  .meta({ id: 'FirmwareRequest' });

const toRequestView = (request: FirmwareRequest): z.infer<typeof firmwareRequestView> => ({
  id: request.id,
  kind: request.kind,
  requestedAt: request.requestedAt,
  location: request.location,
  retrieveDate: request.retrieveDate ?? null,
  startTime: request.startTime ?? null,
  stopTime: request.stopTime ?? null,
  retries: request.retries ?? null,
  retryInterval: request.retryInterval ?? null,
  requestId: request.requestId ?? null,
  installDate: request.installDate ?? null,
  signed: request.signed ?? false,
  logType: request.logType ?? null,
  chargerStatus: request.chargerStatus ?? null,
  outcome: request.outcome,
  fileName: request.fileName ?? null,
  error: request.error ?? null,
});

const statusView = z.object({
  status: z.string(),
  at: isoTimestamp,
  requestId: z
    .number()
    .int()
    .optional()
    .describe(
      'OCPP 2.0.1 / 1.6 security extension: the request the status is about, when the charger names it',
    ),
});

const retries = {
  retries: z.number().int().min(0).max(100).optional(),
  retryInterval: z.number().int().min(0).max(86_400).optional().describe('Seconds between attempts'),
};

export const firmwareRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/firmware-updates',
    operationId: 'updateFirmware',
    summary: 'Ask a charger to install new firmware',
    description:
      'UpdateFirmware: the charger downloads from `location` at `retrieveDate` and reports its progress with ' +
      'FirmwareStatusNotification (GET /v1/charge-points/{id}/firmware). An OCPP 2.0.1 charger gets a fresh ' +
      '`requestId`, `installDate` and the signed-firmware fields when given (a 1.6 charger cannot take them: ' +
      "422); its refusal (Rejected, InvalidCertificate…) is kept as `failed` with the charger's `chargerStatus`.",
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({
      location: uri().describe('URI the charger downloads the firmware from'),
      retrieveDate: dateTime().describe('When to download'),
      installDate: dateTime().optional().describe('OCPP 2.0.1 only: when to install'),
      signingCertificate: z
        .string()
        .min(1)
        .max(5500)
        .optional()
        .describe('OCPP 2.0.1 only: PEM certificate the firmware was signed with'),
      signature: z
        .string()
        .min(1)
        .max(800)
        .optional()
        .describe('OCPP 2.0.1 only: base64 signature of the firmware file'),
      ...retries,
    }),
    responses: {
      201: { description: 'The request, acknowledged by the charger', schema: firmwareRequestView },
    },
    handle: async ({ principal, params, body, deps }) =>
      created(toRequestView(await requestFirmwareUpdate(deps, principal.tenantId, params.id, body))),
  }),
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/diagnostics',
    operationId: 'getDiagnostics',
    summary: 'Ask a charger to upload diagnostics',
    description:
      'GetDiagnostics: the charger answers with the file name it will upload to `location` and reports progress ' +
      'with DiagnosticsStatusNotification. An OCPP 2.0.1 charger gets GetLog (`logType`, default ' +
      '`DiagnosticsLog`; `startTime`/`stopTime` as the oldest/latest timestamps) under a fresh `requestId` and ' +
      'reports progress with LogStatusNotification (`logUploadStatus` of GET /v1/charge-points/{id}).',
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({
      location: uri().describe('URI the charger uploads to (e.g. ftp://…)'),
      startTime: dateTime().optional(),
      stopTime: dateTime().optional(),
      logType: z
        .enum(['DiagnosticsLog', 'SecurityLog'])
        .optional()
        .describe(
          'OCPP 2.0.1 GetLog: which log (default `DiagnosticsLog`); a 1.6 charger has diagnostics only',
        ),
      ...retries,
    }),
    responses: { 201: { description: 'The request with the file name', schema: firmwareRequestView } },
    handle: async ({ principal, params, body, deps }) =>
      created(toRequestView(await requestDiagnostics(deps, principal.tenantId, params.id, body))),
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/firmware',
    operationId: 'getFirmwareStatus',
    summary: 'Firmware and diagnostics: current status and recent history',
    tag: TAG,
    roles: ACCESS.read,
    responses: {
      200: {
        description: 'Current statuses, the recent requests and the statuses reported, newest first',
        schema: z.object({
          chargePointId: z.string(),
          firmwareVersion: z.string().nullable().describe('From the last BootNotification'),
          firmwareStatus: statusView.nullable(),
          diagnosticsStatus: statusView.nullable(),
          requests: z.array(firmwareRequestView),
          statusHistory: z.array(statusView.extend({ kind: z.enum(['firmware', 'diagnostics', 'publish']) })),
        }),
      },
    },
    handle: async ({ principal, params, deps }) => {
      const overview = await firmwareOverview(deps, principal.tenantId, params.id);
      return ok({
        ...overview,
        requests: overview.requests.map(toRequestView),
        statusHistory: overview.statusHistory.map(({ kind, status, at, requestId }) => ({
          kind,
          status,
          at,
          ...(requestId === undefined ? {} : { requestId }),
        })),
      });
    },
  }),
];
