import type { Deps } from '@csms/app/deps';
import {
  DomainError,
  newId,
  type Reservation,
  type ReservationChargerStatus,
  ValidationError,
} from '@csms/core';
import { call16 } from '../commands/call-ocpp16.ts';
import {
  requireChargePointField,
  requireConnected16,
  requireNotInMaintenance,
} from '../commands/charger-lookup.ts';
import { type IdTagChoice, resolveAuthorizedIdTag } from '../remote-control/resolve-id-tag.ts';

/**
 * Reservation profile: holds a connector for one authorized idTag until `expiresAt` (ReserveNow). The
 * reservation is written before the charger is asked, so a StartTransaction that uses it right after the
 * charger accepted always finds it; the charger's answer then becomes its status.
 */
export interface ReserveRequest extends IdTagChoice {
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly expiresAt: string;
}

export async function reserveConnector(
  deps: Deps,
  tenantId: string,
  request: ReserveRequest,
  // The clock's now unless a test picks the instant.
  now: Date = deps.clock.now(),
): Promise<Reservation> {
  const found = await requireChargePointField(deps, tenantId, request.chargePointId);
  if (request.expiresAt <= now.toISOString()) {
    throw new ValidationError([{ field: 'expiresAt', message: 'Must be in the future' }]);
  }
  requireNotInMaintenance(found);
  requireConnected16(found);
  const authorized = await resolveAuthorizedIdTag(deps, tenantId, request, now);

  const at = now.toISOString();
  const reservation: Reservation = {
    id: newId('rsv'),
    tenantId,
    reservationId: await deps.reservations.nextReservationNumber(tenantId),
    chargePointId: found.chargePoint.id,
    connectorId: request.connectorId,
    idTag: authorized.idTag,
    ...(authorized.groupIdTag === undefined ? {} : { groupIdTag: authorized.groupIdTag }),
    customerId: authorized.customerId,
    expiresAt: request.expiresAt,
    status: 'pending',
    createdAt: at,
    updatedAt: at,
  };
  await deps.reservations.createReservation(reservation);

  try {
    const result = await call16(deps, tenantId, reservation.chargePointId, 'ReserveNow', {
      connectorId: reservation.connectorId,
      expiryDate: reservation.expiresAt,
      idTag: reservation.idTag,
      ...(reservation.groupIdTag === undefined ? {} : { parentIdTag: reservation.groupIdTag }),
      reservationId: reservation.reservationId,
    });
    const status: ReservationChargerStatus = result.status;
    // Only from pending: a StartTransaction may already have used it.
    await deps.reservations.updateReservation(tenantId, reservation.id, ['pending'], {
      status,
      chargerStatus: status,
      updatedAt: deps.clock.now().toISOString(),
    });
  } catch (error) {
    if (error instanceof DomainError) {
      await deps.reservations.updateReservation(tenantId, reservation.id, ['pending'], {
        status: 'failed',
        error: error.message,
        updatedAt: deps.clock.now().toISOString(),
      });
    }
    throw error;
  }
  return (await deps.reservations.getReservation(tenantId, reservation.id)) ?? reservation;
}
