import type { Deps } from '@csms/app/deps';
import {
  DomainError,
  newId,
  type Reservation,
  type ReservationChargerStatus,
  ValidationError,
} from '@csms/core';
import type { OcppVersion } from '@csms/ocpp';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import {
  requireChargePointField,
  requireConnected,
  requireNotInMaintenance,
} from '../commands/charger-lookup.ts';
import {
  type AuthorizedIdTag,
  type IdTagChoice,
  resolveAuthorizedIdTag,
} from '../remote-control/resolve-id-tag.ts';

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
  const version = requireConnected(found);
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
    const status = await askToReserve(deps, version, reservation, authorized);
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

/**
 * ReserveNow in the charger's version; both answer with the same five statuses. In 2.0.1 the route's connector
 * is the EVSE id, and 0 ("any connector") is an absent `evseId`. The token goes with the type the charger will
 * read it as when the driver arrives (a card at the reader is `ISO14443`), so it matches the reservation; any
 * other token, and the group, were authorized by the CSMS: `Central`.
 */
async function askToReserve(
  deps: Deps,
  version: OcppVersion,
  reservation: Reservation,
  authorized: AuthorizedIdTag,
): Promise<ReservationChargerStatus> {
  const { tenantId, chargePointId } = reservation;
  if (version === 'ocpp1.6') {
    const result = await call16(deps, tenantId, chargePointId, 'ReserveNow', {
      connectorId: reservation.connectorId,
      expiryDate: reservation.expiresAt,
      idTag: reservation.idTag,
      ...(reservation.groupIdTag === undefined ? {} : { parentIdTag: reservation.groupIdTag }),
      reservationId: reservation.reservationId,
    });
    return result.status;
  }
  const result = await call201(deps, tenantId, chargePointId, 'ReserveNow', {
    id: reservation.reservationId,
    expiryDateTime: reservation.expiresAt,
    idToken: { idToken: reservation.idTag, type: authorized.type === 'RFID' ? 'ISO14443' : 'Central' },
    ...(reservation.connectorId === 0 ? {} : { evseId: reservation.connectorId }),
    ...(reservation.groupIdTag === undefined
      ? {}
      : { groupIdToken: { idToken: reservation.groupIdTag, type: 'Central' } }),
  });
  return result.status;
}
