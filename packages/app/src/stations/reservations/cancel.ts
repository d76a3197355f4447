import type { Deps } from '@csms/app/deps';
import {
  ConflictError,
  effectiveReservationStatus,
  isReservationCancellable,
  type Reservation,
} from '@csms/core';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireConnected } from '../commands/charger-lookup.ts';
import { requireReservation } from './lookup.ts';

/**
 * CancelReservation. The charger answers Rejected when it holds no such reservation (it expired or was used
 * meanwhile): either way the connector is no longer held, so the reservation reads `cancelled`, with the
 * charger's answer kept in `cancelStatus`. `now` defaults to the clock; tests may pass an instant.
 */
export async function cancelReservation(
  deps: Deps,
  tenantId: string,
  id: string,
  now: Date = deps.clock.now(),
): Promise<Reservation> {
  const reservation = await requireReservation(deps, tenantId, id);
  if (!isReservationCancellable(reservation, now)) {
    throw new ConflictError(
      `Reservation ${reservation.id} is ${effectiveReservationStatus(reservation, now)}: nothing to cancel`,
    );
  }
  const found = await deps.chargePoints.getChargePoint(tenantId, reservation.chargePointId);
  if (!found) throw new ConflictError(`The charge point of reservation ${reservation.id} no longer exists`);
  // The same message and answers in both versions; only the schema it is checked against differs.
  const payload = { reservationId: reservation.reservationId };
  const result =
    requireConnected(found) === 'ocpp1.6'
      ? await call16(deps, tenantId, reservation.chargePointId, 'CancelReservation', payload)
      : await call201(deps, tenantId, reservation.chargePointId, 'CancelReservation', payload);
  const at = deps.clock.now().toISOString();
  await deps.reservations.updateReservation(tenantId, reservation.id, ['Accepted', 'pending', 'failed'], {
    status: 'cancelled',
    cancelStatus: result.status,
    cancelledAt: at,
    updatedAt: at,
  });
  return requireReservation(deps, tenantId, reservation.id);
}
