import type { Logger } from '@csms/app/deps';
import { chargerMaySend } from '@csms/app/stations/charger-boot';
import { logFrame } from '@csms/app/stations/frame-log';
import { DomainError } from '@csms/core';
import { type CallReply, withCapacityLabel } from '@csms/db';
import {
  type CallErrorFrame,
  type CallFrame,
  type CallResultFrame,
  decodeFrame,
  encodeCallError,
  encodeCallResult,
  OcppError,
  UNKNOWN_MESSAGE_ID,
  validateRequest,
  validateResponse,
} from '@csms/ocpp';
import type { Deps } from '../deps.ts';
import { chargerActions } from './actions/index.ts';
import type { ActionContext } from './actions/types.ts';
import type { ChargerConnection } from './connection-context.ts';

/**
 * Turns one frame from a charger into the frame to send back (or nothing). Never throws: whatever goes wrong
 * becomes a CALLERROR and the connection stays up, because a charger that gets its socket closed reconnects
 * and replays, which makes things worse. Every frame in and out is logged as one line.
 */
export async function handleChargerFrame(
  deps: Deps,
  connection: ChargerConnection,
  raw: string,
): Promise<string | undefined> {
  const log = deps.log.child(who(connection));
  const decoded = decodeFrame(connection.ocppVersion, raw);
  if (!decoded.ok) {
    const messageId = decoded.error.messageId ?? UNKNOWN_MESSAGE_ID;
    logFrame(log, {
      ...who(connection),
      direction: 'in',
      type: 'MALFORMED',
      messageId,
      errorCode: decoded.error.code,
    });
    // A malformed answer to our own call is not answered back (two peers could bounce errors forever).
    return decoded.respond
      ? reply(log, messageId, encodeCallError(connection.ocppVersion, decoded.error))
      : undefined;
  }
  const frame = decoded.frame;
  logFrame(log, {
    ...who(connection),
    direction: 'in',
    type: frame.type,
    messageId: frame.messageId,
    ...(frame.type === 'CALL' ? { action: frame.action } : {}),
    ...(frame.type === 'CALLERROR' ? { errorCode: frame.errorCode } : {}),
  });
  if (frame.type === 'CALL') {
    const frameDeps = { ...deps, log: log.child({ messageId: frame.messageId, action: frame.action }) };
    const afterReply: (() => Promise<unknown>)[] = [];
    const answer = reply(log, frame.messageId, await answerCall(frameDeps, connection, frame, afterReply));
    if (afterReply.length === 0 || !answer.startsWith('[3')) return answer;
    await replyThenRun(frameDeps, connection, answer, afterReply);
    return undefined;
  }
  await passReplyOn(deps, log, connection, frame);
  return undefined;
}

async function answerCall(
  deps: Deps,
  connection: ChargerConnection,
  frame: CallFrame,
  afterReply: (() => Promise<unknown>)[],
): Promise<string> {
  const version = connection.ocppVersion;
  const context: ActionContext = {
    ...connection,
    receivedAt: deps.clock.now(),
    deps,
    afterReply: (task) => void afterReply.push(task),
  };
  try {
    const request = validateRequest(version, frame.action, frame.payload);
    if (!request.ok) return encodeCallError(version, request.error.withMessageId(frame.messageId));
    const handle = chargerActions[version][frame.action];
    if (!handle) {
      const error = new OcppError('NotSupported', `${frame.action} is not supported by this CSMS`);
      return encodeCallError(version, error.withMessageId(frame.messageId));
    }
    // A charger held Pending or Rejected at its boot may not act yet (B02.FR.09, B03.FR.07): SecurityError.
    const verdict = await withCapacityLabel(frame.action, () =>
      chargerMaySend(deps, connection.tenantId, connection.chargePointId, frame.action),
    );
    if (!verdict.allowed) {
      deps.log.warn('Refused a message from a charger that is not accepted', {
        registrationStatus: verdict.registrationStatus,
      });
      const error = new OcppError(
        'SecurityError',
        `${frame.action} is not allowed while the charger is ${verdict.registrationStatus}: send BootNotification`,
      );
      return encodeCallError(version, error.withMessageId(frame.messageId));
    }
    const response = await withCapacityLabel(frame.action, () => handle(context, request.value));
    const checked = validateResponse(version, frame.action, response);
    if (!checked.ok)
      throw new Error(`CSMS built an invalid ${frame.action} response: ${checked.error.message}`);
    return encodeCallResult(frame.messageId, checked.value);
  } catch (error) {
    deps.log.error('OCPP action failed', { error: String(error) });
    const message =
      error instanceof DomainError ? error.message : 'Internal error while handling the request';
    return encodeCallError(version, new OcppError('InternalError', message).withMessageId(frame.messageId));
  }
}

/**
 * A Lambda cannot act after returning its response, and the `$default` route response is only sent when it
 * returns. So when work must follow the answer, the answer goes out through `@connections` first (on the same
 * socket, so in order before anything the tasks send), the tasks run, and the invocation returns no body.
 */
async function replyThenRun(
  deps: Deps,
  connection: ChargerConnection,
  answer: string,
  tasks: readonly (() => Promise<unknown>)[],
): Promise<void> {
  if (!(await deps.chargers.send(connection.connectionId, answer))) {
    deps.log.warn('Charger left before its answer was sent; follow-up work dropped');
    return;
  }
  for (const task of tasks) {
    try {
      await task();
    } catch (error) {
      deps.log.error('Work after the answer failed', { error: String(error) });
    }
  }
}

/** The answer to a CSMS-initiated call: handed to the waiting API call through the pending-call record. */
async function passReplyOn(
  deps: Deps,
  log: Logger,
  connection: ChargerConnection,
  frame: CallResultFrame | CallErrorFrame,
): Promise<void> {
  const answer: CallReply =
    frame.type === 'CALLRESULT'
      ? { kind: 'result', payload: frame.payload }
      : {
          kind: 'error',
          code: frame.errorCode,
          description: frame.errorDescription,
          details: frame.errorDetails,
        };
  try {
    await deps.pendingCalls.recordCallReply(
      connection.tenantId,
      connection.chargePointId,
      frame.messageId,
      answer,
    );
  } catch (error) {
    log.error('Could not record a call reply', { messageId: frame.messageId, error: String(error) });
  }
}

function reply(log: Logger, messageId: string, frame: string): string {
  const type = frame.startsWith('[3') ? 'CALLRESULT' : 'CALLERROR';
  logFrame(log, { direction: 'out', type, messageId });
  return frame;
}

const who = (connection: ChargerConnection) => ({
  tenantId: connection.tenantId,
  chargePointId: connection.chargePointId,
});
