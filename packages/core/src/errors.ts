/**
 * The one error hierarchy of the product. Domain code throws these; handlers map them once to HTTP problem
 * responses (`packages/functions/src/http/problem.ts`) and once to OCPP CALLERRORs.
 */
export type DomainErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'method-not-allowed'
  | 'rate-limited'
  | 'not-configured'
  | 'upstream-error'
  | 'upstream-timeout';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}

export interface FieldIssue {
  /** Dotted path of the offending field in the request, e.g. `connectors.0.maxKw`. */
  readonly field: string;
  readonly message: string;
  /** Where the field is: the JSON body (default), the query string, a path parameter or a header. */
  readonly in?: 'body' | 'query' | 'path' | 'header';
}

export class ValidationError extends DomainError {
  readonly kind = 'validation';
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((i) => `${i.field || '(body)'}: ${i.message}`).join('; '));
    this.name = 'ValidationError';
  }
}

/** The shape of a schema issue as zod reports it (only what a field issue needs). */
interface SchemaIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

/**
 * A schema's issues as one validation error: one entry per field; an unknown property is reported on the
 * property itself, so the client sees which one to remove.
 */
export function validationErrorOf(
  issues: readonly SchemaIssue[],
  location: NonNullable<FieldIssue['in']> = 'body',
): ValidationError {
  return new ValidationError(
    issues.flatMap((issue): FieldIssue[] => {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        return (issue.keys ?? []).map((key) => ({
          field: [...path, key].join('.'),
          message: 'Unknown field',
          in: location,
        }));
      }
      return [{ field: path.join('.'), message: issue.message, in: location }];
    }),
  );
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
  constructor(message = 'A valid API key is required: Authorization: Bearer <apiKey>') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class MethodNotAllowedError extends DomainError {
  readonly kind = 'method-not-allowed';
  constructor(
    method: string,
    readonly allowed: readonly string[],
  ) {
    super(`${method} is not allowed here; allowed: ${allowed.join(', ')}`);
    this.name = 'MethodNotAllowedError';
  }
}

export class NotConfiguredError extends DomainError {
  readonly kind = 'not-configured';
  constructor(message: string) {
    super(message);
    this.name = 'NotConfiguredError';
  }
}

export class RateLimitedError extends DomainError {
  readonly kind = 'rate-limited';
  constructor(message = 'Too many requests, retry later') {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** A charger (or payment provider) answered with an error: the request reached it and was refused. */
export class UpstreamError extends DomainError {
  readonly kind = 'upstream-error';
  constructor(
    message: string,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** A charger did not answer in time. */
export class UpstreamTimeoutError extends DomainError {
  readonly kind = 'upstream-timeout';
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamTimeoutError';
  }
}
