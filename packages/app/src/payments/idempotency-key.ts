import { createHash } from 'node:crypto';

/** Stripe's limit on the `Idempotency-Key` header. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * A deterministic idempotency key from the parts that identify one business operation, e.g.
 * `idempotencyKey('hold', tenantId, sessionId)`: a retry of the same operation (Lambda retry, Step Functions
 * redrive) sends the same key, so Stripe replays the first result instead of charging twice.
 *
 * Parts are percent-encoded before joining with `:` so different parts never produce the same key
 * (`['a:b', 'c']` vs `['a', 'b:c']`) and the header stays ASCII. A key over 255 characters is replaced by a
 * SHA-256 of the whole, keeping the first part as a readable prefix.
 */
export function idempotencyKey(...parts: string[]): string {
  if (parts.length === 0) throw new Error('idempotencyKey needs at least one part');
  const encoded = parts.map((part) => {
    if (part === '') throw new Error('idempotencyKey parts must not be empty');
    return encodeURIComponent(part);
  });
  const joined = encoded.join(':');
  if (joined.length <= MAX_IDEMPOTENCY_KEY_LENGTH) return joined;
  const digest = createHash('sha256').update(joined).digest('hex');
  return `${(encoded[0] ?? '').slice(0, 64)}:sha256:${digest}`;
}
