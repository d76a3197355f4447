import * as z from 'zod';
import { sessionLifecycleInputSchema } from './session-lifecycle-contract.ts';
import { defineTask, parseTaskPayload } from './task-payload.ts';

/**
 * Task `FlagNeedsReview`: the session could not be finished automatically (its end was lost, or pricing or
 * settling failed after retries). The session is marked for an operator with the reason.
 */
export const flagNeedsReviewPayloadSchema = sessionLifecycleInputSchema.extend({
  failure: z.object({ Error: z.string(), Cause: z.string().optional() }).optional(),
  check: z.object({ value: z.object({ detail: z.string() }) }).optional(),
});

export const { create, handler } = defineTask<{ outcome: 'NeedsReview'; reason: string }>(
  'FlagNeedsReview',
  async (event, deps) => {
    const input = parseTaskPayload(flagNeedsReviewPayloadSchema, event);
    const reason = input.check?.value.detail ?? input.failure?.Error ?? 'unknown';
    await deps.sessionLifecycle.markNeedsReview(input.tenantId, input.sessionId, reason);
    return { outcome: 'NeedsReview', reason };
  },
);
