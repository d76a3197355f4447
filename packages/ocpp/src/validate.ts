import { type OcppAction, type OcppRequest, type OcppResponse, schemasOf } from './actions.ts';
import { errorCodeFor } from './error-codes.ts';
import { OcppError } from './errors.ts';
import type { JsonObject } from './frame.ts';
import { describeIssues } from './payload-issues.ts';
import type { OcppVersion } from './version.ts';

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: OcppError };

/** Typed when the action is a literal the version knows; a plain object when it is only known at runtime. */
export type RequestPayload<V extends OcppVersion, A extends string> =
  A extends OcppAction<V> ? OcppRequest<V, A> : JsonObject;

export type ResponsePayload<V extends OcppVersion, A extends string> =
  A extends OcppAction<V> ? OcppResponse<V, A> : JsonObject;

/** CALLERROR details list at most this many issues; the description names the first. */
const MAX_REPORTED_ISSUES = 10;

/**
 * Checks a CALL payload against the action's request schema. An action the version does not define gives
 * NotImplemented ("Requested Action is not known by receiver"); a schema violation gives the code described
 * in `payload-issues.ts`, with the offending field's path in the description.
 */
export function validateRequest<V extends OcppVersion, A extends string>(
  version: V,
  action: A,
  payload: unknown,
): ValidationResult<RequestPayload<V, A>> {
  return validate(version, action, payload, 'request') as ValidationResult<RequestPayload<V, A>>;
}

/** The same for a CALLRESULT payload, e.g. a response the CSMS is about to send. */
export function validateResponse<V extends OcppVersion, A extends string>(
  version: V,
  action: A,
  payload: unknown,
): ValidationResult<ResponsePayload<V, A>> {
  return validate(version, action, payload, 'response') as ValidationResult<ResponsePayload<V, A>>;
}

function validate(
  version: OcppVersion,
  action: string,
  payload: unknown,
  direction: 'request' | 'response',
): ValidationResult<unknown> {
  const schemas = schemasOf(version, action);
  if (!schemas) {
    const code = errorCodeFor(version, 'NotImplemented');
    return { ok: false, error: new OcppError(code, `Unknown ${version} action: ${action}`) };
  }
  const parsed = schemas[direction].safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data };

  const issues = describeIssues(parsed.error.issues, payload);
  const [first] = issues;
  if (!first) throw new Error('zod reported a failure without issues');
  const details = {
    issues: issues.slice(0, MAX_REPORTED_ISSUES).map(({ path, reason, message }) => ({
      path,
      code: errorCodeFor(version, reason),
      message,
    })),
  };
  return {
    ok: false,
    error: new OcppError(errorCodeFor(version, first.reason), `${first.path}: ${first.message}`, { details }),
  };
}
