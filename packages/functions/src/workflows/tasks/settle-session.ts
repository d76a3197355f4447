import { settleSession } from '@csms/app/payments/settle-session';
import { pricedSessionStateSchema } from './session-lifecycle-contract.ts';
import { defineTask, parseTaskPayload } from './task-payload.ts';

/**
 * Task `SettleSession`: collects the final gross cost from the session's means (vouchers → discount → balance
 * → card capture or credit); what cannot be collected becomes debt (P5). Idempotent per session.
 */
export const { create, handler } = defineTask<{ status: string; debt: number }>(
  'SettleSession',
  async (event, deps) => {
    const input = parseTaskPayload(pricedSessionStateSchema, event);
    const cost = input.cost.value;
    const result = await settleSession(deps, input.tenantId, input.sessionId, cost.totalGross, new Date(), {
      vat: cost.totalVat,
    });
    const summary = { status: result.status, debt: result.debt };
    await deps.sessionLifecycle.recordLifecycleStep(input.tenantId, input.sessionId, 'settlement', summary);
    return summary;
  },
);
