import type { Deps } from '@csms/app/deps';
import { ConflictError, NotFoundError, type Session } from '@csms/core';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireConnected } from '../commands/charger-lookup.ts';

/**
 * Remote stop by session id: the operator (or app) names the session, the charger needs its OCPP transaction
 * id (1.6 RemoteStopTransaction with the integer id, 2.0.1 RequestStopTransaction with the charger's own
 * string). The session is completed when the charger reports the end, not here.
 */
export interface RemoteStopOutcome {
  readonly status: 'Accepted' | 'Rejected';
  readonly sessionId: string;
  readonly chargePointId: string;
  readonly transactionId: number | string;
}

const plausibleId = (id: string) => /^[A-Za-z0-9_-]{1,64}$/.test(id);

export async function remoteStop(
  deps: Deps,
  tenantId: string,
  sessionId: string,
): Promise<RemoteStopOutcome> {
  const session = plausibleId(sessionId) ? await deps.sessions.getSession(tenantId, sessionId) : undefined;
  if (!session) throw new NotFoundError('Session');
  if (session.status !== 'active') throw new ConflictError(`Session ${session.id} is ${session.status}`);
  const found = await deps.chargePoints.getChargePoint(tenantId, session.chargePointId);
  if (!found) throw new ConflictError(`The charge point of session ${session.id} no longer exists`);
  const status = await askToStop(deps, session, requireConnected(found));
  return {
    status,
    sessionId: session.id,
    chargePointId: session.chargePointId,
    transactionId: session.transactionId,
  };
}

/**
 * Asks the charger to end a session's transaction in the version it speaks. A session recorded under the
 * other version (the charger was re-flashed since) names no transaction the charger knows: refused.
 */
export async function askToStop(
  deps: Deps,
  session: Session,
  version: string,
  options?: { readonly timeoutMs: number },
): Promise<'Accepted' | 'Rejected'> {
  const { tenantId, chargePointId, transactionId } = session;
  if (version === 'ocpp1.6' && typeof transactionId === 'number') {
    const answer = await call16(
      deps,
      tenantId,
      chargePointId,
      'RemoteStopTransaction',
      { transactionId },
      options,
    );
    return answer.status;
  }
  if (version === 'ocpp2.0.1' && typeof transactionId === 'string') {
    const answer = await call201(
      deps,
      tenantId,
      chargePointId,
      'RequestStopTransaction',
      { transactionId },
      options,
    );
    return answer.status;
  }
  throw new ConflictError(
    `Session ${session.id} was recorded by another OCPP version than ${chargePointId} speaks now`,
  );
}
