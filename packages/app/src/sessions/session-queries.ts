import { isSessionId, NotFoundError, type Session, type SessionMeterValue } from '@csms/core';
import type { Page, SessionQuery } from '@csms/db';
import type { Deps } from '../deps.ts';
import { costOfSession, type SessionCostView } from '../pricing/cost-view.ts';
import type { SessionCostDeps } from '../pricing/session-cost.ts';

/**
 * Reading charging sessions: what chargers reported, newest start first. Filters by charge point and customer
 * need no registered charger or existing customer: sessions outlive both.
 */
export async function listSessions(
  deps: Pick<Deps, 'sessions'>,
  tenantId: string,
  query: SessionQuery,
): Promise<Page<Session>> {
  return deps.sessions.listSessions(tenantId, query);
}

export interface SessionWithCost {
  readonly session: Session;
  /** In time order. */
  readonly meterValues: readonly SessionMeterValue[];
  /** Live while the session runs, final once stopped; null when no tariff applies. */
  readonly cost: SessionCostView | null;
}

/** A session with its meter values and cost. */
export async function getSessionWithCost(
  deps: SessionCostDeps & Pick<Deps, 'clock'>,
  tenantId: string,
  sessionId: string,
): Promise<SessionWithCost> {
  // Ids we never minted name nothing: 404 without a read, like an unknown or foreign id.
  const session = isSessionId(sessionId) ? await deps.sessions.getSession(tenantId, sessionId) : undefined;
  if (!session) throw new NotFoundError('Session');
  const meterValues = await deps.sessions.meterSamplesOf(tenantId, session.id);
  // The meter values just read are handed on, so pricing does not read them again.
  const cost = await costOfSession(deps, tenantId, session, deps.clock.now(), meterValues);
  return { session, meterValues, cost };
}
