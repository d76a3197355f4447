/**
 * A reservation of a connector for one idTag until `expiresAt` (OCPP Reservation profile), independent of the
 * OCPP version that carries it. `reservationId` is the integer the charger knows it by (unique per tenant);
 * `id` is the API's own, unguessable id.
 */
export const reservationChargerStatuses = [
  'Accepted',
  'Faulted',
  'Occupied',
  'Rejected',
  'Unavailable',
] as const;
export type ReservationChargerStatus = (typeof reservationChargerStatuses)[number];

/** Why an OCPP 2.0.1 charger says a reservation ended (ReservationStatusUpdate). */
export const reservationUpdateStatuses = ['Expired', 'Removed'] as const;
export type ReservationUpdateStatus = (typeof reservationUpdateStatuses)[number];

/**
 * `pending`: sent, no answer yet; the charger's answer (capitalised, as OCPP spells it); `failed`: the
 * charger gave no usable answer (it may or may not hold the reservation); then the lifecycle of an accepted
 * one: `used` by a StartTransaction, `expired`, `cancelled`.
 */
export const reservationStatuses = [
  'pending',
  ...reservationChargerStatuses,
  'failed',
  'used',
  'expired',
  'cancelled',
] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];

export interface Reservation {
  readonly id: string;
  readonly tenantId: string;
  readonly reservationId: number;
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly idTag: string;
  readonly groupIdTag?: string;
  readonly customerId?: string;
  readonly expiresAt: string;
  readonly status: ReservationStatus;
  /** The charger's answer to ReserveNow, kept after the status moves on. */
  readonly chargerStatus?: ReservationChargerStatus;
  /** Why the request failed (CALLERROR code, timeout) when `status` is `failed`. */
  readonly error?: string;
  readonly sessionId?: string;
  readonly usedAt?: string;
  readonly cancelledAt?: string;
  /** The charger's answer to CancelReservation. */
  readonly cancelStatus?: 'Accepted' | 'Rejected';
  /**
   * OCPP 2.0.1 ReservationStatusUpdate: the charger ended the reservation itself, because it expired
   * (`expired`) or because it removed it (`cancelled`, e.g. its EVSE became inoperative).
   */
  readonly chargerUpdateStatus?: ReservationUpdateStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Expiry needs no write: an accepted reservation past `expiresAt` reads as `expired` (the charger drops it on
 * its own at that time, OCPP 1.6 §5.13).
 */
export function effectiveReservationStatus(reservation: Reservation, now: Date): ReservationStatus {
  if (reservation.status === 'Accepted' && reservation.expiresAt <= now.toISOString()) return 'expired';
  return reservation.status;
}

/**
 * Worth a CancelReservation: accepted and in force, or not known to be refused (no answer: the charger may
 * hold it all the same).
 */
export function isReservationCancellable(reservation: Reservation, now: Date): boolean {
  const status = effectiveReservationStatus(reservation, now);
  return status === 'Accepted' || status === 'pending' || status === 'failed';
}
