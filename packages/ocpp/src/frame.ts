import { errorCodeFor, type OcppErrorReason } from './error-codes.ts';
import { OcppError } from './errors.ts';
import type { OcppVersion } from './version.ts';

/** Message type numbers of OCPP-J (1.6 §4.1.3, 2.0.1 Part 4 §4.1.3). */
export const MESSAGE_TYPE_ID = { CALL: 2, CALLRESULT: 3, CALLERROR: 4 } as const;

/**
 * The message id a CALLERROR carries when the id of the offending message could not be read. OCPP 2.0.1
 * Part 4 §4.2.3 prescribes "-1"; 1.6 says nothing, and "-1" is what 1.6 implementations use as well.
 */
export const UNKNOWN_MESSAGE_ID = '-1';

/** OCPP 2.0.1 limits errorDescription to 255 characters (string[255]); 1.6 peers get the same bound. */
const MAX_ERROR_DESCRIPTION_LENGTH = 255;

export type JsonObject = Record<string, unknown>;

export interface CallFrame {
  readonly type: 'CALL';
  readonly messageId: string;
  readonly action: string;
  readonly payload: JsonObject;
}

export interface CallResultFrame {
  readonly type: 'CALLRESULT';
  readonly messageId: string;
  readonly payload: JsonObject;
}

export interface CallErrorFrame {
  readonly type: 'CALLERROR';
  readonly messageId: string;
  /** As received: a peer may use the other version's spelling, see `errorReasonOf`. */
  readonly errorCode: string;
  readonly errorDescription: string;
  readonly errorDetails: JsonObject;
}

export type OcppFrame = CallFrame | CallResultFrame | CallErrorFrame;

export type DecodeResult =
  | { readonly ok: true; readonly frame: OcppFrame }
  | {
      readonly ok: false;
      readonly error: OcppError;
      /**
       * Whether the specification wants a CALLERROR sent back. False for a malformed CALLRESULT or CALLERROR
       * (CALLERROR only answers a CALL; answering a reply could make two peers bounce errors forever) and for
       * an unknown message type on 1.6 (OCPP-J 1.6 §4.1.3: "it SHALL ignore the message payload"). 2.0.1
       * Part 4 §4.4 instead requires a CALLERROR MessageTypeNotSupported for an unknown message type.
       */
      readonly respond: boolean;
    };

/** Elements per message type: [2, id, action, payload], [3, id, payload], [4, id, code, description, details]. */
const ARITY = { CALL: 4, CALLRESULT: 3, CALLERROR: 5 } as const;

type MessageTypeName = keyof typeof MESSAGE_TYPE_ID;

const TYPE_NAME_BY_ID: ReadonlyMap<unknown, MessageTypeName> = new Map(
  Object.entries(MESSAGE_TYPE_ID).map(([name, id]) => [id, name as MessageTypeName]),
);

interface FailureOptions {
  readonly messageId?: string | undefined;
  readonly respond?: boolean;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * OCPP-J (1.6 §4.2.1, 2.0.1 Part 4 §4.1.5) lets an empty payload be written as null or {} and only recommends
 * {}; null is therefore accepted and read as {}.
 */
function payloadObject(value: unknown): JsonObject | undefined {
  if (value === null) return {};
  return isJsonObject(value) ? value : undefined;
}

/**
 * Parses one WebSocket text frame. Never throws: a malformed frame becomes an `OcppError` whose code is
 * spelled for `version` and which carries the message id whenever element 1 was a string, so the caller can
 * answer it (see `respond`). The message id's 36-character limit is not enforced: an over-long id harms
 * nobody, while refusing it would cut off a charger over a technicality.
 */
export function decodeFrame(version: OcppVersion, raw: string): DecodeResult {
  const fail = (reason: OcppErrorReason, message: string, options: FailureOptions = {}): DecodeResult => {
    const error = new OcppError(errorCodeFor(version, reason), message, { messageId: options.messageId });
    return { ok: false, error, respond: options.respond ?? true };
  };

  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return fail('RpcFrameworkError', 'Message is not valid JSON');
  }
  if (!Array.isArray(message)) return fail('RpcFrameworkError', 'Message is not a JSON array');

