import type { Deps } from '@csms/app/deps';
import type { Session } from '@csms/core';
import { callChargePoint } from '../stations/commands/call-charge-point.ts';

/**
 * How long a funding stop waits for the charger's answer. It is sent from inside the MeterValues reply (and
 * the hold at start); the charger's answer comes in on another invocation, so this only bounds how long the
 * reply to the charger is delayed. The stop itself is repeated on the next MeterValues if it did not land.
 */
const STOP_ANSWER_TIMEOUT_MS = 3_000;

/** Sends RemoteStopTransaction for a session (P2: funds ran out); never throws. */
export async function requestRemoteStop(deps: Deps, session: Session, why: string): Promise<boolean> {
  try {
    const answer = await callChargePoint(
      deps,
      session.tenantId,
      session.chargePointId,
      'RemoteStopTransaction',
      { transactionId: session.transactionId },
      { timeoutMs: STOP_ANSWER_TIMEOUT_MS },
    );
    deps.log.info('Funding stop sent', { tenantId: session.tenantId, sessionId: session.id, why, answer });
    return answer.status === 'Accepted';
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
