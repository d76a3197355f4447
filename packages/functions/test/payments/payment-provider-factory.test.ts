import { NotConfiguredError } from '@csms/app/payments/not-configured';
import {
  createPaymentProvider,
  StripePaymentProvider,
} from '@csms/functions/adapters/stripe/stripe-provider';
import { createWebhookVerifier } from '@csms/functions/adapters/stripe/stripe-webhook';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { problemResponse } from '../../src/http/problem.ts';

const silent = createLogger('silent');
const base = { TABLE_NAME: 'csms' };

describe('the payment provider of a deployment', () => {
  it('throws NotConfiguredError naming what to set when STRIPE_SECRET_KEY is missing, answered 501', () => {
    const provider = createPaymentProvider(loadConfig(base).stripe);
    let error: unknown;
    try {
      provider();
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

  it('is the Stripe provider when a key is set, one client per container', () => {
    const config = loadConfig({ ...base, STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_HOST: '127.0.0.1' });
    const provider = createPaymentProvider(config.stripe);
    expect(provider()).toBeInstanceOf(StripePaymentProvider);
    expect(provider()).toBe(provider());
  });

  it('reads the optional API host, port and protocol, and rejects malformed ones naming the variable', () => {
    expect(
      loadConfig({
        ...base,
        STRIPE_SECRET_KEY: 'sk_test_x',
        STRIPE_API_HOST: '127.0.0.1',
        STRIPE_API_PORT: '12111',
        STRIPE_API_PROTOCOL: 'http',
      }).stripe,
    ).toEqual({ secretKey: 'sk_test_x', host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(loadConfig({ ...base, STRIPE_SECRET_KEY: 'sk_test_x' }).stripe).toEqual({
      secretKey: 'sk_test_x',
    });
    expect(() => loadConfig({ ...base, STRIPE_SECRET_KEY: 'k', STRIPE_API_PORT: 'http' })).toThrow(
      /STRIPE_API_PORT/,
    );
    expect(() => loadConfig({ ...base, STRIPE_SECRET_KEY: 'k', STRIPE_API_PROTOCOL: 'ftp' })).toThrow(
      /STRIPE_API_PROTOCOL/,
    );
  });

  it('asks for STRIPE_WEBHOOK_SECRET when a webhook arrives without one configured', async () => {
    expect(() => createWebhookVerifier(undefined).verify('{}', 't=1,v1=00')).toThrow(NotConfiguredError);
    await expect(createWebhookVerifier('whsec_1').verify('{}', 't=1,v1=00')).rejects.toThrow(/signature/);
  });
});
