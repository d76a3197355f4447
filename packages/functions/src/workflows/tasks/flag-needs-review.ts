import * as z from 'zod';
import { sessionLifecycleInputSchema } from './session-lifecycle-contract.ts';
import { parseTaskPayload } from './task-payload.ts';

/**
 * Task `FlagNeedsReview`: the session end never arrived (the wait timed out), so the session cannot be priced
 * automatically. Payload: the execution state with the caught error at `failure` (`{ Error, Cause }`, as written
 * by the ASL `Catch`).
 */
export const flagNeedsReviewPayloadSchema = sessionLifecycleInputSchema.extend({
  failure: z.object({ Error: z.string(), Cause: z.string().optional() }),
});
export type FlagNeedsReviewPayload = z.infer<typeof flagNeedsReviewPayloadSchema>;

export const flagNeedsReviewResultSchema = z.object({
  outcome: z.literal('NeedsReview'),
  reason: z.string(),
});
export type FlagNeedsReviewResult = z.infer<typeof flagNeedsReviewResultSchema>;

export const handler = async (event: unknown): Promise<FlagNeedsReviewResult> => {
  const session = parseTaskPayload(flagNeedsReviewPayloadSchema, event);
  // Pure for now; marking the session for operator review is part of the session storage issue.
  return { outcome: 'NeedsReview', reason: session.failure.Error };
};
