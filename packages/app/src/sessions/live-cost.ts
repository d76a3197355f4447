import { currencyExponent, type Session } from '@csms/core';
import type { Deps } from '../deps.ts';
import { sessionCost } from '../pricing/session-cost.ts';
import { call201 } from '../stations/commands/call-ocpp16.ts';

/** The update rides on the charger's TransactionEvent reply: it may delay that reply this long at most. */
const COST_UPDATE_TIMEOUT_MS = 3_000;

/**
 * OCPP 2.0.1 CostUpdated: the running cost of a session, priced up to `now` by the one cost function, VAT
 * included, in the tariff's currency — only when the tenant enabled live cost and a tariff applies. Never
 * throws: a charger that does not take the update still charges, and the next reading tries again.
 */
export async function pushLiveCost(deps: Deps, session: Session, now: Date): Promise<boolean> {
  if (typeof session.transactionId !== 'string') return false;
  try {
    const tenant = await deps.tenants.getTenant(session.tenantId);
    if (!tenant?.settings.liveCostUpdates) return false;
    const cost = await sessionCost(deps, session.tenantId, session, now);
    if (!cost) return false;
    const { totalGross, currency } = cost.breakdown;
    await call201(
      deps,
      session.tenantId,
      session.chargePointId,
      'CostUpdated',
      { totalCost: totalGross / 10 ** currencyExponent(currency), transactionId: session.transactionId },
      { timeoutMs: COST_UPDATE_TIMEOUT_MS },
    );
    return true;
  } catch (error) {
    deps.log.warn('Live cost not delivered', {
      tenantId: session.tenantId,
      sessionId: session.id,
      error: String(error),
    });
    return false;
  }
}
