import type { Logger } from '@csms/app/deps';
import {
  DomainError,
  type DomainErrorKind,
  MethodNotAllowedError,
  UpstreamError,
  ValidationError,
} from '@csms/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** RFC 9457 problem details; `errors` names each offending field. The one mapping of domain errors to HTTP. */
const statusOf: Record<DomainErrorKind, number> = {
  validation: 422,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'method-not-allowed': 405,
  'rate-limited': 429,
  'not-configured': 501,
  'upstream-error': 502,
  'upstream-timeout': 504,
};

export class MalformedBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedBodyError';
  }
}

/** A domain error becomes its status; anything else is a 500 whose cause goes to the log, not the client. */
export function problemResponse(error: unknown, log: Logger): APIGatewayProxyStructuredResultV2 {
  if (error instanceof MalformedBodyError) {
    return problem(400, 'Malformed request body', error.message, {
      errors: [{ field: '', message: error.message }],
    });
  }
  if (error instanceof DomainError) {
    const extra =
      error instanceof ValidationError
        ? { errors: error.issues }
        : error instanceof UpstreamError
          ? { code: error.code, ...(error.details === undefined ? {} : { details: error.details }) }
          : {};
    const response = problem(statusOf[error.kind], titleOf(error.kind), error.message, extra);
    if (error instanceof MethodNotAllowedError) {
      return { ...response, headers: { ...response.headers, allow: error.allowed.join(', ') } };
    }
    return response;
  }
  log.error('Unhandled API error', { error: String(error), stack: (error as Error)?.stack });
  return problem(500, 'Internal error', 'The request could not be completed; it has been logged');
}

export function problem(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: 'about:blank', title, status, detail, ...extra }),
  };
}

function titleOf(kind: DomainErrorKind): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1).replace('-', ' ');
}
