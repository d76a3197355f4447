import type { Deps } from '@csms/app/deps';
import { DomainError, type FieldIssue, newId, ValidationError } from '@csms/core';
import type { FirmwareRequest } from '@csms/db';
import type { OcppVersion } from '@csms/ocpp';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';

/**
 * FirmwareManagement: UpdateFirmware and GetDiagnostics, each kept in the charger's firmware history with
 * whether the charger took it, so GET .../firmware shows what was asked next to what the charger reported
 * (FirmwareStatusNotification / DiagnosticsStatusNotification). A refused or unanswered request is kept as
 * `failed` and the API answers as the command route does (502, 504, 409).
 *
 * On OCPP 2.0.1 the same requests are UpdateFirmware (with its signed-firmware fields) and GetLog, each under a
 * fresh requestId that the charger's FirmwareStatusNotification / LogStatusNotification then name. There a
 * refusal is an answer, not an error: the request is kept `failed` with the charger's status and returned.
 */
export interface FirmwareUpdateRequest {
  readonly location: string;
  readonly retrieveDate: string;
  /** OCPP 2.0.1 only. */
  readonly installDate?: string | undefined;
  /** OCPP 2.0.1 only: PEM certificate the firmware was signed with. */
  readonly signingCertificate?: string | undefined;
  /** OCPP 2.0.1 only: base64 signature of the firmware file. */
  readonly signature?: string | undefined;
  readonly retries?: number | undefined;
  readonly retryInterval?: number | undefined;
}

export interface DiagnosticsRequest {
  readonly location: string;
  readonly startTime?: string | undefined;
  readonly stopTime?: string | undefined;
  /** OCPP 2.0.1 GetLog's log type; 1.6 GetDiagnostics uploads the diagnostics log, which is the default. */
  readonly logType?: 'DiagnosticsLog' | 'SecurityLog' | undefined;
  readonly retries?: number | undefined;
  readonly retryInterval?: number | undefined;
}

export async function requestFirmwareUpdate(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: FirmwareUpdateRequest,
): Promise<FirmwareRequest> {
  const fields = defined({
    location: request.location,
    retrieveDate: request.retrieveDate,
    installDate: request.installDate,
    signed: request.signingCertificate !== undefined || request.signature !== undefined ? true : undefined,
    retries: request.retries,
    retryInterval: request.retryInterval,
  });
  return recorded(deps, tenantId, chargePointId, 'firmware', fields, (version) => {
    if (version === 'ocpp1.6') {
      refuse16(request, ['installDate', 'signingCertificate', 'signature'], 'UpdateFirmware');
      return plain(async (cpId) => {
        await call16(
          deps,
          tenantId,
          cpId,
          'UpdateFirmware',
          defined({
            location: request.location,
            retrieveDate: request.retrieveDate,
            retries: request.retries,
            retryInterval: request.retryInterval,
          }),
        );
        return { accepted: true };
      });
    }
    return plain(async (cpId, requestId) => {
      const answer = await call201(
        deps,
        tenantId,
        cpId,
        'UpdateFirmware',
        defined({
          requestId,
          firmware: defined({
            location: request.location,
            retrieveDateTime: request.retrieveDate,
            installDateTime: request.installDate,
            signingCertificate: request.signingCertificate,
            signature: request.signature,
          }),
          retries: request.retries,
          retryInterval: request.retryInterval,
        }),
      );
      return answered201(answer.status, answer.statusInfo);
    });
  });
}

