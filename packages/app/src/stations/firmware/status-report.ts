import type { FirmwareReportKind } from '@csms/db';
import type { Deps } from '../../deps.ts';

/** A charger's progress report on a firmware update or a diagnostics upload. */
export interface FirmwareStatusReportCommand {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly kind: FirmwareReportKind;
  /** As the charger names it (e.g. `Downloading`, `Uploaded`); every status is kept, none refused. */
  readonly status: string;
  /** OCPP 2.0.1 and the 1.6 security extension name the request the status is about. */
  readonly requestId?: number | undefined;
  readonly receivedAt: Date;
}

/**
 * Kept on the charger's live record (the current status, for the operator) and in its history, stamped with
 * the time the CSMS received it: these reports carry no timestamp of their own.
 */
export async function recordFirmwareStatusReport(
  deps: Pick<Deps, 'chargePoints'>,
  report: FirmwareStatusReportCommand,
): Promise<void> {
  await deps.chargePoints.recordFirmwareStatus(
    report.tenantId,
    report.chargePointId,
    report.kind,
    report.status,
    report.receivedAt,
    report.requestId,
  );
}
