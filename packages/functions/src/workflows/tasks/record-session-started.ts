import * as z from 'zod';
import { sessionLifecycleInputSchema } from './session-lifecycle-contract.ts';
import { parseTaskPayload } from './task-payload.ts';

/** Task `RecordSessionStarted`: the first step of the session lifecycle. Payload: the execution input. */
export const recordSessionStartedPayloadSchema = sessionLifecycleInputSchema;

export const recordSessionStartedResultSchema = z.object({
  sessionId: z.string(),
  status: z.literal('Started'),
});
export type RecordSessionStartedResult = z.infer<typeof recordSessionStartedResultSchema>;

export const handler = async (event: unknown): Promise<RecordSessionStartedResult> => {
  const session = parseTaskPayload(recordSessionStartedPayloadSchema, event);
  // Pure for now; the issue that reserves funds will persist the session's lifecycle state here.
  return { sessionId: session.sessionId, status: 'Started' };
};
