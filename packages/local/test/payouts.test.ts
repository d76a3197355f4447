import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startStripeFake } from '../src/stripe-fake/index.ts';
import { apiClient, startTestStack } from './support/local-stack.ts';

type Fake = Awaited<ReturnType<typeof startStripeFake>>;
let stack: LocalStack;
let fake: Fake;
beforeAll(async () => {
  stack = await startTestStack();
  fake = await startStripeFake();
});
afterAll(async () => {
  await fake?.close();
  await stack?.stop();
});

const withoutStripe = {
  STRIPE_SECRET_KEY: undefined,
  STRIPE_API_HOST: undefined,
  STRIPE_API_PORT: undefined,
  STRIPE_API_PROTOCOL: undefined,
};

async function signUp() {
  const res = await apiClient(stack)<{ apiKey: string }>('POST', '/v1/tenants', {
    name: 'Payout GmbH',
    email: 'finance@payout.example',
    country: 'DE',
    currency: 'EUR',
  });
  return apiClient(stack, res.body.apiKey);
}

const urls = {
  returnUrl: 'https://cpo.example/payouts/done',
  refreshUrl: 'https://cpo.example/payouts/retry',
};

describe('payout onboarding (Stripe Connect)', () => {
  it('says what to configure when Stripe is not set up (501 problem)', async () => {
    stack.reconfigure(withoutStripe);
    const api = await signUp();
    const res = await api('POST', '/v1/payouts/onboarding-link', urls);
    expect(res.status).toBe(501);
    expect(res.contentType).toContain('application/problem+json');
    expect(String(res.body.detail)).toContain('STRIPE_SECRET_KEY');
  });

  it('creates the connected account once and returns a fresh onboarding link each time', async () => {
    stack.reconfigure(fake.env);
    try {
      const api = await signUp();
      const first = await api<{ accountId: string; url: string; expiresAt: string }>(
        'POST',
        '/v1/payouts/onboarding-link',
        urls,
      );
      expect(first.status).toBe(201);
      expect(first.body.accountId).toMatch(/^acct_/);
      expect(first.body.url).toMatch(/^http/);
      const second = await api<{ accountId: string; url: string }>(
        'POST',
        '/v1/payouts/onboarding-link',
        urls,
      );
      expect(second.body.accountId).toBe(first.body.accountId);
      expect(second.body.url).not.toBe(first.body.url);
      const created = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/accounts');
      expect(created).toHaveLength(1);

      const before = await api('GET', '/v1/payouts/status');
      expect(before.body).toMatchObject({ accountId: first.body.accountId, chargesEnabled: false });
      fake.completeOnboarding(first.body.accountId);
      const after = await api('GET', '/v1/payouts/status');
      expect(after.body).toMatchObject({
        chargesEnabled: true,
        payoutsEnabled: true,
        detailsSubmitted: true,
      });
    } finally {
      stack.reconfigure(withoutStripe);
    }
  });

  it('validates the URLs, naming the field', async () => {
    const api = await signUp();
    const res = await api('POST', '/v1/payouts/onboarding-link', {
      returnUrl: 'not a url',
      refreshUrl: urls.refreshUrl,
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'returnUrl' })]);
  });
});
