import type { Deps } from '@csms/app/deps';
import {
  bestDiscount,
  type Customer,
  type FundingMeans,
  mustStopSession,
  prepaidFunds,
  type Session,
} from '@csms/core';
import { sessionCost } from '../pricing/session-cost.ts';
import { type CustomerFunding, decideCustomerFunding } from './funding-decision.ts';
import { requestRemoteStop } from './remote-stop.ts';

/**
 * P2 while a session runs: may it go on at this live cost? Only a session funded by vouchers and balance alone
 * is ever stopped (see `mustStopSession`); a card- or credit-funded one never is. Without a funding record
 * (the lifecycle did not record one) the means are decided from the wallet as it is now.
 */
export interface FundingCheck {
  readonly stop: boolean;
  readonly means: FundingMeans | 'none' | 'unbilled';
  /** What the prepaid means (and the discount) cover at this cost; absent when they do not matter. */
  readonly coverable?: number;
}

interface SessionMeans {
  readonly means: FundingCheck['means'];
  readonly customer?: Customer;
  readonly funding?: CustomerFunding;
}

/** The session's recorded means, else what the wallet offers now; one read for a card/credit session. */
async function sessionMeans(
  deps: Deps,
  tenantId: string,
  session: Session,
  now: Date,
): Promise<SessionMeans> {
  if (!session.customerId || session.status !== 'active') return { means: 'unbilled' };
  // The charger was told at start that this idTag may not charge (I4): stopping it is the charger's part.
  if (wasRefusedAtStart(session)) return { means: 'unbilled' };
  const recorded = await deps.sessionFunding.getSessionFunding(tenantId, session.id);
  if (recorded?.means === 'card' || recorded?.means === 'credit') return { means: recorded.means };
  const customer = await deps.customers.getCustomer(tenantId, session.customerId);
  if (!customer) return { means: 'unbilled' };
  const funding = await decideCustomerFunding(deps, tenantId, customer, now);
  const decided = funding.decision.usable ? funding.decision.means : 'none';
  return { means: recorded?.means ?? decided, customer, funding };
}

export const wasRefusedAtStart = (session: Pick<Session, 'flags'>): boolean =>
  session.flags.includes('not-authorized') || session.flags.includes('unknown-id-tag');

function check(state: SessionMeans, liveGrossCost: number, now: Date): FundingCheck {
  const { means, customer, funding } = state;
  if (means === 'card' || means === 'credit' || means === 'unbilled' || !customer || !funding) {
    return { stop: false, means };
  }
  const discount = bestDiscount(funding.loaded.discounts, liveGrossCost, customer.type, now)?.amount ?? 0;
  const coverable = prepaidFunds(funding.loaded.funds, now) + discount;
  return {
    stop: mustStopSession({ means: 'prepaid', liveGross: liveGrossCost, coverable }),
    means,
    coverable,
  };
}

export async function checkSessionFunding(
  deps: Deps,
  tenantId: string,
  sessionId: string,
  liveGrossCost: number,
  now: Date = new Date(),
): Promise<FundingCheck> {
  const session = await deps.sessions.getSession(tenantId, sessionId);
  if (!session) return { stop: false, means: 'unbilled' };
  return check(await sessionMeans(deps, tenantId, session, now), liveGrossCost, now);
}

/**
 * Called on every MeterValues of a running session: prices it live (the pricing engine's `sessionCost`) only
 * when its funding could run out, and sends RemoteStopTransaction when it has. Never throws: the charger's
 * MeterValues is answered whatever happens here. `liveCost` is injectable for tests.
 */
export async function enforceSessionFunding(
  deps: Deps,
  tenantId: string,
  session: Session,
  now: Date,
  liveCost: (deps: Deps, session: Session, now: Date) => Promise<number | undefined> = pricedGross,
): Promise<FundingCheck | undefined> {
  try {
    const state = await sessionMeans(deps, tenantId, session, now);
    if (state.means === 'card' || state.means === 'credit' || state.means === 'unbilled') return undefined;
    const gross = await liveCost(deps, session, now);
    if (gross === undefined) return undefined;
    const result = check(state, gross, now);
    if (result.stop)
      await requestRemoteStop(deps, session, `prepaid funds spent (${result.coverable} covered)`);
    return result;
  } catch (error) {
    deps.log.error('Funding check failed', { tenantId, sessionId: session.id, error: String(error) });
    return undefined;
  }
}

async function pricedGross(deps: Deps, session: Session, now: Date): Promise<number | undefined> {
  return (await sessionCost(deps, session.tenantId, session, now))?.breakdown.totalGross;
}
