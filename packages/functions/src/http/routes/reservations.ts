import { cancelReservation } from '@csms/app/stations/reservations/cancel';
import { listReservations } from '@csms/app/stations/reservations/list';
import { requireReservation } from '@csms/app/stations/reservations/lookup';
import { reserveConnector } from '@csms/app/stations/reservations/reserve';
import { isoInstantSchema, reservationStatuses } from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import { reservationView, toReservationView } from './reservation-view.ts';

/** Reservation profile: hold a connector for a driver until a given time (ReserveNow / CancelReservation). */
const TAG = 'Reservations';

const reserveBody = z
  .strictObject({
    chargePointId: z.string().min(1).max(48),
    connectorId: z
      .number()
      .int()
      .min(0)
      .describe('0: any connector (if the charger supports it); on OCPP 2.0.1 the EVSE id, 0: any EVSE'),
    idTag: z.string().min(1).max(20).optional(),
    customerId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("Reserve for a customer: one of the customer's accepted, unexpired tokens is used"),
    expiresAt: isoInstantSchema.describe('When the charger releases the connector'),
  })
  .superRefine((value, ctx) => {
    if ((value.idTag === undefined) === (value.customerId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['idTag'],
        message: 'Give exactly one of `idTag` and `customerId`',
      });
    }
  });

export const reservationRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/reservations',
    operationId: 'createReservation',
    summary: 'Reserve a connector',
    description:
      'ReserveNow with an OCPP reservationId unique in the tenant. Rule I4 is applied first (409 when the token ' +
      'or customer may not charge). The reservation is created whatever the charger answers; its `status` is ' +
      'the answer (Accepted, Faulted, Occupied, Rejected, Unavailable). A StartTransaction that names it marks ' +
      'it `used`; past `expiresAt` it reads `expired`. The connector shows `Reserved` once the charger reports it. ' +
      'An OCPP 2.0.1 charger gets ReserveNow with the token as `ISO14443` (an RFID card) or `Central`; a ' +
      'TransactionEvent naming the reservation uses it, a ReservationStatusUpdate ends it.',
    tag: TAG,
    roles: ACCESS.operate,
    body: reserveBody,
    responses: { 201: { description: 'The reservation with the charger’s answer', schema: reservationView } },
    handle: async ({ principal, body, deps }) => {
      const reservation = await reserveConnector(deps, principal.tenantId, body);
      // Viewed at the time of the answer: the charger may have taken a while.
      return created(toReservationView(reservation, deps.clock.now()));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/reservations',
    operationId: 'listReservations',
    summary: 'List reservations, newest first',
    description:
      'Filters apply to each page after it is read: a page may hold fewer than `limit` items while `nextCursor` ' +
      'is still non-null.',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery.extend({
      chargePointId: z.string().min(1).max(48).optional(),
      status: z.enum(reservationStatuses).optional(),
    }),
    responses: { 200: { description: 'A page of reservations', schema: pageOf(reservationView) } },
    handle: async ({ principal, query, deps }) => {
      const page = await listReservations(deps, principal.tenantId, query);
      return ok({
        items: page.items.map((reservation) => toReservationView(reservation, page.at)),
        nextCursor: page.nextCursor,
      });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/reservations/{id}',
    operationId: 'getReservation',
    summary: 'Read a reservation',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The reservation', schema: reservationView } },
    handle: async ({ principal, params, deps }) =>
      ok(toReservationView(await requireReservation(deps, principal.tenantId, params.id), deps.clock.now())),
  }),
  route({
    method: 'DELETE',
    path: '/v1/reservations/{id}',
    operationId: 'cancelReservation',
    summary: 'Cancel a reservation',
    description:
      'CancelReservation. 409 when the reservation no longer holds a connector (used, expired, cancelled, or ' +
      'refused by the charger). A charger that no longer knows it answers Rejected: it reads `cancelled` all the ' +
      'same, with `cancelStatus` Rejected.',
    tag: TAG,
    roles: ACCESS.operate,
    responses: { 200: { description: 'The cancelled reservation', schema: reservationView } },
    handle: async ({ principal, params, deps }) =>
      ok(toReservationView(await cancelReservation(deps, principal.tenantId, params.id), deps.clock.now())),
  }),
];
