import * as z from 'zod';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * FirmwareManagement history of a charger, in its own partition: what the operator asked for (UpdateFirmware,
 * GetDiagnostics) and every status the charger reported, in time order. It is kept short by TTL and by reading
 * only the newest entries; the current status also stays on the charger's live item.
 */
/** What a firmware request asks for: a firmware update or a diagnostics/log upload. */
export type FirmwareKind = 'firmware' | 'diagnostics';
/**
 * What a status report is about: a request's kind, or `publish` — a local controller publishing firmware to
 * the stations behind it (OCPP 2.0.1 PublishFirmware).
 */
export type FirmwareReportKind = FirmwareKind | 'publish';

export interface FirmwareRequest {
  readonly id: string;
  readonly chargePointId: string;
  readonly kind: FirmwareKind;
  readonly requestedAt: string;
  readonly location: string;
  readonly retrieveDate?: string;
  readonly startTime?: string;
  readonly stopTime?: string;
  readonly retries?: number;
  readonly retryInterval?: number;
  /** OCPP 2.0.1: the requestId the charger's status notifications name. */
  readonly requestId?: number;
  /** OCPP 2.0.1 UpdateFirmware: when to install (absent: as soon as downloaded). */
  readonly installDate?: string;
  /** OCPP 2.0.1 UpdateFirmware: sent with a signing certificate and/or signature (not kept here). */
  readonly signed?: boolean;
  /** OCPP 2.0.1 GetLog: which log (`DiagnosticsLog`, `SecurityLog`). */
  readonly logType?: string;
  /** OCPP 2.0.1: the status the charger answered with (Accepted, Rejected, InvalidCertificate…). */
  readonly chargerStatus?: string;
  /** `sent`: the charger acknowledged the request; `failed`: it refused or did not answer. */
  readonly outcome: 'sent' | 'failed';
  /** GetDiagnostics / GetLog: the file the charger will upload (absent when it has nothing). */
  readonly fileName?: string;
  readonly error?: string;
}

export interface FirmwareStatusReport {
  readonly kind: FirmwareReportKind;
  readonly status: string;
  readonly at: string;
  /** OCPP 2.0.1 (and 1.6 security extension): the request the status is about, when the charger names it. */
  readonly requestId?: number;
}

const REQUEST_TTL_SECONDS = 365 * 24 * 3600;
const STATUS_TTL_SECONDS = 90 * 24 * 3600;

const expiresIn = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

const firmwareKind = z.enum(['firmware', 'diagnostics']);

const firmwareRequestSchema: z.ZodType<FirmwareRequest> = z.object({
  id: z.string(),
  chargePointId: z.string(),
  kind: firmwareKind,
  requestedAt: z.string(),
  location: z.string(),
  retrieveDate: z.string().optional(),
  startTime: z.string().optional(),
  stopTime: z.string().optional(),
  retries: z.number().optional(),
  retryInterval: z.number().optional(),
  requestId: z.number().int().optional(),
  installDate: z.string().optional(),
  signed: z.boolean().optional(),
  logType: z.string().optional(),
  chargerStatus: z.string().optional(),
  outcome: z.enum(['sent', 'failed']),
  fileName: z.string().optional(),
  error: z.string().optional(),
});

const firmwareStatusReportSchema: z.ZodType<FirmwareStatusReport> = z.object({
  kind: z.enum(['firmware', 'diagnostics', 'publish']),
  status: z.string(),
  at: z.string(),
  requestId: z.number().int().optional(),
});

/** Both items carry their TTL (`expiresAt`), set when written; it is not part of the value. */
const firmwareRequestEntity = (tenantId: string) =>
  defineEntity({
    type: 'FirmwareRequest',
    schema: firmwareRequestSchema,
    key: (request) => keys.firmwareRequest(tenantId, request.chargePointId, request.requestedAt, request.id),
    derived: () => ({ expiresAt: expiresIn(REQUEST_TTL_SECONDS) }),
  });

const firmwareStatusReportEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'FirmwareStatusReport',
    schema: firmwareStatusReportSchema,
    key: (report) => keys.firmwareStatusReport(tenantId, chargePointId, report.at, report.kind),
    derived: () => ({ expiresAt: expiresIn(STATUS_TTL_SECONDS) }),
  });

export async function putFirmwareRequest(
  table: TableClient,
  tenantId: string,
  request: FirmwareRequest,
): Promise<void> {
  await table.put({
    Item: firmwareRequestEntity(tenantId).toItem(request),
  });
}

export async function appendFirmwareStatusReport(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  report: FirmwareStatusReport,
): Promise<void> {
  await table.put({
    Item: firmwareStatusReportEntity(tenantId, chargePointId).toItem(report),
  });
}

async function newest(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  prefix: string,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await table.query({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': keys.firmwarePk(tenantId, chargePointId), ':p': prefix },
    ScanIndexForward: false,
    Limit: limit,
    ConsistentRead: true,
  });
  return Items;
}

/** The newest requests and status reports, newest first. */
export async function firmwareHistory(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  limit = 20,
): Promise<{ requests: FirmwareRequest[]; statuses: FirmwareStatusReport[] }> {
  const [requests, statuses] = await Promise.all([
    newest(table, tenantId, chargePointId, 'REQ#', limit),
    newest(table, tenantId, chargePointId, 'STATUS#', limit * 2),
  ]);
  const requestEntity = firmwareRequestEntity(tenantId);
  const statusEntity = firmwareStatusReportEntity(tenantId, chargePointId);
  return {
    requests: requests.map((item) => requestEntity.fromItem(item)),
    statuses: statuses.map((item) => statusEntity.fromItem(item)),
  };
}

/** The firmware repository: the functions above with the table given. */
export const createFirmwareRepository = (table: TableClient) =>
  bindTable(table, { putFirmwareRequest, appendFirmwareStatusReport, firmwareHistory });

export type FirmwareRepository = ReturnType<typeof createFirmwareRepository>;
