import * as z from 'zod';

/**
 * Data contracts of the session-lifecycle state machine (`packages/functions/workflows/session-lifecycle.asl.json`).
 * The ASL moves these shapes between states with JSONPath (each task's result lands at `$.<step>.value`), so
 * they are written down once here and every task validates what it receives.
 */

/** The execution input: which session of which tenant this execution follows. */
export const sessionLifecycleInputSchema = z.object({
  tenantId: z.string().min(1),
  chargePointId: z.string().min(1),
  sessionId: z.string().min(1),
  startedAt: z.iso.datetime({ offset: true }),
});
export type SessionLifecycleInput = z.infer<typeof sessionLifecycleInputSchema>;

/** What StopTransaction sends with `SendTaskSuccess`; the state machine stores it at `$.end`. */
export const sessionEndSchema = z.object({
  endedAt: z.iso.datetime({ offset: true }),
  stopReason: z.string().min(1).optional(),
});
export type SessionEnd = z.infer<typeof sessionEndSchema>;

/** `$.check.value`: what CheckSession found after a long wait. */
export const sessionCheckSchema = z.object({
  state: z.enum(['active', 'ended', 'unreachable']),
  detail: z.string(),
});
export type SessionCheck = z.infer<typeof sessionCheckSchema>;

/** `$.cost.value`: the final price (minor units). */
export const pricedCostSchema = z.object({
  currency: z.string(),
  totalNet: z.number().int(),
  totalVat: z.number().int(),
  totalGross: z.number().int(),
  priced: z.boolean().describe('false when no tariff applied (free charging)'),
});
export type PricedCost = z.infer<typeof pricedCostSchema>;

export const pricedSessionStateSchema = sessionLifecycleInputSchema.extend({
  cost: z.object({ value: pricedCostSchema }),
});
