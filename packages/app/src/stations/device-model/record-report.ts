import { chargerInstant } from '@csms/core';
import type { DeviceReportStatus, VariableReport } from '@csms/db';
import type { Ocpp201 } from '@csms/ocpp';
import type { Deps } from '../../deps.ts';
import { compact, componentRefOf, variableRefOf } from './ocpp201-mapping.ts';

/** One NotifyReport part, as the charger sent it. */
export interface NotifyReportCommand {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly receivedAt: Date;
  readonly report: Ocpp201.NotifyReportRequest;
}

export interface NotifyReportOutcome {
  readonly status: DeviceReportStatus;
  /** Variables this part changed, and those it named but a newer report had overtaken. */
  readonly written: number;
  readonly unchanged: number;
  /** Variables deleted because a completed full inventory no longer names them. */
  readonly pruned: number;
}

/**
 * Stores the variables of one part (newest report wins, per attribute type), then counts the part in. The
 * variables go first, so a request shown `complete` has all its data stored. Once a FullInventory the CSMS
 * asked for is complete, variables it did not name are the charger's no longer and are removed; that also runs
 * for a part repeated after completion, so a prune cut short by a failure is finished by the charger's retry.
 */
export async function recordNotifyReport(
  deps: Pick<Deps, 'deviceModel' | 'log'>,
  command: NotifyReportCommand,
): Promise<NotifyReportOutcome> {
  const { tenantId, chargePointId, report } = command;
  const generatedAt = chargerInstant(report.generatedAt);
  const stored = await deps.deviceModel.storeReportedVariables(
    tenantId,
    chargePointId,
    { requestId: report.requestId, generatedAt },
    (report.reportData ?? []).map(variableReportOf),
  );
  const { request, completedNow } = await deps.deviceModel.recordReportPart(
    tenantId,
    chargePointId,
    'report',
    {
      requestId: report.requestId,
      seqNo: report.seqNo,
      tbc: report.tbc ?? false,
      generatedAt,
      receivedAt: command.receivedAt.toISOString(),
    },
  );
  let pruned = 0;
  if (
    request.status === 'complete' &&
    request.reportBase === 'FullInventory' &&
    request.earliestGeneratedAt
  ) {
    pruned = await deps.deviceModel.pruneReportedVariables(tenantId, chargePointId, {
      requestId: report.requestId,
      olderThan: request.earliestGeneratedAt,
    });
  }
  if (completedNow) {
    deps.log.info('Device model report complete', {
      requestId: report.requestId,
      parts: request.seqNos.length,
      pruned,
    });
  }
  return { status: request.status, ...stored, pruned };
}

/** OCPP's default attribute type is Actual: filled in, so each type has one place in the stored variable. */
export function variableReportOf(data: Ocpp201.ReportDataType): VariableReport {
  const characteristics = data.variableCharacteristics;
  return {
    component: componentRefOf(data.component),
    variable: variableRefOf(data.variable),
    attributes: data.variableAttribute.map((attribute) =>
      compact({
        type: attribute.type ?? 'Actual',
        value: attribute.value,
        mutability: attribute.mutability,
        persistent: attribute.persistent,
        constant: attribute.constant,
      }),
    ),
    ...(characteristics ? { characteristics: compact({ ...characteristics }) } : {}),
  };
}
