import { StripeApiError } from './errors.ts';

export interface SavedResponse {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
}

interface Entry extends SavedResponse {
  readonly endpoint: string;
  readonly params: string;
}

const MAX_KEY_LENGTH = 255;

/**
 * Stripe's v1 idempotency: the first response for a key (success or saved error) is replayed for retries
 * with the same key; reusing the key on another endpoint or with other parameters is an `idempotency_error`.
 * Keys are scoped to the account the request acts on, as Stripe scopes them per account. Kept forever here
 * (Stripe prunes after 24 hours), which a test process never outlives.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** The saved response to replay, undefined for a first use; throws when the key is misused. */
  lookup(scope: string, key: string, endpoint: string, params: string): SavedResponse | undefined {
    if (key.length > MAX_KEY_LENGTH) {
      throw new StripeApiError(
        400,
        {
          type: 'invalid_request_error',
          message: `Invalid idempotency key: keys can be at most ${MAX_KEY_LENGTH} characters long.`,
        },
        false,
      );
    }
    const entry = this.entries.get(`${scope}\n${key}`);
    if (!entry) return undefined;
    if (entry.endpoint !== endpoint) {
      throw misuse(
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (entry.params !== params) {
      throw misuse(
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    return entry;
  }

  save(scope: string, key: string, endpoint: string, params: string, response: SavedResponse): void {
    this.entries.set(`${scope}\n${key}`, { ...response, endpoint, params });
  }
}

function misuse(message: string): StripeApiError {
  return new StripeApiError(400, { type: 'idempotency_error', code: 'idempotency_error', message }, false);
}
