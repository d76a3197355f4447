import { DomainError } from '@csms/core';
import { type CallReply, recordCallReply, withCapacityLabel } from '@csms/db';
import {
  decodeFrame,
  encodeCallError,
  encodeCallResult,
  OcppError,
  validateRequest,
  validateResponse,
} from '@csms/ocpp';
import { chargerActions } from './actions/index.ts';
import type { ActionContext } from './actions/types.ts';
import type { ChargerConnection } from './connection-context.ts';

/**
 * Turns one frame from a charger into the frame to send back (or nothing). Never throws: whatever goes wrong
 * becomes a CALLERROR and the connection stays up, because a charger that gets its socket closed reconnects
 * and replays, which makes things worse.
 */
export async function handleChargerFrame(
  connection: ChargerConnection,
  raw: string,
): Promise<string | undefined> {
  const version = connection.ocppVersion;
  const decoded = decodeFrame(version, raw);
  if (!decoded.ok) return encodeCallError(version, decoded.error);

  const frame = decoded.frame;
  if (frame.type !== 'CALL') {
    // The answer to a CSMS-initiated call: hand it to the waiting API call through the pending-call record.
    const reply: CallReply =
      frame.type === 'CALLRESULT'
        ? { kind: 'result', payload: frame.payload }
        : {
            kind: 'error',
            code: frame.errorCode,
            description: frame.errorDescription,
            details: frame.errorDetails,
          };
    try {
      await recordCallReply(connection.tenantId, connection.chargePointId, frame.messageId, reply);
    } catch (error) {
      console.error(
        JSON.stringify({
          msg: 'Could not record a call reply',
          messageId: frame.messageId,
          error: String(error),
        }),
      );
    }
    return undefined;
  }
  const context: ActionContext = { ...connection, receivedAt: new Date() };
  try {
    const request = validateRequest(version, frame.action, frame.payload);
    if (!request.ok) return encodeCallError(version, request.error.withMessageId(frame.messageId));

    const handle = chargerActions[version][frame.action];
    if (!handle) {
      return encodeCallError(
        version,
        new OcppError('NotSupported', `${frame.action} is not supported by this CSMS`).withMessageId(
          frame.messageId,
        ),
      );
    }
    const response = await withCapacityLabel(frame.action, () => handle(context, request.value));
    const checked = validateResponse(version, frame.action, response);
    if (!checked.ok) {
      throw new Error(`CSMS built an invalid ${frame.action} response: ${checked.error.message}`);
    }
    return encodeCallResult(frame.messageId, checked.value);
  } catch (error) {
    console.error(JSON.stringify({ msg: 'OCPP action failed', action: frame.action, error: String(error) }));
    const message =
      error instanceof DomainError ? error.message : 'Internal error while handling the request';
    return encodeCallError(version, new OcppError('InternalError', message).withMessageId(frame.messageId));
  }
}
