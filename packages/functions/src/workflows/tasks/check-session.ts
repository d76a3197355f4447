import { callChargePoint } from '@csms/app/stations/commands/call-charge-point';
import { DomainError } from '@csms/core';
import type { SessionCheck } from './session-lifecycle-contract.ts';
import { sessionLifecycleInputSchema } from './session-lifecycle-contract.ts';
import { defineTask, parseTaskPayload } from './task-payload.ts';

/**
 * Task `CheckSession`: no end for a long time. Ask the charger to report meter values for the connector
 * (TriggerMessage); a charger that answers still runs the transaction, one that cannot be reached leaves the
 * session for an operator. The stop reading is never invented.
 */
export const { create, handler } = defineTask<SessionCheck>('CheckSession', async (event, deps) => {
  const input = parseTaskPayload(sessionLifecycleInputSchema, event);
  const session = await deps.sessions.getSession(input.tenantId, input.sessionId);
  if (!session) return { state: 'unreachable', detail: 'session not found' };
  if (session.status !== 'active') return { state: 'ended', detail: `session is ${session.status}` };
  try {
    const found = await deps.chargePoints.getChargePoint(input.tenantId, input.chargePointId);
    // The same question in either version; 2.0.1 names the EVSE the session runs on.
    const trigger =
      found?.chargePoint.ocppVersion === 'ocpp2.0.1'
        ? { requestedMessage: 'MeterValues', evse: { id: session.connectorId } }
        : { requestedMessage: 'MeterValues', connectorId: session.connectorId };
    const answer = await callChargePoint(
      deps,
      input.tenantId,
      input.chargePointId,
      'TriggerMessage',
      trigger,
    );
    return { state: 'active', detail: `charger answered TriggerMessage: ${String(answer.status)}` };
  } catch (error) {
    if (error instanceof DomainError) return { state: 'unreachable', detail: error.message };
    throw error;
  }
});
