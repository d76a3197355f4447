import { issueReceipt } from '@csms/app/documents/issue';
import { sessionCost } from '@csms/app/pricing/session-cost';
import { pricedSessionStateSchema } from './session-lifecycle-contract.ts';
import { defineTask, parseTaskPayload } from './task-payload.ts';

/**
 * Task `IssueDocument`: an individual gets a receipt right after the session (N2); a company's sessions go on
 * its monthly invoice (N3), so nothing is issued here for them. Free sessions (no tariff) get no document.
 */
export const { create, handler } = defineTask<{ documentId: string | null; number: string | null }>(
  'IssueDocument',
  async (event, deps) => {
    const input = parseTaskPayload(pricedSessionStateSchema, event);
    const none = { documentId: null, number: null };
    if (!input.cost.value.priced) return none;
    const session = await deps.sessions.getSession(input.tenantId, input.sessionId);
    if (!session?.customerId) return none;
    const customer = await deps.customers.getCustomer(input.tenantId, session.customerId);
    if (customer?.type !== 'individual') return none;
    const cost = await sessionCost(deps, input.tenantId, session, new Date());
    if (!cost) return none;
    const { document } = await issueReceipt(deps, input.tenantId, session.id, {
      session,
      cost: cost.breakdown,
    });
    const issued = { documentId: document.id, number: document.number ?? null };
    await deps.sessionLifecycle.recordLifecycleStep(input.tenantId, input.sessionId, 'document', issued);
    return issued;
  },
);
