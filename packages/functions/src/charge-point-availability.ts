/**
 * SEAM — OCPP ChangeAvailability (a later issue). Maintenance is already recorded and shown by the API (S1:
 * every connector reads Unavailable); telling the charger itself to go Inoperative/Operative is not done yet.
 * The PATCH route calls this whenever the maintenance flag flips. The command implementation belongs here:
 * send ChangeAvailability (1.6: connectorId 0, type Inoperative|Operative; 2.0.1: operationalStatus) over
 * `connectionId` when connected, and re-apply it when a charger in maintenance boots (BootNotification).
 */
export interface MaintenanceChange {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly maintenance: boolean;
  /** The charger's current connection, if any. */
  readonly connectionId: string | undefined;
}

/** What happened on the charger's side; until the command exists, nothing is sent. */
export type AvailabilityRequestOutcome = 'not-sent';

export async function requestAvailabilityForMaintenance(
  _change: MaintenanceChange,
): Promise<AvailabilityRequestOutcome> {
  return 'not-sent';
}
