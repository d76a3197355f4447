import type { Deps } from '@csms/app/deps';

/**
 * A StartTransaction carrying a reservationId ends that reservation as `used` (with the session it became).
 * Only a reservation of the same charger counts, and only one still held; it never fails the StartTransaction,
 * which the charger must get answered whatever happens here.
 */
export async function markReservationUsed(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  reservationId: number,
  sessionId: string,
  at: Date,
): Promise<void> {
  try {
    const reservation = await deps.reservations.findReservationByNumber(tenantId, reservationId);
    if (!reservation || reservation.chargePointId !== chargePointId) return;
    await deps.reservations.updateReservation(tenantId, reservation.id, ['Accepted', 'pending', 'failed'], {
      status: 'used',
      sessionId,
      usedAt: at.toISOString(),
      updatedAt: at.toISOString(),
    });
  } catch (error) {
    console.error(
      JSON.stringify({ msg: 'Could not mark a reservation used', reservationId, error: String(error) }),
    );
  }
}
