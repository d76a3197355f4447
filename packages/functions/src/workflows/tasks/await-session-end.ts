import * as z from 'zod';
import { parseTaskPayload } from './task-payload.ts';

/**
 * Task `AwaitSessionEnd` (`lambda:invoke.waitForTaskToken`): called with the task token when the execution
 * starts waiting for the session to end. The execution stays parked until someone calls `SendTaskSuccess` with
 * this token and a `SessionEnd` output (see `session-lifecycle-contract.ts`), or `SendTaskFailure`.
 * Step Functions ignores what this handler returns; a thrown error fails the task.
 */
export const awaitSessionEndPayloadSchema = z.object({
  taskToken: z.string().min(1),
  tenantId: z.string().min(1),
  chargePointId: z.string().min(1),
  sessionId: z.string().min(1),
});
export type AwaitSessionEndPayload = z.infer<typeof awaitSessionEndPayloadSchema>;

export const awaitSessionEndResultSchema = z.object({
  sessionId: z.string(),
  awaiting: z.literal(true),
});
export type AwaitSessionEndResult = z.infer<typeof awaitSessionEndResultSchema>;

export const handler = async (event: unknown): Promise<AwaitSessionEndResult> => {
  const request = parseTaskPayload(awaitSessionEndPayloadSchema, event);
  // TODO(session storage): store `request.taskToken` on the session item, so the StopTransaction handler can
  // call SendTaskSuccess with the session end. Until then the token only travels in this payload.
  return { sessionId: request.sessionId, awaiting: true };
};
