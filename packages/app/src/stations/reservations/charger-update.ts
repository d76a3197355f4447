import type { ReservationUpdateStatus } from '@csms/core';
import type { Deps } from '../../deps.ts';

/** OCPP 2.0.1 ReservationStatusUpdate: the charger ended a reservation on its own. */
export interface ReservationStatusUpdate {
  readonly tenantId: string;
  readonly chargePointId: string;
  /** The OCPP reservation id (our `reservationId`, unique per tenant). */
  readonly reservationId: number;
  readonly status: ReservationUpdateStatus;
  readonly receivedAt: Date;
}

/** `ended`: the reservation moved on; otherwise why nothing changed. */
export type ReservationUpdateOutcome = 'ended' | 'unknown' | 'other-charger' | 'already-ended';

/**
 * `Expired` ends the reservation as `expired`, `Removed` as `cancelled` (the charger dropped it, e.g. because
 * its EVSE became inoperative); either way the charger's word is kept in `chargerUpdateStatus`. Only a
 * reservation of the same charger that still holds a connector moves, so a late or replayed update cannot undo
 * a reservation that was used meanwhile. The message has no answer to give, so nothing here fails it.
 */
export async function endReservationByCharger(
  deps: Pick<Deps, 'reservations' | 'log'>,
  update: ReservationStatusUpdate,
): Promise<ReservationUpdateOutcome> {
  const outcome = await applyUpdate(deps, update);
  if (outcome !== 'ended') {
    deps.log.warn('ReservationStatusUpdate changed no reservation', {
      reservationId: update.reservationId,
      reservationUpdateStatus: update.status,
      outcome,
    });
  }
  return outcome;
}

async function applyUpdate(
  deps: Pick<Deps, 'reservations'>,
  update: ReservationStatusUpdate,
): Promise<ReservationUpdateOutcome> {
  const reservation = await deps.reservations.findReservationByNumber(update.tenantId, update.reservationId);
  if (!reservation) return 'unknown';
  // Reservation numbers are per tenant: another charger's reservation is not this charger's to end.
  if (reservation.chargePointId !== update.chargePointId) return 'other-charger';
  const at = update.receivedAt.toISOString();
  const moved = await deps.reservations.updateReservation(
    update.tenantId,
    reservation.id,
    ['Accepted', 'pending', 'failed'],
    update.status === 'Expired'
      ? { status: 'expired', chargerUpdateStatus: 'Expired', updatedAt: at }
      : { status: 'cancelled', chargerUpdateStatus: 'Removed', cancelledAt: at, updatedAt: at },
  );
  return moved ? 'ended' : 'already-ended';
}
