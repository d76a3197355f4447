import type { Deps } from '@csms/app/deps';
import { ConflictError, chargePointIdSchema, NotFoundError, ValidationError } from '@csms/core';
import type { ChargePointWithConnectors } from '@csms/db';
import { isOcppVersion, type OcppVersion } from '@csms/ocpp';

/**
 * Lookups shared by the feature-profile routes (remote control, local lists, reservations, smart charging,
 * firmware), which read the charge point before they send anything: an unknown or foreign id is 404 before
 * any other check, and an offline charger is refused before anything is recorded.
 */
export async function requireChargePoint(
  deps: Pick<Deps, 'chargePoints'>,
  tenantId: string,
  id: string,
): Promise<ChargePointWithConnectors> {
  const found = chargePointIdSchema.safeParse(id).success
    ? await deps.chargePoints.getChargePoint(tenantId, id)
    : undefined;
  if (!found) throw new NotFoundError('Charge point');
  return found;
}

/**
 * A decommissioned charge point keeps its record (history, invoices) and its identity, but nothing about it
 * can be changed any more: 409 for every change.
 */
export async function requireActiveChargePoint(
  deps: Pick<Deps, 'chargePoints'>,
  tenantId: string,
  id: string,
): Promise<ChargePointWithConnectors> {
  const found = await requireChargePoint(deps, tenantId, id);
  if (found.chargePoint.decommissionedAt !== undefined) {
    throw new ConflictError(`Charge point ${id} is decommissioned and can no longer be changed`);
  }
  return found;
}

/** The same for a charge point named in a request body: unknown is a field error (422), like other references. */
export async function requireChargePointField(
  deps: Pick<Deps, 'chargePoints'>,
  tenantId: string,
  id: string,
  field = 'chargePointId',
): Promise<ChargePointWithConnectors> {
  const found = chargePointIdSchema.safeParse(id).success
    ? await deps.chargePoints.getChargePoint(tenantId, id)
    : undefined;
  // The id is not repeated: a probe with another tenant's id reads the same as a typo.
  if (!found) throw new ValidationError([{ field, message: 'No such charge point in this tenant' }]);
  return found;
}

/**
 * These routes build OCPP 1.6 payloads. A charger that is offline is a 409 (as for any command); one that
 * negotiated another version is a 409 too, rather than a confusing schema error about a 1.6 payload.
 */
/** The version a connected charger speaks; 409 when it is not connected. */
export function requireConnected(found: ChargePointWithConnectors): OcppVersion {
  const { chargePoint } = found;
  if (!chargePoint.connectionId) throw new ConflictError(`Charge point ${chargePoint.id} is not connected`);
  if (!chargePoint.ocppVersion || !isOcppVersion(chargePoint.ocppVersion)) {
    throw new ConflictError(`Charge point ${chargePoint.id} connected without a known OCPP version`);
  }
  return chargePoint.ocppVersion;
}

export function requireConnected16(found: ChargePointWithConnectors): void {
  const { chargePoint } = found;
  if (!chargePoint.connectionId) throw new ConflictError(`Charge point ${chargePoint.id} is not connected`);
  if (chargePoint.ocppVersion !== 'ocpp1.6') {
    throw new ConflictError(
      `Charge point ${chargePoint.id} speaks ${chargePoint.ocppVersion ?? 'an unknown version'}; this operation is implemented for OCPP 1.6`,
    );
  }
}

export function requireNotInMaintenance(found: ChargePointWithConnectors): void {
  if (found.chargePoint.maintenance === true) {
    throw new ConflictError(`Charge point ${found.chargePoint.id} is in maintenance`);
  }
}
