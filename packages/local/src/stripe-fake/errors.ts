/**
 * Stripe's v1 error body is `{"error": {type, code?, message, param?, decline_code?, ...}}`; the SDK picks its
 * error class from the HTTP status (400/404 → InvalidRequest, or Idempotency when `type` says so; 401 →
 * Authentication; 402 → Card; 403 → Permission). Fields Stripe leaves out for an error are left out here too.
 */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  setup_intent?: unknown;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /**
     * Stripe saves an idempotent request's result only once the endpoint has started executing: a request
     * rejected while its parameters are validated is not saved, so fixing it and retrying with the same key
     * works. Errors raised after execution began (a decline, a wrong state) are saved and replayed.
     */
    readonly saveForIdempotency = true,
  ) {
    super(body.message);
    this.name = 'StripeApiError';
  }
}

const docUrl = (code: string): string => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

/** A request whose parameters are wrong: never saved for idempotent replay. */
export function paramError(message: string, param?: string, code = 'parameter_invalid'): StripeApiError {
  return new StripeApiError(
    400,
    { type: 'invalid_request_error', code, message, doc_url: docUrl(code), ...(param ? { param } : {}) },
    false,
  );
}

export function missingParam(param: string): StripeApiError {
  return paramError(`Missing required param: ${param}.`, param, 'parameter_missing');
}

export function unknownParam(param: string): StripeApiError {
  return paramError(`Received unknown parameter: ${param}`, param, 'parameter_unknown');
}

export function resourceMissing(objectName: string, id: string, param: string): StripeApiError {
  return new StripeApiError(
    404,
    {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${objectName}: '${id}'`,
      param,
      doc_url: docUrl('resource_missing'),
    },
    false,
  );
}

/** An operation the object's current state does not allow (capture twice, cancel after capture, …). */
export function stateError(code: string, message: string): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', code, message, doc_url: docUrl(code) });
}

export function invalidRequest(message: string, extra: Partial<StripeErrorBody> = {}): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', message, ...extra });
}

export function cardError(
  declineCode: string,
  message: string,
  related: Pick<StripeErrorBody, 'charge' | 'payment_intent' | 'payment_method' | 'setup_intent'>,
): StripeApiError {
  return new StripeApiError(402, {
    type: 'card_error',
    code: 'card_declined',
    decline_code: declineCode,
    message,
    doc_url: docUrl('card_declined'),
    ...related,
  });
}

export function errorJson(body: StripeErrorBody): string {
  return JSON.stringify({ error: body }, null, 2);
}
