import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Reservation,
  type ReservationStatus,
  reservationChargerStatuses,
  reservationStatuses,
  reservationUpdateStatuses,
} from '@csms/core';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { nextCounterValue } from './partition.ts';
import { queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/** The reservation item; `updateReservation` moves the status and sets the optional attributes. */
const reservationSchema: z.ZodType<Reservation> = z.object({
  id: z.string(),
  tenantId: z.string(),
  reservationId: z.number().int(),
  chargePointId: z.string(),
  connectorId: z.number().int(),
  idTag: z.string(),
  groupIdTag: z.string().optional(),
  customerId: z.string().optional(),
  expiresAt: z.string(),
  status: z.enum(reservationStatuses),
  chargerStatus: z.enum(reservationChargerStatuses).optional(),
  error: z.string().optional(),
  sessionId: z.string().optional(),
  usedAt: z.string().optional(),
  cancelledAt: z.string().optional(),
  cancelStatus: z.enum(['Accepted', 'Rejected']).optional(),
  chargerUpdateStatus: z.enum(reservationUpdateStatuses).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const reservationEntity = defineEntity({
  type: 'Reservation',
  schema: reservationSchema,
  key: (reservation) => keys.reservation(reservation.tenantId, reservation.id),
  index: (reservation) => ({
    gsi1pk: gsi1.reservationsOfTenant(reservation.tenantId),
    gsi1sk: gsi1.reservationSortKey(reservation.createdAt, reservation.id),
  }),
});

/** OCPP reservationId: an integer unique per tenant, from the tenant's counter (like transaction ids). */
export async function nextReservationNumber(table: TableClient, tenantId: string): Promise<number> {
  return nextCounterValue(table, tenantId, 'reservation');
}

/** The reservation and the mapping of its OCPP number to it, together. */
export async function createReservation(table: TableClient, reservation: Reservation): Promise<void> {
  const { tenantId, id, reservationId } = reservation;
  await table.documents.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table.name,
            Item: reservationEntity.toItem(reservation),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: table.name,
            Item: { ...keys.reservationNumber(tenantId, reservationId), type: 'ReservationNumber', id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

export async function getReservation(
  table: TableClient,
  tenantId: string,
  id: string,
): Promise<Reservation | undefined> {
  const { Item } = await table.get({
    Key: keys.reservation(tenantId, id),
    ConsistentRead: true,
  });
  return reservationEntity.fromOptional(Item);
}

/** The reservation a StartTransaction's `reservationId` names. */
export async function findReservationByNumber(
  table: TableClient,
  tenantId: string,
  reservationId: number,
): Promise<Reservation | undefined> {
  const { Item } = await table.get({
    Key: keys.reservationNumber(tenantId, reservationId),
  });
  return Item ? getReservation(table, tenantId, String(Item.id)) : undefined;
}

export type ReservationChanges = Partial<
  Pick<
    Reservation,
    | 'status'
    | 'chargerStatus'
    | 'error'
    | 'sessionId'
    | 'usedAt'
    | 'cancelledAt'
    | 'cancelStatus'
    | 'chargerUpdateStatus'
    | 'updatedAt'
  >
>;

/**
 * Moves a reservation on, only from one of `from` (e.g. `used` only from Accepted): a late ReserveNow answer
 * or a repeated StartTransaction cannot undo a later state. False when the reservation was not in `from`.
 */
export async function updateReservation(
  table: TableClient,
  tenantId: string,
  id: string,
  from: readonly ReservationStatus[],
  changes: ReservationChanges,
): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {};
  const set = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      return `#${field} = :${field}`;
    });
  const allowed = from.map((status, i) => {
    values[`:from${i}`] = status;
    return `:from${i}`;
  });
  try {
    await table.update({
      Key: keys.reservation(tenantId, id),
      UpdateExpression: `SET ${set.join(', ')}`,
      ConditionExpression: `attribute_exists(pk) AND #status IN (${allowed.join(', ')})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export interface ReservationQuery extends PageRequest {
  readonly chargePointId?: string | undefined;
}

/** The tenant's reservations, newest first, optionally of one charge point. */
export async function listReservations(
  table: TableClient,
  tenantId: string,
  query: ReservationQuery,
): Promise<Page<Reservation>> {
  const page = await queryPage(table, {
    tenantId,
    index: 'gsi1',
    partition: gsi1.reservationsOfTenant(tenantId),
    skPrefix: 'RSV#',
    forward: false,
    filters: { chargePointId: query.chargePointId },
    page: { limit: query.limit, cursor: query.cursor },
  });
  return { items: page.items.map((item) => reservationEntity.fromItem(item)), nextCursor: page.nextCursor };
}

/** The reservations repository: the functions above with the table given. */
export const createReservationsRepository = (table: TableClient) =>
  bindTable(table, {
    nextReservationNumber,
    createReservation,
    getReservation,
    findReservationByNumber,
    updateReservation,
    listReservations,
  });

export type ReservationsRepository = ReturnType<typeof createReservationsRepository>;
