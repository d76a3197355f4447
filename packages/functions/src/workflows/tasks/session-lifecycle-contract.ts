import * as z from 'zod';

/**
 * Data contracts of the session-lifecycle state machine (`packages/functions/workflows/session-lifecycle.asl.json`).
 * The ASL moves these shapes between states with JSONPath, so they are written down once here and every task
 * validates what it receives.
 */

/** The execution input: which session of which tenant this execution follows. */
export const sessionLifecycleInputSchema = z.object({
  tenantId: z.string().min(1),
  chargePointId: z.string().min(1),
  sessionId: z.string().min(1),
  startedAt: z.iso.datetime({ offset: true }),
});
export type SessionLifecycleInput = z.infer<typeof sessionLifecycleInputSchema>;

/**
 * What the session side sends with `SendTaskSuccess` (its `output`) when the charge point ends the transaction.
 * The state machine stores it at `$.end`.
 */
export const sessionEndSchema = z.object({
  endedAt: z.iso.datetime({ offset: true }),
  /** OCPP stop reason as reported by the charge point, when it gave one. */
  stopReason: z.string().min(1).optional(),
});
export type SessionEnd = z.infer<typeof sessionEndSchema>;

/** How the lifecycle ended for the session; the state machine stores it at `$.result`. */
export const sessionOutcomeSchema = z.enum(['Completed', 'NeedsReview']);
export type SessionOutcome = z.infer<typeof sessionOutcomeSchema>;
