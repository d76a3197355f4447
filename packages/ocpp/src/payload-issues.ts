import type * as z from 'zod';
import type { OcppErrorReason } from './error-codes.ts';

/** One schema violation in OCPP terms: where, which CALLERROR reason, and a description for humans. */
export interface PayloadIssue {
  /** `meterValue[0].sampledValue[1].value`; `(payload)` for the payload itself. */
  readonly path: string;
  readonly reason: OcppErrorReason;
  readonly message: string;
}

type Path = readonly PropertyKey[];

/**
 * Translates zod's issues for a payload into OCPP-J error reasons. The mapping follows the descriptions in
 * the OCPP-J error tables:
 * - a required property that is absent → OccurrenceConstraintViolation ("violates occurrence constraints");
 *   so is an array with too few or too many items, since OCPP states those limits as cardinalities (1..*);
 * - a value of the wrong JSON type, including a non-string where an enum is expected
 *   → TypeConstraintViolation (the tables' own example is `"somestring": 12`);
 * - a value of the right type that is not allowed: enum member, string length, number range, multipleOf,
 *   date-time or uri format → PropertyConstraintViolation ("at least one field contains an invalid value");
 * - a property the schema does not declare (additionalProperties: false) and a payload that is not an
 *   object → FormatViolation (spelled FormationViolation in 1.6). The payload does not have the message's
 *   shape, which is what 1.6 describes as "not conform the PDU structure". 2.0.1 moved that wording to
 *   ProtocolError, but keeps FormatViolation for a payload that fails its schema's syntax, which an extra
 *   property does; using it in both versions also keeps one rule for chargers that speak both.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], payload: unknown): PayloadIssue[] {
  return issues.flatMap((issue): PayloadIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        reason: 'FormatViolation',
        message: 'Unknown property (the schema allows no additional properties)',
      }));
    }
    const path = formatPath(issue.path);
    const found = lookup(payload, issue.path);
    // zod reports an absent property as a wrong type (or, for an enum, a wrong value); OCPP distinguishes.
    if (issue.path.length > 0 && !found.present) {
      return [{ path, reason: 'OccurrenceConstraintViolation', message: 'Required property is missing' }];
    }
    return [{ path, ...classify(issue, found.value) }];
  });
}

function classify(issue: z.core.$ZodIssue, value: unknown): Omit<PayloadIssue, 'path'> {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'integer' : issue.expected;
      const message = `Expected ${expected}, received ${jsonTypeOf(value)}`;
      // Only the payload root can be of the wrong type without a parent object around it.
      const reason = issue.path.length === 0 ? 'FormatViolation' : 'TypeConstraintViolation';
      return { reason, message };
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      if (issue.values.every((v) => typeof v === 'string') && typeof value !== 'string') {
        return {
          reason: 'TypeConstraintViolation',
          message: `Expected string, received ${jsonTypeOf(value)}`,
        };
      }
      const message = `Invalid value ${JSON.stringify(value)}, expected one of: ${allowed.join(', ')}`;
      return { reason: 'PropertyConstraintViolation', message };
    }
    case 'too_big':
    case 'too_small':
      return sizeViolation(issue);
    case 'not_multiple_of':
      return {
        reason: 'PropertyConstraintViolation',
        message: `Number must be a multiple of ${issue.divisor}`,
      };
    case 'invalid_format':
      return { reason: 'PropertyConstraintViolation', message: `Invalid ${issue.format}` };
    case 'custom':
      // The generated schemas' only refinements are the date-time and uri formats.
      return { reason: 'PropertyConstraintViolation', message: issue.message };
    default:
      return { reason: 'FormatViolation', message: issue.message };
  }
}

function sizeViolation(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): Omit<PayloadIssue, 'path'> {
  const big = issue.code === 'too_big';
  const limit = String(big ? issue.maximum : issue.minimum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      return {
        reason: 'PropertyConstraintViolation',
        message: `String must contain ${big ? 'at most' : 'at least'} ${plural(limit, 'character')}`,
      };
    case 'array':
      return {
        reason: 'OccurrenceConstraintViolation',
        message: `Array must contain ${big ? 'at most' : 'at least'} ${plural(limit, 'item')}`,
      };
    default: {
      const relation = big ? 'less than' : 'greater than';
      return {
        reason: 'PropertyConstraintViolation',
        message: `Number must be ${relation}${inclusive ? ' or equal to' : ''} ${limit}`,
      };
    }
  }
}

function plural(count: string, noun: string): string {
  return `${count} ${noun}${count === '1' ? '' : 's'}`;
}

function formatPath(path: Path): string {
  if (path.length === 0) return '(payload)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** Follows `path` through the raw payload; `present` is false when the last key does not exist. */
function lookup(payload: unknown, path: Path): { present: boolean; value: unknown } {
  let value = payload;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) {
      return { present: false, value: undefined };
    }
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value };
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
