import type { OcppVersion } from './version.ts';

/**
 * CALLERROR codes exactly as OCPP-J 1.6 §4.2.3 (Table 7) spells them. Two are misspelled in that table and the
 * OCPP-J 1.6 errata sheet (§5 "Known issues that will not be fixed") keeps them that way because fixing them
 * would break deployed implementations: `FormationViolation` and `OccurenceConstraintViolation` (one "r").
 */
export const OCPP16_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;

/**
 * CALLERROR codes of OCPP 2.0.1 Part 4 §4.3 (Table 8): the 1.6 typos are fixed and two framework-level codes
 * are added, `MessageTypeNotSupported` and `RpcFrameworkError`.
 */
export const OCPP201_ERROR_CODES = [
  'FormatViolation',
  'GenericError',
  'InternalError',
  'MessageTypeNotSupported',
  'NotImplemented',
  'NotSupported',
  'OccurrenceConstraintViolation',
  'PropertyConstraintViolation',
  'ProtocolError',
  'RpcFrameworkError',
  'SecurityError',
  'TypeConstraintViolation',
] as const;

export type Ocpp16ErrorCode = (typeof OCPP16_ERROR_CODES)[number];
export type Ocpp201ErrorCode = (typeof OCPP201_ERROR_CODES)[number];
/** A code as spelled by either version. */
export type OcppErrorCode = Ocpp16ErrorCode | Ocpp201ErrorCode;
export type OcppErrorCodeOf<V extends OcppVersion> = V extends 'ocpp1.6' ? Ocpp16ErrorCode : Ocpp201ErrorCode;

/**
 * What went wrong, independent of how a version spells it. The names are the 2.0.1 spellings because 2.0.1
 * is the superset with the typos fixed; code that raises errors uses these and the encoder spells them.
 */
export type OcppErrorReason = Ocpp201ErrorCode;

const OCPP16_SPELLING: Readonly<Record<OcppErrorReason, Ocpp16ErrorCode>> = {
  FormatViolation: 'FormationViolation',
  GenericError: 'GenericError',
  InternalError: 'InternalError',
  // OCPP-J 1.6 §4.1.3 says a message with an unknown type number SHALL be ignored, so the frame decoder marks
  // such an error as not to be answered. Should one be sent anyway, no 1.6 code is about message types, and
  // GenericError is the one the table reserves for "any other error".
  MessageTypeNotSupported: 'GenericError',
  NotImplemented: 'NotImplemented',
  NotSupported: 'NotSupported',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  PropertyConstraintViolation: 'PropertyConstraintViolation',
  ProtocolError: 'ProtocolError',
  // A frame that is not a readable RPC message (not JSON, not an array, no string id, wrong element count).
  // 1.6 has no framework-level code; FormationViolation ("syntactically incorrect or not conform the PDU
  // structure") is the closest. ProtocolError means "payload incomplete" in 1.6, which fits only some cases.
  RpcFrameworkError: 'FormationViolation',
  SecurityError: 'SecurityError',
  TypeConstraintViolation: 'TypeConstraintViolation',
};

/** Either spelling (and the 1.6-only typos) back to the version-neutral reason. */
const REASON_BY_CODE: ReadonlyMap<string, OcppErrorReason> = new Map<string, OcppErrorReason>([
  ...OCPP201_ERROR_CODES.map((code) => [code, code] as const),
  ['FormationViolation', 'FormatViolation'],
  ['OccurenceConstraintViolation', 'OccurrenceConstraintViolation'],
]);

/** The reason behind a code in either spelling, or undefined for a code no supported version defines. */
export function errorReasonOf(code: string): OcppErrorReason | undefined {
  return REASON_BY_CODE.get(code);
}

/**
 * How `version` spells the error: takes a reason or a code spelled for any version, so an error raised in
 * version-neutral terms (or for the other version) is always sent with a code the peer's table contains.
 */
export function errorCodeFor<V extends OcppVersion>(version: V, code: OcppErrorCode): OcppErrorCodeOf<V> {
  const reason = REASON_BY_CODE.get(code) ?? 'GenericError';
  const spelled = version === 'ocpp1.6' ? OCPP16_SPELLING[reason] : reason;
  return spelled as OcppErrorCodeOf<V>;
}

/** Whether `code` is in `version`'s table, spelled the way that version spells it. */
export function isErrorCodeOf<V extends OcppVersion>(version: V, code: string): code is OcppErrorCodeOf<V> {
  const codes: readonly string[] = version === 'ocpp1.6' ? OCPP16_ERROR_CODES : OCPP201_ERROR_CODES;
  return codes.includes(code);
}
