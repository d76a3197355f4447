import type { Deps } from '@csms/app/deps';
import {
  type CostBreakdown,
  priceSession,
  type Session,
  type SessionMeterValue,
  versionInForceAt,
} from '@csms/core';
import { toSessionFacts } from './session-facts.ts';
import { chargeContextOf, resolveTariff, type TariffDeps, withVersions } from './tariff-resolution.ts';

export interface SessionCost {
  readonly tariffId: string;
  readonly tariffName: string;
  /** The version in force at the session's start (T3). */
  readonly tariffVersion: number;
  readonly breakdown: CostBreakdown;
}

/**
 * The cost of a session — live while it runs (priced up to `now`), final once stopped. Loads the tariff that
 * was assigned at the session's start (T2 precedence with its charge point, connector, site and customer),
 * the version of it in force at the start (T3), the meter values and status history, and hands them to
 * `priceSession`, the one cost function. Undefined when no tariff applies (not even a tenant default).
 * `meterValues` may be passed when the caller already read them.
 */
/** What pricing a session reads. */
export type SessionCostDeps = TariffDeps & Pick<Deps, 'sessions' | 'sessionStatuses'>;

export async function sessionCost(
  deps: SessionCostDeps,
  tenantId: string,
  session: Session,
  now: Date,
  meterValues?: readonly SessionMeterValue[],
): Promise<SessionCost | undefined> {
  const startedAt = new Date(session.startedAt);
  const context = await chargeContextOf(
    deps,
    tenantId,
    session.chargePointId,
    session.connectorId,
    session.customerId,
  );
  const [resolved, samples, statuses] = await Promise.all([
    resolveTariff(deps, tenantId, context, startedAt),
    meterValues ?? deps.sessions.meterSamplesOf(tenantId, session.id),
    deps.sessionStatuses.sessionStatusesOf(tenantId, session.id),
  ]);
  if (!resolved) return undefined;
  const version = versionInForceAt(withVersions(resolved.record), startedAt);
  const facts = toSessionFacts(session, samples, statuses);
  // A charger's clock may run ahead of ours: never price a running session up to before its own start.
  const pricedUntil = new Date(Math.max(now.getTime(), startedAt.getTime()));
  return {
    tariffId: resolved.record.tariff.id,
    tariffName: resolved.record.tariff.name,
    tariffVersion: version.version,
    breakdown: priceSession(version, facts, { now: pricedUntil }),
  };
}
