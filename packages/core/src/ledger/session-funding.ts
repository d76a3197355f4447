import type { FundingMeans } from './funding.ts';

/**
 * P2: while a session runs, its live cost is checked against what its means can still cover. Only a session
 * funded by vouchers and balance alone is stopped; a card (hold, then capture) or the credit limit (P4) pays
 * whatever the session costs, so those are never stopped for this.
 *
 * `coverable` is what the prepaid means hold now plus the discount the session would get at this cost. The
 * session is stopped once the cost reaches it: a little more energy flows until the charger acts on the stop,
 * and that overrun is settled like any other shortfall (debt, P5).
 */
export function mustStopSession(input: {
  readonly means: FundingMeans;
  readonly liveGross: number;
  readonly coverable: number;
}): boolean {
  return input.means === 'prepaid' && input.liveGross >= input.coverable;
}
