import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * FirmwareManagement history of a charger, in its own partition: what the operator asked for (UpdateFirmware,
 * GetDiagnostics) and every status the charger reported, in time order. It is kept short by TTL and by reading
 * only the newest entries; the current status also stays on the charger's live item.
 */
export type FirmwareKind = 'firmware' | 'diagnostics';

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
  /** `sent`: the charger acknowledged the request; `failed`: it refused or did not answer. */
  readonly outcome: 'sent' | 'failed';
  /** GetDiagnostics: the file the charger will upload (absent when it has nothing). */
  readonly fileName?: string;
  readonly error?: string;
}

export interface FirmwareStatusReport {
  readonly kind: FirmwareKind;
  readonly status: string;
  readonly at: string;
}

const REQUEST_TTL_SECONDS = 365 * 24 * 3600;
const STATUS_TTL_SECONDS = 90 * 24 * 3600;

const expiresIn = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _e, ...rest } = item;
  return rest as T;
};

export async function putFirmwareRequest(
  table: TableClient,
  tenantId: string,
  request: FirmwareRequest,
): Promise<void> {
  await table.put({
    Item: {
      ...keys.firmwareRequest(tenantId, request.chargePointId, request.requestedAt, request.id),
      type: 'FirmwareRequest',
      ...request,
      expiresAt: expiresIn(REQUEST_TTL_SECONDS),
    },
  });
}

export async function appendFirmwareStatusReport(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  report: FirmwareStatusReport,
): Promise<void> {
  await table.put({
    Item: {
      ...keys.firmwareStatusReport(tenantId, chargePointId, report.at, report.kind),
      type: 'FirmwareStatusReport',
      ...report,
      expiresAt: expiresIn(STATUS_TTL_SECONDS),
    },
  });
}

async function newest<T>(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  prefix: string,
  limit: number,
) {
  const { Items = [] } = await table.query({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': keys.firmwarePk(tenantId, chargePointId), ':p': prefix },
    ScanIndexForward: false,
    Limit: limit,
    ConsistentRead: true,
  });
  return Items.map((item) => strip<T>(item));
}

/** The newest requests and status reports, newest first. */
export async function firmwareHistory(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  limit = 20,
): Promise<{ requests: FirmwareRequest[]; statuses: FirmwareStatusReport[] }> {
  const [requests, statuses] = await Promise.all([
    newest<FirmwareRequest>(table, tenantId, chargePointId, 'REQ#', limit),
    newest<FirmwareStatusReport>(table, tenantId, chargePointId, 'STATUS#', limit * 2),
  ]);
  return { requests, statuses };
}

/** The firmware repository: the functions above with the table given. */
export const createFirmwareRepository = (table: TableClient) =>
  bindTable(table, { putFirmwareRequest, appendFirmwareStatusReport, firmwareHistory });

export type FirmwareRepository = ReturnType<typeof createFirmwareRepository>;
