/**
 * A provider call failed for a reason other than a card decline (declines are results, see
 * `PaymentHoldResult`): bad credentials, an unknown id, an operation the payment's state does not allow
 * (capturing twice), a reused idempotency key with other parameters, or the provider being unreachable.
 * Callers branch on `code` (the provider's error code, e.g. `payment_intent_unexpected_state`) and `reason`;
 * the HTTP layer treats it as an internal error and logs it, since none of these are the API caller's fault.
 */
export type PaymentProviderFailure =
  | 'authentication' // our secret key is wrong or revoked
  | 'permission' // the key may not act on that (connected) account
  | 'invalid-request' // unknown id, wrong state, bad parameter
  | 'idempotency' // key reused with different parameters
  | 'rate-limited'
  | 'unavailable'; // network failure or provider-side error

export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly reason: PaymentProviderFailure,
    readonly code: string | null,
    readonly statusCode: number | null,
    /** The provider's request id, for support tickets and log correlation. */
    readonly requestId: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PaymentProviderError';
  }
}
