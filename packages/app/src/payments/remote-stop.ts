import type { Deps } from '@csms/app/deps';
import type { Session } from '@csms/core';
import { askToStop } from '../stations/remote-control/remote-stop.ts';

/**
 * How long a funding stop waits for the charger's answer. It is sent from inside the MeterValues reply (and
 * the hold at start); the charger's answer comes in on another invocation, so this only bounds how long the
 * reply to the charger is delayed. The stop itself is repeated on the next MeterValues if it did not land.
 */
const STOP_ANSWER_TIMEOUT_MS = 3_000;

/**
 * Asks the charger to stop a session (P2: funds ran out) in the version it speaks (1.6
 * RemoteStopTransaction, 2.0.1 RequestStopTransaction); never throws.
 */
export async function requestRemoteStop(deps: Deps, session: Session, why: string): Promise<boolean> {
  try {
    const found = await deps.chargePoints.getChargePoint(session.tenantId, session.chargePointId);
    const version = found?.chargePoint.ocppVersion ?? 'ocpp1.6';
    const status = await askToStop(deps, session, version, { timeoutMs: STOP_ANSWER_TIMEOUT_MS });
    deps.log.info('Funding stop sent', { tenantId: session.tenantId, sessionId: session.id, why, status });
    return status === 'Accepted';
  } catch (error) {
    deps.log.warn('Funding stop not delivered', {
      tenantId: session.tenantId,
      sessionId: session.id,
      why,
      error: String(error),
    });
    return false;
  }
}
