import type { PaymentEventVerifier } from '@csms/app/deps';
import { NotConfiguredError } from '@csms/app/payments/not-configured';
import { DomainError } from '@csms/core';
import Stripe from 'stripe';

/**
 * The request does not carry a valid Stripe signature for our endpoint secret (forged, tampered, replayed
 * outside the tolerance window, or signed for another endpoint). Answered 401 and never processed.
 */
export class WebhookSignatureError extends DomainError {
  readonly kind = 'unauthenticated';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`Stripe webhook signature verification failed: ${reason}`, options);
    this.name = 'WebhookSignatureError';
  }
}

export interface VerifyOptions {
  /** Maximum age of the signature timestamp; Stripe's default is 300 s, against replays. */
  toleranceSeconds?: number;
}

/**
 * Checks the `Stripe-Signature` header against the raw request body and returns the event. The body must be
 * exactly the bytes Stripe sent (decode API Gateway's base64 body first; never re-serialise parsed JSON).
 * Offline: only HMAC over the body, no call to Stripe.
 */
export async function verifyStripeWebhook(
  rawBody: string,
  signatureHeader: string | undefined,
  secret: string,
  options: VerifyOptions = {},
): Promise<Stripe.Event> {
  if (!signatureHeader) throw new WebhookSignatureError('no Stripe-Signature header');
  try {
    return await Stripe.webhooks.constructEventAsync(
      rawBody,
      signatureHeader,
      secret,
      options.toleranceSeconds,
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new WebhookSignatureError(error.message, { cause: error });
    }
    throw error;
  }
}

/** The webhook endpoint's verifier, for the configured signing secret (`whsec_…`). */
export function createWebhookVerifier(secret: string | undefined): PaymentEventVerifier {
  return {
    verify: (rawBody, signature) => {
      if (!secret) {
        throw new NotConfiguredError(
          'Set STRIPE_WEBHOOK_SECRET (the signing secret, whsec_…, of the Stripe webhook endpoint) to receive Stripe events',
        );
      }
      return verifyStripeWebhook(rawBody, signature, secret);
    },
  };
}
