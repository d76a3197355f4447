import type { BootInfo } from '@csms/core';
import type { OcppVersion } from '@csms/ocpp';
import type { Deps } from '../deps.ts';
import { reapplyAvailabilityAtBoot } from './charge-point-availability.ts';
import { heartbeatIntervalFor } from './heartbeat-interval.ts';

/** A charger announced itself after (re)starting, whatever OCPP version it speaks. */
export interface BootReport {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly ocppVersion: OcppVersion;
  readonly boot: BootInfo;
  readonly receivedAt: Date;
}

export interface BootOutcome {
  /** How often the charger is to send a heartbeat: the tenant's setting, else the default. */
  readonly heartbeatIntervalSeconds: number;
}

/**
 * Every registered charger is accepted: it proved its identity at the handshake, so a boot only records what
 * the charger says it is. The interval keeps the connection busier than API Gateway's 10-minute idle timeout.
 * A charger that missed a maintenance change while offline is told now (`reapplyAvailabilityAtBoot`, which
 * takes the full `Deps` to send it a command).
 */
export async function recordChargerBoot(deps: Deps, report: BootReport): Promise<BootOutcome> {
  const { tenantId, chargePointId } = report;
  await deps.chargePoints.recordBoot(tenantId, chargePointId, {
    ...report.boot,
    receivedAt: report.receivedAt.toISOString(),
  });
  const heartbeatIntervalSeconds = await heartbeatIntervalFor(deps, tenantId);
  await reapplyAvailabilityAtBoot(deps, tenantId, chargePointId, report.ocppVersion);
  return { heartbeatIntervalSeconds };
}
