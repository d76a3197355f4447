import { NotConfiguredError } from '@csms/app/payments/not-configured';
import { stripeSettingsFromEnv, stripeWebhookSecret } from '@csms/functions/adapters/stripe/stripe-client';
import { paymentProvider, StripePaymentProvider } from '@csms/functions/adapters/stripe/stripe-provider';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/logger.ts';
import { problemResponse } from '../../src/http/problem.ts';

const silent = createLogger('silent');

describe('paymentProvider()', () => {
  it('throws NotConfiguredError naming what to set when STRIPE_SECRET_KEY is missing, answered 501', () => {
    let error: unknown;
    try {
      paymentProvider({});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotConfiguredError);
    expect((error as NotConfiguredError).kind).toBe('not-configured');
    expect((error as Error).message).toBe(
      'Set STRIPE_SECRET_KEY (and for Connect onboarding, a Stripe platform account with Connect enabled) to use card payments and payouts',
    );
    const response = problemResponse(error, silent);
    expect(response.statusCode).toBe(501);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body ?? '{}').detail).toContain('STRIPE_SECRET_KEY');
  });

  it('returns the Stripe provider when a key is set, reusing it while the settings stay the same', () => {
    const env = { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: '1' };
    const provider = paymentProvider(env);
    expect(provider).toBeInstanceOf(StripePaymentProvider);
    expect(paymentProvider({ ...env })).toBe(provider);
    expect(paymentProvider({ ...env, STRIPE_API_PORT: '2' })).not.toBe(provider);
  });

  it('reads the optional API host, port and protocol, and rejects malformed ones', () => {
    expect(
      stripeSettingsFromEnv({
        STRIPE_SECRET_KEY: 'sk_test_x',
        STRIPE_API_HOST: '127.0.0.1',
        STRIPE_API_PORT: '12111',
        STRIPE_API_PROTOCOL: 'http',
      }),
    ).toEqual({ secretKey: 'sk_test_x', host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(stripeSettingsFromEnv({ STRIPE_SECRET_KEY: 'sk_test_x' })).toEqual({ secretKey: 'sk_test_x' });
    expect(() => stripeSettingsFromEnv({ STRIPE_SECRET_KEY: 'k', STRIPE_API_PORT: 'http' })).toThrow(
      /STRIPE_API_PORT/,
    );
    expect(() => stripeSettingsFromEnv({ STRIPE_SECRET_KEY: 'k', STRIPE_API_PROTOCOL: 'ftp' })).toThrow(
      /STRIPE_API_PROTOCOL/,
    );
  });

  it('asks for STRIPE_WEBHOOK_SECRET when it is missing', () => {
    expect(() => stripeWebhookSecret({})).toThrow(NotConfiguredError);
    expect(stripeWebhookSecret({ STRIPE_WEBHOOK_SECRET: 'whsec_1' })).toBe('whsec_1');
  });
});
