import type { Deps } from '../../deps.ts';

/** A charger's progress report on a log upload it was asked for (GetLog; LogStatusNotification). */
export interface LogStatusReport {
  readonly tenantId: string;
  readonly chargePointId: string;
  /** As the charger names it (`Uploading`, `Uploaded`, `UploadFailure`…); every status is kept. */
  readonly status: string;
  readonly requestId?: number | undefined;
  readonly receivedAt: Date;
}

/**
 * Only the latest status is kept, on the charger's live item, where the charge point view shows it; the report
 * carries no timestamp of its own, so it is stamped with the time the CSMS received it.
 */
export async function recordLogStatusReport(
  deps: Pick<Deps, 'chargePoints'>,
  report: LogStatusReport,
): Promise<void> {
  await deps.chargePoints.recordLogUploadStatus(report.tenantId, report.chargePointId, {
    status: report.status,
    at: report.receivedAt.toISOString(),
    ...(report.requestId === undefined ? {} : { requestId: report.requestId }),
  });
}
