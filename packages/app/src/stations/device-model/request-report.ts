import type { Deps } from '@csms/app/deps';
import { DomainError } from '@csms/core';
import type { DeviceReportAnswer } from '@csms/db';
import type { Ocpp201 } from '@csms/ocpp';
import { callChargePoint } from '../commands/call-charge-point.ts';
import { requireChargePoint } from '../commands/charger-lookup.ts';
import { compact, requireConnected201 } from './ocpp201-mapping.ts';

/** What the operator asks for: one of the base reports (GetBaseReport), or a report by criteria (GetReport). */
export type ReportAsked =
  | { readonly kind: 'base'; readonly reportBase: Ocpp201.ReportBaseEnumType }
  | {
      readonly kind: 'criteria';
      readonly componentVariable?: Ocpp201.ComponentVariableType[];
      readonly componentCriteria?: Ocpp201.ComponentCriterionEnumType[];
    };

export interface ReportRequested {
  readonly requestId: number;
  /** The charger's answer: Accepted (NotifyReport parts follow), Rejected, NotSupported, EmptyResultSet. */
  readonly status: Ocpp201.GenericDeviceModelStatusEnumType;
  readonly statusInfo?: Ocpp201.StatusInfoType;
}

/** What the charger's answer means for the request, until parts say otherwise (see `recordReportAnswer`). */
const answered: Record<Ocpp201.GenericDeviceModelStatusEnumType, DeviceReportAnswer['status']> = {
  Accepted: undefined,
  EmptyResultSet: 'complete',
  Rejected: 'rejected',
  NotSupported: 'rejected',
};

/**
 * Asks a connected OCPP 2.0.1 charger for a report under a fresh requestId of its own. The request is recorded
 * before it is sent, because the charger may start sending NotifyReport parts before its answer to this call
 * has been read; the parts then fill the device model (`recordNotifyReport`). A refusal is recorded as
 * `rejected`, silence or an error as `failed`, and the error is passed on (504, 502, 409 as for any command).
 */
export async function requestReport(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  asked: ReportAsked,
): Promise<ReportRequested> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  requireConnected201(found);
  const id = found.chargePoint.id;
  const requestId = await deps.deviceModel.nextReportRequestId(tenantId, id);
  const criteria =
    asked.kind === 'criteria'
      ? compact({ componentVariable: asked.componentVariable, componentCriteria: asked.componentCriteria })
      : undefined;
  await deps.deviceModel.createReportRequest(tenantId, id, {
    kind: 'report',
    requestId,
    requestedAt: deps.clock.now().toISOString(),
    ...(asked.kind === 'base' ? { reportBase: asked.reportBase } : { criteria }),
  });
  let answer: Ocpp201.GetBaseReportResponse | Ocpp201.GetReportResponse;
  try {
    answer =
      asked.kind === 'base'
        ? ((await callChargePoint(deps, tenantId, id, 'GetBaseReport', {
            requestId,
            reportBase: asked.reportBase,
          } satisfies Ocpp201.GetBaseReportRequest)) as Ocpp201.GetBaseReportResponse)
        : ((await callChargePoint(deps, tenantId, id, 'GetReport', {
            requestId,
            ...criteria,
          } satisfies Ocpp201.GetReportRequest)) as Ocpp201.GetReportResponse);
  } catch (error) {
    if (error instanceof DomainError) {
      await deps.deviceModel.recordReportAnswer(tenantId, id, 'report', requestId, {
        status: 'failed',
        error: error.message,
      });
    }
    throw error;
  }
  const statusInfo = answer.statusInfo ? compact({ ...answer.statusInfo }) : undefined;
  await deps.deviceModel.recordReportAnswer(tenantId, id, 'report', requestId, {
    chargerStatus: answer.status,
    ...(statusInfo ? { statusInfo } : {}),
    ...(answered[answer.status] ? { status: answered[answer.status] } : {}),
  });
  return { requestId, status: answer.status, ...(statusInfo ? { statusInfo } : {}) };
}
