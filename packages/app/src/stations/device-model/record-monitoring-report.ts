import { chargerInstant } from '@csms/core';
import type { DeviceReportStatus, ReportedMonitor } from '@csms/db';
import type { Ocpp201 } from '@csms/ocpp';
import type { Deps } from '../../deps.ts';
import { componentRefOf, variableRefOf } from './ocpp201-mapping.ts';

/** One NotifyMonitoringReport part (answering GetMonitoringReport), as the charger sent it. */
export interface MonitoringReportCommand {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly receivedAt: Date;
  readonly report: Ocpp201.NotifyMonitoringReportRequest;
}

/**
 * Stores the monitors of one part, one per monitor id (ids are unique per charger), and counts the part in on
 * its request as NotifyReport does, so the request shows `receiving` / `complete` in the same way.
 */
export async function recordMonitoringReport(
  deps: Pick<Deps, 'deviceModel'>,
  command: MonitoringReportCommand,
): Promise<{ readonly status: DeviceReportStatus; readonly monitors: number }> {
  const { tenantId, chargePointId, report } = command;
  const generatedAt = chargerInstant(report.generatedAt);
  const monitors: ReportedMonitor[] = (report.monitor ?? []).flatMap((data) =>
    data.variableMonitoring.map((monitor) => ({
      id: monitor.id,
      component: componentRefOf(data.component),
      variable: variableRefOf(data.variable),
      transaction: monitor.transaction,
      value: monitor.value,
      type: monitor.type,
      severity: monitor.severity,
      requestId: report.requestId,
      reportedAt: generatedAt,
    })),
  );
  await deps.deviceModel.storeReportedMonitors(tenantId, chargePointId, monitors);
  const { request } = await deps.deviceModel.recordReportPart(tenantId, chargePointId, 'monitoring', {
    requestId: report.requestId,
    seqNo: report.seqNo,
    tbc: report.tbc ?? false,
    generatedAt,
    receivedAt: command.receivedAt.toISOString(),
  });
  return { status: request.status, monitors: monitors.length };
}
