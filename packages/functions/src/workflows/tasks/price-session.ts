import { sessionCost } from '@csms/app/pricing/session-cost';
import type { PricedCost } from './session-lifecycle-contract.ts';
import { sessionLifecycleInputSchema } from './session-lifecycle-contract.ts';
import { defineTask, parseTaskPayload } from './task-payload.ts';

/** Task `PriceSession`: the final cost by the one cost function, kept on the session. */
export const { create, handler } = defineTask<PricedCost>('PriceSession', async (event, deps) => {
  const input = parseTaskPayload(sessionLifecycleInputSchema, event);
  const session = await deps.sessions.getSession(input.tenantId, input.sessionId);
  if (!session) throw new Error(`session ${input.sessionId} not found`);
  const cost = await sessionCost(deps, input.tenantId, session, new Date());
  const priced: PricedCost = cost
    ? {
        currency: cost.breakdown.currency,
        totalNet: cost.breakdown.totalNet,
        totalVat: cost.breakdown.totalVat,
        totalGross: cost.breakdown.totalGross,
        priced: true,
      }
    : { currency: '', totalNet: 0, totalVat: 0, totalGross: 0, priced: false };
  await deps.sessionLifecycle.recordLifecycleStep(input.tenantId, input.sessionId, 'pricedCost', priced);
  return priced;
});
