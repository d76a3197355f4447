import type { ConnectorStatus } from '@csms/core';
import type { OcppVersion } from '@csms/ocpp';
import type { Deps } from '../deps.ts';
import { recordStatusForActiveSession } from '../pricing/status-history.ts';

/** A charger reported the status of one of its connectors (connector 0: the charger itself). */
export interface ConnectorStatusReport {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly ocppVersion: OcppVersion;
  /** `updatedAt` is the charger's time of the report, which orders reports that arrive late. */
  readonly status: ConnectorStatus;
}

/**
 * Keeps the latest status per connector (an older report arriving late changes nothing). The report is also
 * added to the session running on the connector, since pricing needs all the statuses of a session, not just
 * the latest (charging vs idle time). OCPP 2.0.1 reports its charging state in TransactionEvent instead; of
 * its connector statuses only `Available` (the car has left) matters to pricing, and it joins the same way.
 */
export async function recordConnectorStatusReport(
  deps: Pick<Deps, 'chargePoints' | 'sessions' | 'sessionStatuses'>,
  report: ConnectorStatusReport,
): Promise<void> {
  const { tenantId, chargePointId, status } = report;
  if (status.evseConnectorId !== undefined) {
    // 2.0.1: the connector joins its EVSE, and what sessions and pricing see is the EVSE's derived status
    // (Available only once every connector is). A report older than its connector's last changes nothing.
    const evse = await deps.chargePoints.recordEvseConnectorStatus(
      tenantId,
      chargePointId,
      status.connectorId,
      status.evseConnectorId,
      { status: status.status, updatedAt: status.updatedAt },
    );
    if (evse) {
      await recordStatusForActiveSession(
        deps,
        tenantId,
        chargePointId,
        evse.connectorId,
        evse.status,
        status.updatedAt,
      );
    }
    return;
  }
  await Promise.all([
    deps.chargePoints.recordConnectorStatus(tenantId, chargePointId, status),
    recordStatusForActiveSession(
      deps,
      tenantId,
      chargePointId,
      status.connectorId,
      status.status,
      status.updatedAt,
    ),
  ]);
}