  const elements: readonly unknown[] = message;
  const [typeId, id] = elements;
  const messageId = typeof id === 'string' ? id : undefined;
  if (typeof typeId !== 'number') {
    return fail('RpcFrameworkError', 'Message type id is not a number', { messageId });
  }
  const type = TYPE_NAME_BY_ID.get(typeId);
  if (type === undefined) {
    const problem = `Message type id ${typeId} is not supported`;
    return fail('MessageTypeNotSupported', problem, { messageId, respond: version !== 'ocpp1.6' });
  }
  const respond = type === 'CALL';
  if (messageId === undefined) return fail('RpcFrameworkError', 'Message id is not a string', { respond });
  if (elements.length !== ARITY[type]) {
    const problem = `${type} must have ${ARITY[type]} elements, got ${elements.length}`;
    return fail('RpcFrameworkError', problem, { messageId, respond });
  }

  switch (type) {
    case 'CALL': {
      const [, , action, rawPayload] = elements;
      if (typeof action !== 'string') {
        return fail('RpcFrameworkError', 'Action is not a string', { messageId });
      }
      const payload = payloadObject(rawPayload);
      if (!payload) return fail('FormatViolation', 'Payload is not a JSON object', { messageId });
      return { ok: true, frame: { type, messageId, action, payload } };
    }
    case 'CALLRESULT': {
      const payload = payloadObject(elements[2]);
      if (!payload) return fail('FormatViolation', 'Payload is not a JSON object', { messageId, respond });
      return { ok: true, frame: { type, messageId, payload } };
    }
    case 'CALLERROR': {
      const [, , errorCode, errorDescription, rawDetails] = elements;
      if (typeof errorCode !== 'string' || typeof errorDescription !== 'string') {
        return fail('RpcFrameworkError', 'Error code or description is not a string', { messageId, respond });
      }
      const errorDetails = payloadObject(rawDetails);
      if (!errorDetails) {
        return fail('FormatViolation', 'Error details is not a JSON object', { messageId, respond });
      }
      return { ok: true, frame: { type, messageId, errorCode, errorDescription, errorDetails } };
    }
  }
}

/** Serialises any frame; the inverse of `decodeFrame`. */
export function encodeFrame(frame: OcppFrame): string {
  switch (frame.type) {
    case 'CALL':
      return JSON.stringify([MESSAGE_TYPE_ID.CALL, frame.messageId, frame.action, frame.payload]);
    case 'CALLRESULT':
      return JSON.stringify([MESSAGE_TYPE_ID.CALLRESULT, frame.messageId, frame.payload]);
    case 'CALLERROR':
      return JSON.stringify([
        MESSAGE_TYPE_ID.CALLERROR,
        frame.messageId,
        frame.errorCode,
        frame.errorDescription,
        frame.errorDetails,
      ]);
  }
}

export function encodeCall(messageId: string, action: string, payload: JsonObject): string {
  return encodeFrame({ type: 'CALL', messageId, action, payload });
}

export function encodeCallResult(messageId: string, payload: JsonObject): string {
  return encodeFrame({ type: 'CALLRESULT', messageId, payload });
}

/**
 * The CALLERROR answering `error`: the code spelled for `version`, the message id it carries or "-1" when the
 * offending message had none readable, the description cut to 255 characters.
 */
export function encodeCallError(version: OcppVersion, error: OcppError): string {
  return encodeFrame({
    type: 'CALLERROR',
    messageId: error.messageId ?? UNKNOWN_MESSAGE_ID,
    errorCode: errorCodeFor(version, error.code),
    errorDescription: truncate(error.message, MAX_ERROR_DESCRIPTION_LENGTH),
    errorDetails: { ...error.details },
  });
}

/** Cuts at a code point boundary so a surrogate pair is never split into invalid UTF-16. */
function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let cut = '';
  for (const codePoint of text) {
    if (cut.length + codePoint.length > maxLength) break;
    cut += codePoint;
  }
  return cut;
}
