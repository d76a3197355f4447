/**
 * A loopback stand-in for the Stripe API (no stripe-mock offline): the real `stripe` SDK talks to it over
 * HTTP with `host`/`port`/`protocol: 'http'`, so tests exercise the same requests production sends.
 */
export type { StripeErrorBody } from './errors.ts';
export type * from './objects.ts';
export {
  type StripeFake,
  type StripeFakeOptions,
  type StripeFakeRequest,
  startStripeFake,
} from './server.ts';
export type { Ledger } from './state.ts';
export { testCards } from './test-cards.ts';
export { sendWebhook, stripeSignatureHeader, type WebhookDelivery } from './webhooks.ts';
