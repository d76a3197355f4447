import type { Deps } from '@csms/app/deps';
import { NotFoundError, type Reservation } from '@csms/core';

/** A reservation of the calling tenant; another tenant's id, or anything that cannot be an id, reads as 404. */
export async function requireReservation(
  deps: Pick<Deps, 'reservations'>,
  tenantId: string,
  id: string,
): Promise<Reservation> {
  const reservation = /^rsv[0-9a-z]{1,40}$/.test(id)
    ? await deps.reservations.getReservation(tenantId, id)
    : undefined;
  if (!reservation) throw new NotFoundError('Reservation');
  return reservation;
}
