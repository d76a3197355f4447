import { NotConfiguredError, STRIPE_NOT_CONFIGURED } from '@csms/app/payments/not-configured';
import Stripe from 'stripe';

export interface StripeSettings {
  secretKey: string;
  /** Overrides for talking to something other than api.stripe.com (the local fake in tests and `npm start`). */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads `STRIPE_SECRET_KEY` (required) and the optional `STRIPE_API_HOST`, `STRIPE_API_PORT`,
 * `STRIPE_API_PROTOCOL`. Without a key, payments are simply not set up here: NotConfiguredError (501).
 */
export function stripeSettingsFromEnv(env: Env = process.env): StripeSettings {
  const secretKey = env.STRIPE_SECRET_KEY;
  if (!secretKey) throw new NotConfiguredError(STRIPE_NOT_CONFIGURED);
  const settings: StripeSettings = { secretKey };
  if (env.STRIPE_API_HOST) settings.host = env.STRIPE_API_HOST;
  if (env.STRIPE_API_PORT) {
    const port = Number(env.STRIPE_API_PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`STRIPE_API_PORT must be a TCP port number, got '${env.STRIPE_API_PORT}'`);
    }
    settings.port = port;
  }
  if (env.STRIPE_API_PROTOCOL) {
    if (env.STRIPE_API_PROTOCOL !== 'http' && env.STRIPE_API_PROTOCOL !== 'https') {
      throw new Error(`STRIPE_API_PROTOCOL must be 'http' or 'https', got '${env.STRIPE_API_PROTOCOL}'`);
    }
    settings.protocol = env.STRIPE_API_PROTOCOL;
  }
  return settings;
}

export function createStripeClient(settings: StripeSettings): Stripe {
  return new Stripe(settings.secretKey, {
    // No latency metrics to Stripe: nothing leaves the process but the API calls themselves.
    telemetry: false,
    // Every mutating call carries our idempotency key, so the SDK's retries of network errors, 409s and 5xx
    // are safe; the timeout keeps a retried call well inside an API Gateway request (29 s).
    maxNetworkRetries: 2,
    timeout: 8_000,
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.protocol ? { protocol: settings.protocol } : {}),
  });
}

/** The signing secret (`whsec_…`) of our Stripe webhook endpoint. */
export function stripeWebhookSecret(env: Env = process.env): string {
  const secret = env.STRIPE_WEBHOOK_SECRET;
  if (!secret) {
    throw new NotConfiguredError(
      'Set STRIPE_WEBHOOK_SECRET (the signing secret, whsec_…, of the Stripe webhook endpoint) to receive Stripe events',
    );
  }
  return secret;
}
