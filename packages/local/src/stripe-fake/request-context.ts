import type { FormObject } from './form.ts';
import type { FakeState, Ledger } from './state.ts';

/** What an endpoint handler gets: the parsed parameters and the books of the account the call acts on. */
export interface StripeRequest {
  readonly state: FakeState;
  /** The connected account named by `Stripe-Account`, or the platform account when the header is absent. */
  readonly account: string;
  /** True when the call carries `Stripe-Account`, i.e. acts on a connected account (a direct charge). */
  readonly connected: boolean;
  readonly ledger: Ledger;
  readonly form: FormObject;
  /** Captured path segments, e.g. the `pi_…` of `/v1/payment_intents/pi_…/capture`. */
  readonly pathParams: readonly string[];
  /** Base URL of the fake itself, for URLs it hands out (onboarding links). */
  readonly baseUrl: string;
  readonly requestId: string;
  readonly idempotencyKey: string | null;
}

/** A handler returns the JSON object to answer with (200) or throws a StripeApiError. */
export type Handler = (req: StripeRequest) => object;

export function pathParam(req: StripeRequest, index = 0): string {
  const value = req.pathParams[index];
  if (value === undefined) throw new Error(`Route is missing path parameter ${index}`);
  return value;
}

/** Records the event an API call causes, tagged with that call's request id and idempotency key as Stripe does. */
export function emitEvent(req: StripeRequest, type: string, object: unknown): void {
  req.state.emit(type, object, req.account, { id: req.requestId, idempotency_key: req.idempotencyKey });
}
