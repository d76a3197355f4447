import {
  effectiveReservationStatus,
  type Reservation,
  reservationChargerStatuses,
  reservationStatuses,
  reservationUpdateStatuses,
} from '@csms/core';
import * as z from 'zod';
import { isoTimestamp } from '../schemas.ts';

export const reservationView = z
  .object({
    id: z.string(),
    reservationId: z.number().int().describe('The OCPP reservationId (unique per tenant)'),
    chargePointId: z.string(),
    connectorId: z.number().int().describe('0: any connector of the charger'),
    idTag: z.string(),
    customerId: z.string().nullable(),
    expiresAt: isoTimestamp,
    status: z
      .enum(reservationStatuses)
      .describe(
        "`pending` (sent), the charger's answer (Accepted, Faulted, Occupied, Rejected, Unavailable), `failed` " +
          '(no usable answer), then `used` (by a StartTransaction), `expired`, `cancelled`',
      ),
    chargerStatus: z
      .enum(reservationChargerStatuses)
      .nullable()
      .describe("The charger's answer to ReserveNow"),
    error: z.string().nullable(),
    sessionId: z.string().nullable().describe('The session that used the reservation'),
    usedAt: isoTimestamp.nullable(),
    cancelledAt: isoTimestamp.nullable(),
    cancelStatus: z
      .enum(['Accepted', 'Rejected'])
      .nullable()
      .describe("The charger's answer to CancelReservation"),
    chargerUpdateStatus: z
      .enum(reservationUpdateStatuses)
      .nullable()
      .describe('OCPP 2.0.1: the charger ended the reservation itself (ReservationStatusUpdate)'),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'Reservation' });

export const toReservationView = (reservation: Reservation, now: Date): z.infer<typeof reservationView> => ({
  id: reservation.id,
  reservationId: reservation.reservationId,
  chargePointId: reservation.chargePointId,
  connectorId: reservation.connectorId,
  idTag: reservation.idTag,
  customerId: reservation.customerId ?? null,
  expiresAt: reservation.expiresAt,
  status: effectiveReservationStatus(reservation, now),
  chargerStatus: reservation.chargerStatus ?? null,
  error: reservation.error ?? null,
  sessionId: reservation.sessionId ?? null,
  usedAt: reservation.usedAt ?? null,
  cancelledAt: reservation.cancelledAt ?? null,
  cancelStatus: reservation.cancelStatus ?? null,
  chargerUpdateStatus: reservation.chargerUpdateStatus ?? null,
  createdAt: reservation.createdAt,
  updatedAt: reservation.updatedAt,
});
