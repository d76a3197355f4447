import type { Deps } from '@csms/app/deps';

/**
 * Pricing tells charging from idle time by the connector statuses reported during a session (Charging,
 * SuspendedEV, SuspendedEVSE, Finishing, Available), with the charger's timestamps. The connector item keeps
 * only the latest status, so each report that arrives while a session occupies the connector is also
 * appended to that session: one read always, one write only when a session is active.
 *
 * Connector 0 is the whole charge point and never holds a session. A report that arrives after the stop
 * (e.g. Finishing → Available) finds the connector free and is not needed: the stop ends the priced window.
 *
 * Only the statuses that tell charging from occupancy are kept (and only they cost the read). `Preparing`
 * precedes the start; `Faulted`, `Unavailable` and `Reserved` say nothing about the driver — a fault must
 * not start the idle fee, and the meter rule (no energy for 5 minutes = idle) covers a stalled session.
 */
const PRICING_STATUSES: ReadonlySet<string> = new Set([
  'Charging',
  'SuspendedEV',
  'SuspendedEVSE',
  'Finishing',
  'Available',
]);

export async function recordStatusForActiveSession(
  deps: Pick<Deps, 'sessions' | 'sessionStatuses'>,
  tenantId: string,
  chargePointId: string,
  connectorId: number,
  status: string,
  at: string,
): Promise<void> {
  if (connectorId === 0 || !PRICING_STATUSES.has(status)) return;
  const sessionId = await deps.sessions.connectorSessionId(tenantId, chargePointId, connectorId);
  if (sessionId) await deps.sessionStatuses.recordSessionStatus(tenantId, sessionId, { at, status });
}
