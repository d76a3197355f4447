import * as z from 'zod';
import { sessionLifecycleInputSchema } from './session-lifecycle-contract.ts';
import { defineTask, parseTaskPayload } from './task-payload.ts';

/** Task `EmitSessionEvent`: `session.completed` in the tenant's event log, with what the workflow produced. */
const payloadSchema = sessionLifecycleInputSchema.extend({
  cost: z.object({ value: z.unknown() }).optional(),
  settlement: z.object({ value: z.unknown() }).optional(),
  document: z.object({ value: z.unknown() }).optional(),
});

export const { create, handler } = defineTask<{ emitted: true }>('EmitSessionEvent', async (event, deps) => {
  const input = parseTaskPayload(payloadSchema, event);
  await deps.tenantEvents.recordTenantEvent(input.tenantId, 'session.completed', input.sessionId, {
    sessionId: input.sessionId,
    chargePointId: input.chargePointId,
    cost: input.cost?.value ?? null,
    settlement: input.settlement?.value ?? null,
    document: input.document?.value ?? null,
  });
  return { emitted: true };
});
