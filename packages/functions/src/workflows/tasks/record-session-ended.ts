import * as z from 'zod';
import { sessionEndSchema, sessionLifecycleInputSchema } from './session-lifecycle-contract.ts';
import { parseTaskPayload } from './task-payload.ts';

/** Task `RecordSessionEnded`. Payload: the execution state, i.e. the input plus the reported end at `end`. */
export const recordSessionEndedPayloadSchema = sessionLifecycleInputSchema.extend({ end: sessionEndSchema });
export type RecordSessionEndedPayload = z.infer<typeof recordSessionEndedPayloadSchema>;

export const recordSessionEndedResultSchema = z.object({
  outcome: z.literal('Completed'),
  durationSeconds: z.number().int().nonnegative(),
});
export type RecordSessionEndedResult = z.infer<typeof recordSessionEndedResultSchema>;

export const handler = async (event: unknown): Promise<RecordSessionEndedResult> => {
  const session = parseTaskPayload(recordSessionEndedPayloadSchema, event);
  const elapsedMs = Date.parse(session.end.endedAt) - Date.parse(session.startedAt);
  // A charge point clock that runs behind can report an end before the start: never a negative duration.
  return { outcome: 'Completed', durationSeconds: Math.max(0, Math.round(elapsedMs / 1000)) };
};
