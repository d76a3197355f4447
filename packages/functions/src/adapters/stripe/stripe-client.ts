import Stripe from 'stripe';

export interface StripeSettings {
  secretKey: string;
  /** Overrides for talking to something other than api.stripe.com (the local fake in tests and `npm start`). */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
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
