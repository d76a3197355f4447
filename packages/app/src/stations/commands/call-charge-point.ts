import { randomUUID } from 'node:crypto';
import type { Deps } from '@csms/app/deps';
import {
  ConflictError,
  NotFoundError,
  UpstreamError,
  UpstreamTimeoutError,
  ValidationError,
} from '@csms/core';
import { encodeCall, isOcppVersion, validateRequest, validateResponse } from '@csms/ocpp';
import { logFrame } from '../frame-log.ts';
import { csmsInitiatedActions } from './csms-actions.ts';
import { DISCONNECTED } from './fail-pending-call.ts';

/**
 * Sends one OCPP CALL to a charger and waits for its answer. The answer arrives in another Lambda invocation
 * (`$default`), which stores it on the pending-call record; this side polls that record with consistent reads.
 * API Gateway's HTTP API gives up after 30 s, so the wait ends just before that with a timeout error.
 */
export interface CallOptions {
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
}

export async function callChargePoint(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  action: string,
  payload: unknown,
  options: CallOptions = {},
): Promise<Record<string, unknown>> {
  const found = await deps.chargePoints.getChargePoint(tenantId, chargePointId);
  if (!found) throw new NotFoundError(`Charge point ${chargePointId}`);
  const { connectionId, ocppVersion } = found.chargePoint;
  if (!connectionId || !ocppVersion || !isOcppVersion(ocppVersion)) {
    throw new ConflictError(`Charge point ${chargePointId} is not connected`);
  }
  if (!csmsInitiatedActions[ocppVersion].includes(action)) {
    throw new ValidationError([
      { field: 'action', in: 'path', message: `${action} is not a CSMS-initiated ${ocppVersion} action` },
    ]);
  }
  const request = validateRequest(ocppVersion, action, payload);
  if (!request.ok) {
    const field = request.error.message.split(':')[0] ?? '';
    throw new ValidationError([{ field, message: request.error.message }]);
  }

  const messageId = randomUUID();
  const timeoutMs = options.timeoutMs ?? deps.settings.timeouts.callMs;
  const claimed = await deps.pendingCalls.claimCallSlot(tenantId, chargePointId, {
    messageId,
    action,
    sentAt: deps.clock.now().toISOString(),
    expiresAt: Math.ceil((Date.now() + timeoutMs) / 1000) + 1,
    connectionId,
  });
  if (!claimed)
    throw new ConflictError(`Another command to ${chargePointId} is still waiting for its answer`);

  try {
    logFrame(deps.log, { tenantId, chargePointId, direction: 'out', type: 'CALL', messageId, action });
    const delivered = await deps.chargers.send(connectionId, encodeCall(messageId, action, request.value));
    if (!delivered) throw new ConflictError(`Charge point ${chargePointId} is not connected`);
    const reply = await waitForReply(
      deps,
      tenantId,
      chargePointId,
      messageId,
      timeoutMs,
      options.pollIntervalMs ?? 100,
    );
    if (reply.kind === 'error' && reply.code === DISCONNECTED) {
      // Failed by `$disconnect`/`$connect` (fail-pending-call.ts): the charger left the connection before
      // answering. A 502 as for any exchange with the charger that broke, told apart by its code; whether the
      // charger acted on the CALL is unknown, as after a timeout.
      throw new UpstreamError(`${reply.description} ${action}`, reply.code);
    }
    if (reply.kind === 'error') {
      throw new UpstreamError(
        `${chargePointId} answered ${action} with ${reply.code}: ${reply.description}`,
        reply.code,
        reply.details,
      );
    }
    const response = validateResponse(ocppVersion, action, reply.payload);
    if (!response.ok) {
      throw new UpstreamError(
        `${chargePointId} answered ${action} with an invalid payload: ${response.error.message}`,
        response.error.code,
      );
    }
    return response.value as Record<string, unknown>;
  } finally {
    await deps.pendingCalls.releaseCallSlot(tenantId, chargePointId, messageId);
  }
}

async function waitForReply(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  messageId: string,
  timeoutMs: number,
  pollIntervalMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await deps.pendingCalls.readCallReply(tenantId, chargePointId, messageId);
    if (reply) return reply;
    const left = deadline - Date.now();
    if (left <= 0) break;
    // The last wait ends at the deadline, and the slot is read once more then: a reply just in time counts.
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollIntervalMs, left)));
  }
  throw new UpstreamTimeoutError(`${chargePointId} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}