export async function requestDiagnostics(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: DiagnosticsRequest,
): Promise<FirmwareRequest> {
  const fields = defined({
    location: request.location,
    startTime: request.startTime,
    stopTime: request.stopTime,
    retries: request.retries,
    retryInterval: request.retryInterval,
  });
  return recorded(deps, tenantId, chargePointId, 'diagnostics', fields, (version) => {
    if (version === 'ocpp1.6') {
      if (request.logType === 'SecurityLog') {
        throw new ValidationError([
          {
            field: 'logType',
            message: 'This charger speaks OCPP 1.6: GetDiagnostics uploads diagnostics only',
          },
        ]);
      }
      return plain(async (cpId) => {
        const result = await call16(
          deps,
          tenantId,
          cpId,
          'GetDiagnostics',
          defined({
            location: request.location,
            startTime: request.startTime,
            stopTime: request.stopTime,
            retries: request.retries,
            retryInterval: request.retryInterval,
          }),
        );
        return { accepted: true, ...(result.fileName === undefined ? {} : { fileName: result.fileName }) };
      });
    }
    const logType = request.logType ?? 'DiagnosticsLog';
    const send: Send = async (cpId, requestId) => {
      const answer = await call201(
        deps,
        tenantId,
        cpId,
        'GetLog',
        defined({
          logType,
          requestId,
          log: defined({
            remoteLocation: request.location,
            oldestTimestamp: request.startTime,
            latestTimestamp: request.stopTime,
          }),
          retries: request.retries,
          retryInterval: request.retryInterval,
        }),
      );
      return {
        ...answered201(answer.status, answer.statusInfo),
        ...(answer.filename === undefined ? {} : { fileName: answer.filename }),
      };
    };
    return { send, fields: { logType } };
  });
}

/** What a charger's answer adds to the request record. */
interface Answer {
  readonly accepted: boolean;
  readonly chargerStatus?: string;
  readonly error?: string;
  readonly fileName?: string;
}

/** `AcceptedCanceled`: taken, and an update or upload already under way was cancelled for it. */
function answered201(status: string, statusInfo?: { reasonCode: string; additionalInfo?: string }): Answer {
  const accepted = status === 'Accepted' || status === 'AcceptedCanceled';
  const reason = statusInfo
    ? ` (${[statusInfo.reasonCode, statusInfo.additionalInfo].filter(Boolean).join(': ')})`
    : '';
  return {
    accepted,
    chargerStatus: status,
    ...(accepted ? {} : { error: `The charger answered ${status}${reason}` }),
  };
}

/** A 1.6 charger cannot be given what only 2.0.1 carries: 422 naming the fields, before anything is recorded. */
function refuse16(request: object, fields: readonly string[], action: string): void {
  const given = fields.filter((field) => (request as Record<string, unknown>)[field] !== undefined);
  if (given.length === 0) return;
  const issues: FieldIssue[] = given.map((field) => ({
    field,
    message: `This charger speaks OCPP 1.6: ${action} has no ${field} (OCPP 2.0.1 only)`,
  }));
  throw new ValidationError(issues);
}

type Send = (chargePointId: string, requestId: number | undefined) => Promise<Answer>;
type RequestFields = Omit<FirmwareRequest, 'id' | 'chargePointId' | 'kind' | 'requestedAt' | 'outcome'>;

/** How to send a request to a charger of one version, and what that version adds to the record. */
interface Plan {
  readonly send: Send;
  readonly fields?: Partial<RequestFields>;
}

const plain = (send: Send): Plan => ({ send });

/**
 * `plan` checks the request against the charger's version (throwing before anything is recorded) and returns
 * how to send it. A 2.0.1 request takes a requestId from the charger's counter, shared with the other requests a
 * 2.0.1 charger reports back on by requestId (reports, profile reports), so one id names one request.
 */
async function recorded(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  kind: FirmwareRequest['kind'],
  fields: RequestFields,
  plan: (version: OcppVersion) => Plan,
): Promise<FirmwareRequest> {
  const now = deps.clock.now();
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const version = requireConnected(found);
  const { send, fields: versionFields } = plan(version);
  const cpId = found.chargePoint.id;
  const requestId =
    version === 'ocpp2.0.1' ? await deps.deviceModel.nextReportRequestId(tenantId, cpId) : undefined;
  const base = {
    id: newId('fwr'),
    chargePointId: cpId,
    kind,
    requestedAt: now.toISOString(),
    ...fields,
    ...versionFields,
    ...(requestId === undefined ? {} : { requestId }),
  };
  try {
    const { accepted, ...answer } = await send(cpId, requestId);
    const sent: FirmwareRequest = { ...base, outcome: accepted ? 'sent' : 'failed', ...answer };
    await deps.firmware.putFirmwareRequest(tenantId, sent);
    return sent;
  } catch (error) {
    if (error instanceof DomainError) {
      await deps.firmware.putFirmwareRequest(tenantId, { ...base, outcome: 'failed', error: error.message });
    }
    throw error;
  }
}

/** The object without its `undefined` entries (DynamoDB refuses them; a strict charger sees only what is set). */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
