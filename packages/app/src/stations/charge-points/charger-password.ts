import { verifySecret } from '@csms/core';
import type { StoredChargePoint } from '@csms/db';
import type { Deps } from '../../deps.ts';

/**
 * The handshake side of a password change (`rotate-password.ts`). While a new password is pending on the
 * charger, both the current and the pending one open a connection: the CSMS cannot know which one a charger
 * that reconnects mid-change holds, and locking it out would need someone on site.
 */
export type PasswordMatch = 'current' | 'pending';

/** Which of the charger's stored passwords `password` is, if any. */
export function matchChargerPassword(
  chargePoint: Pick<StoredChargePoint, 'passwordHash' | 'pendingPasswordHash'>,
  password: string,
): PasswordMatch | undefined {
  if (verifySecret(password, chargePoint.passwordHash)) return 'current';
  if (chargePoint.pendingPasswordHash && verifySecret(password, chargePoint.pendingPasswordHash)) {
    return 'pending';
  }
  return undefined;
}

/**
 * A charger that connects with the pending password has it: the change is settled there and then, and the old
 * password stops working. This is also how a change whose answer was lost (a timeout, a connection dropped
 * mid-call) settles. Best-effort: the connection is allowed either way, and a failed write leaves both
 * passwords valid until the next connection tries again.
 */
export async function promotePendingPassword(
  deps: Pick<Deps, 'chargePoints' | 'clock' | 'log'>,
  chargePoint: Pick<StoredChargePoint, 'tenantId' | 'id' | 'pendingPasswordHash'>,
): Promise<void> {
  const pending = chargePoint.pendingPasswordHash;
  if (!pending) return;
  try {
    const promoted = await deps.chargePoints.settlePasswordChange(
      chargePoint.tenantId,
      chargePoint.id,
      pending,
      { promote: true },
      deps.clock.now().toISOString(),
    );
    deps.log.info('Charger connected with its new password', {
      tenantId: chargePoint.tenantId,
      chargePointId: chargePoint.id,
      promoted,
    });
  } catch (error) {
    deps.log.warn('Could not settle a pending password at connection', {
      tenantId: chargePoint.tenantId,
      chargePointId: chargePoint.id,
      error: String(error),
    });
  }
}
