import type { Deps } from '@csms/app/deps';
import type { FirmwareRequest, FirmwareStatusReport } from '@csms/db';
import { requireChargePoint } from '../commands/charger-lookup.ts';

/** The current firmware and diagnostics status (live item) and the recent history of requests and reports. */
export interface FirmwareOverview {
  readonly chargePointId: string;
  readonly firmwareVersion: string | null;
  readonly firmwareStatus: { readonly status: string; readonly at: string } | null;
  readonly diagnosticsStatus: { readonly status: string; readonly at: string } | null;
  readonly requests: FirmwareRequest[];
  readonly statusHistory: FirmwareStatusReport[];
}

interface LiveFirmwareFields {
  readonly firmwareStatus?: { readonly status: string; readonly at: string };
  readonly diagnosticsStatus?: { readonly status: string; readonly at: string };
}

export async function firmwareOverview(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
): Promise<FirmwareOverview> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const { chargePoint } = found;
  // `recordFirmwareStatus` keeps the current statuses on the live item, merged into the charge point as read.
  const live = chargePoint as typeof chargePoint & LiveFirmwareFields;
  const history = await deps.firmware.firmwareHistory(tenantId, chargePoint.id);
  return {
    chargePointId: chargePoint.id,
    firmwareVersion: chargePoint.boot?.firmwareVersion ?? null,
    firmwareStatus: live.firmwareStatus ?? null,
    diagnosticsStatus: live.diagnosticsStatus ?? null,
    requests: history.requests,
    statusHistory: history.statuses,
  };
}
