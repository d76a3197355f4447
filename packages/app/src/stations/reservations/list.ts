import type { Deps } from '@csms/app/deps';
import { effectiveReservationStatus, type Reservation, type ReservationStatus } from '@csms/core';
import type { Page, PageRequest } from '@csms/db';

export interface ReservationListQuery extends PageRequest {
  readonly chargePointId?: string | undefined;
  /** The status as read now (a held reservation past its expiry reads `expired`). */
  readonly status?: ReservationStatus | undefined;
}

/** A page of reservations as read at `at`, which is also the instant to show their status at. */
export interface ReservationPage extends Page<Reservation> {
  readonly at: Date;
}

/**
 * The tenant's reservations, newest first. The status filter applies to each page after it is read (the
 * status depends on the time of reading), so a page may hold fewer than `limit` items while `nextCursor`
 * is still non-null.
 */
export async function listReservations(
  deps: Pick<Deps, 'reservations' | 'clock'>,
  tenantId: string,
  query: ReservationListQuery,
): Promise<ReservationPage> {
  const page = await deps.reservations.listReservations(tenantId, {
    limit: query.limit,
    cursor: query.cursor,
    chargePointId: query.chargePointId,
  });
  const at = deps.clock.now();
  const items = page.items.filter(
    (reservation) =>
      query.status === undefined || effectiveReservationStatus(reservation, at) === query.status,
  );
  return { items, nextCursor: page.nextCursor, at };
}
