import { holdSessionFunds } from '@csms/app/payments/session-hold';
import { sessionLifecycleInputSchema } from './session-lifecycle-contract.ts';
import { defineTask, parseTaskPayload } from './task-payload.ts';

/**
 * Task `ReserveFunds`: decides which means funds the session and, for a card, places the manual-capture hold
 * (P1). Idempotent per session (the funding record and the hold's idempotency key).
 */
export const { create, handler } = defineTask<{ means: string; status: string }>(
  'ReserveFunds',
  async (event, deps) => {
    const input = parseTaskPayload(sessionLifecycleInputSchema, event);
    const funding = await holdSessionFunds(deps, input.tenantId, input.sessionId, new Date());
    return { means: funding.means, status: funding.status };
  },
);
