import { awaitSessionEnd } from '@csms/app/sessions/lifecycle';
import * as z from 'zod';
import { defineTask, parseTaskPayload } from './task-payload.ts';

/**
 * Task `AwaitSessionEnd` (`lambda:invoke.waitForTaskToken`): keeps the task token on the session, where the
 * StopTransaction handler finds it. If the session already ended before the workflow got here (a short session,
 * or a stop that raced the start), the token is answered right away.
 */
export const awaitSessionEndPayloadSchema = z.object({
  taskToken: z.string().min(1),
  tenantId: z.string().min(1),
  chargePointId: z.string().min(1),
  sessionId: z.string().min(1),
});

export const { create, handler } = defineTask<{ sessionId: string; awaiting: boolean }>(
  'AwaitSessionEnd',
  async (event, deps) => {
    const request = parseTaskPayload(awaitSessionEndPayloadSchema, event);
    const { awaiting } = await awaitSessionEnd(deps, request.tenantId, request.sessionId, request.taskToken);
    return { sessionId: request.sessionId, awaiting };
  },
);
