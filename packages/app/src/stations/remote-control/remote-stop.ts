import type { Deps } from '@csms/app/deps';
import { ConflictError, NotFoundError } from '@csms/core';
import { call16 } from '../commands/call-ocpp16.ts';
import { requireConnected16 } from '../commands/charger-lookup.ts';

/**
 * Remote stop by session id: the operator (or app) names the session, the charger needs its OCPP transaction
 * id. The session is completed when the charger sends StopTransaction, not here.
 */
export interface RemoteStopOutcome {
  readonly status: 'Accepted' | 'Rejected';
  readonly sessionId: string;
  readonly chargePointId: string;
  readonly transactionId: number;
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
  requireConnected16(found);
  const result = await call16(deps, tenantId, session.chargePointId, 'RemoteStopTransaction', {
    transactionId: session.transactionId,
  });
  return {
    status: result.status,
    sessionId: session.id,
    chargePointId: session.chargePointId,
    transactionId: session.transactionId,
  };
}
