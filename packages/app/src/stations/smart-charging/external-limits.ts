import type { Deps } from '../../deps.ts';

/**
 * Limits an external system (an EMS, the grid operator) set on a charger, as the charger reports them
 * (OCPP 2.0.1 NotifyChargingLimit / ClearedChargingLimit). The CSMS records them for the operator; it does not
 * plan around them yet. A report without an EVSE is about the charger as a whole, recorded as EVSE 0.
 */
export interface ExternalLimitReport {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly evseId?: number | undefined;
  readonly source: 'EMS' | 'Other' | 'SO' | 'CSO';
  readonly isGridCritical?: boolean | undefined;
  readonly chargingSchedules?: readonly Record<string, unknown>[] | undefined;
  readonly receivedAt: Date;
}

export async function recordExternalLimit(
  deps: Pick<Deps, 'chargingReports'>,
  report: ExternalLimitReport,
): Promise<void> {
  await deps.chargingReports.recordExternalChargingLimit(report.tenantId, report.chargePointId, {
    evseId: report.evseId ?? 0,
    source: report.source,
    ...(report.isGridCritical === undefined ? {} : { isGridCritical: report.isGridCritical }),
    ...(report.chargingSchedules === undefined ? {} : { chargingSchedules: report.chargingSchedules }),
    // The message carries no time of its own.
    reportedAt: report.receivedAt.toISOString(),
  });
}

export interface ExternalLimitCleared {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly evseId?: number | undefined;
  readonly source: 'EMS' | 'Other' | 'SO' | 'CSO';
  readonly receivedAt: Date;
}

/**
 * Marks the limit of that source cleared (kept, so the operator sees it was lifted). A clearing of a limit the
 * CSMS never heard of (reported before the charger was ours, or lost) is acknowledged all the same: false.
 */
export async function clearExternalLimit(
  deps: Pick<Deps, 'chargingReports' | 'log'>,
  cleared: ExternalLimitCleared,
): Promise<boolean> {
  const evseId = cleared.evseId ?? 0;
  const known = await deps.chargingReports.clearExternalChargingLimit(
    cleared.tenantId,
    cleared.chargePointId,
    evseId,
    cleared.source,
    cleared.receivedAt.toISOString(),
  );
  if (!known)
    deps.log.info('Cleared a charging limit that was never reported', { evseId, source: cleared.source });
  return known;
}
