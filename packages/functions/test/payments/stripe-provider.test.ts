import { idempotencyKey } from '@csms/app/payments/idempotency-key';
import type { PaymentProvider } from '@csms/app/payments/payment-provider';
import { PaymentProviderError } from '@csms/app/payments/payment-provider-error';
import {
  createPaymentProvider,
  StripePaymentProvider,
} from '@csms/functions/adapters/stripe/stripe-provider';
import { type StripeFake, startStripeFake } from '@csms/local/stripe-fake/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

// The provider with the real `stripe` SDK, configured from the environment as in a Lambda, against the fake.
let fake: StripeFake;
let provider: PaymentProvider;

beforeAll(async () => {
  fake = await startStripeFake();
  provider = createPaymentProvider(loadConfig({ TABLE_NAME: 'csms', ...fake.env }).stripe)();
});
afterAll(async () => {
  await fake?.close();
});

async function providerError(promise: Promise<unknown>): Promise<PaymentProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PaymentProviderError) return error;
    throw error;
  }
  throw new Error('expected the provider call to fail');
}

let tenantSeq = 0;
async function onboardedTenant(): Promise<string> {
  tenantSeq += 1;
  const tenantId = `t${tenantSeq}`;
  const { accountId } = await provider.createConnectedAccount(
    { tenantId, email: `ops@${tenantId}.example`, country: 'NO', businessName: `Tenant ${tenantId} AS` },
    idempotencyKey('connect-account', tenantId),
  );
  fake.completeOnboarding(accountId);
  return accountId;
}

async function driverWithCard(connectedAccountId: string, card = 'pm_card_visa') {
  const { customerId } = await provider.createCustomer({
    connectedAccountId,
    idempotencyKey: idempotencyKey('customer', connectedAccountId, 'driver-1'),
    email: 'driver@example.com',
    metadata: { driverId: 'driver-1' },
  });
  const { setupIntentId, clientSecret } = await provider.createSetupIntent({
    connectedAccountId,
    customerId,
    idempotencyKey: idempotencyKey('setup', connectedAccountId, 'driver-1', card),
  });
  expect(clientSecret).toMatch(/^seti_.+_secret_/);
  // The driver's browser confirms with Stripe.js; the CSMS never sees the card number.
  fake.confirmSetupIntent(setupIntentId, card, { stripeAccount: connectedAccountId });
  const saved = await provider.getSavedCard({ connectedAccountId, setupIntentId });
  return { customerId, setupIntentId, saved };
}

describe('payout onboarding (Stripe Connect)', () => {
  it('creates a connected account for the tenant and an onboarding link that completes it', async () => {
    const { accountId } = await provider.createConnectedAccount(
      { tenantId: 't-onboard', email: 'ops@fjord.example', country: 'NO', businessName: 'Fjord Charge AS' },
      idempotencyKey('connect-account', 't-onboard'),
    );
    expect(accountId).toMatch(/^acct_/);
    expect(fake.accounts.get(accountId)).toMatchObject({
      country: 'NO',
      email: 'ops@fjord.example',
      business_profile: { name: 'Fjord Charge AS' },
      metadata: { tenantId: 't-onboard' },
      controller: {
        stripe_dashboard: { type: 'full' },
        fees: { payer: 'account' },
        losses: { payments: 'stripe' },
      },
      capabilities: { card_payments: 'inactive', transfers: 'inactive' },
    });
    expect(await provider.getConnectedAccount(accountId)).toEqual({
      accountId,
      chargesEnabled: false,
      payoutsEnabled: false,
      detailsSubmitted: false,
    });

    const before = Date.now();
    const link = await provider.createAccountOnboardingLink({
      accountId,
      refreshUrl: 'https://csms.example/payouts/refresh',
      returnUrl: 'https://csms.example/payouts/done',
    });
    expect(link.expiresAt.getTime()).toBeGreaterThan(before + 200_000);
    expect(link.expiresAt.getTime()).toBeLessThanOrEqual(before + 301_000);

    // The tenant's browser goes through the hosted onboarding and comes back to returnUrl.
    const visit = await fetch(link.url, { redirect: 'manual' });
    expect(visit.headers.get('location')).toBe('https://csms.example/payouts/done');
    expect(await provider.getConnectedAccount(accountId)).toEqual({
      accountId,
      chargesEnabled: true,
      payoutsEnabled: true,
      detailsSubmitted: true,
    });
  });

  it('replays the same account for a retried creation with the same idempotency key', async () => {
    const input = {
      tenantId: 't-retry',
      email: 'ops@retry.example',
      country: 'DE',
      businessName: 'Retry GmbH',
    };
    const key = idempotencyKey('connect-account', 't-retry');
    const first = await provider.createConnectedAccount(input, key);
    const second = await provider.createConnectedAccount(input, key);
    expect(second.accountId).toBe(first.accountId);
    expect([...fake.accounts.values()].filter((a) => a.metadata.tenantId === 't-retry')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.idempotencyKey === key).map((r) => r.replayed)).toEqual([
      false,
      true,
    ]);
  });

  it('reports a reused key with different parameters as an idempotency failure', async () => {
    const key = idempotencyKey('connect-account', 't-clash');
    await provider.createConnectedAccount(
      { tenantId: 't-clash', email: 'a@clash.example', country: 'NO', businessName: 'A' },
      key,
    );
    const error = await providerError(
      provider.createConnectedAccount(
        { tenantId: 't-clash', email: 'b@clash.example', country: 'NO', businessName: 'B' },
        key,
      ),
    );
    expect(error.reason).toBe('idempotency');
    expect(error.statusCode).toBe(400);
  });
});

describe('card payments (direct charges with an application fee)', () => {
  it('saves a card keeping only ids and last4, holds, captures less than held, refunds', async () => {
    const connectedAccountId = await onboardedTenant();
    const { customerId, saved } = await driverWithCard(connectedAccountId);
    if (saved.status !== 'saved') throw new Error(`card not saved: ${JSON.stringify(saved)}`);
    expect(saved).toEqual({
      status: 'saved',
      setupIntentId: expect.stringMatching(/^seti_/),
      customerId,
      paymentMethodId: expect.stringMatching(/^pm_/),
      last4: '4242',
      brand: 'visa',
    });

    const holdKey = idempotencyKey('hold', connectedAccountId, 'session-1');
    const hold = await provider.createPaymentIntentHold({
      amount: 50_000,
      currency: 'NOK',
      customerId,
      paymentMethodId: saved.paymentMethodId,
      connectedAccountId,
      applicationFeeAmount: 2_500,
      idempotencyKey: holdKey,
      metadata: { sessionId: 'session-1' },
    });
    if (hold.outcome !== 'authorized') throw new Error(`hold declined: ${JSON.stringify(hold)}`);
    expect(hold.amountCapturable).toBe(50_000);

    // A direct charge: on the tenant's account, manual capture, the platform fee attached.
    const holdRequest = fake.requests.find((r) => r.idempotencyKey === holdKey);
    expect(holdRequest).toMatchObject({ path: '/v1/payment_intents', account: connectedAccountId });
    expect(holdRequest?.params).toMatchObject({
      capture_method: 'manual',
      confirm: 'true',
      off_session: 'true',
      application_fee_amount: '2500',
      currency: 'nok',
    });
    expect(fake.ledger(connectedAccountId).paymentIntents.get(hold.paymentIntentId)).toMatchObject({
      status: 'requires_capture',
      application_fee_amount: 2_500,
      metadata: { sessionId: 'session-1' },
    });

    const retried = await provider.createPaymentIntentHold({
      amount: 50_000,
      currency: 'NOK',
      customerId,
      paymentMethodId: saved.paymentMethodId,
      connectedAccountId,
      applicationFeeAmount: 2_500,
      idempotencyKey: holdKey,
      metadata: { sessionId: 'session-1' },
    });
    expect(retried).toEqual(hold);
    expect(fake.ledger(connectedAccountId).paymentIntents.size).toBe(1);

    const capture = {
      id: hold.paymentIntentId,
      amountToCapture: 31_240,
      applicationFeeAmount: 1_562,
      connectedAccountId,
      idempotencyKey: idempotencyKey('capture', connectedAccountId, 'session-1'),
    };
    expect(await provider.capturePaymentIntent(capture)).toEqual({
      paymentIntentId: hold.paymentIntentId,
      amountReceived: 31_240,
    });
    // Retrying the capture (same key) is harmless; capturing again under a new key is refused.
    expect((await provider.capturePaymentIntent(capture)).amountReceived).toBe(31_240);
    const twice = await providerError(
      provider.capturePaymentIntent({
        ...capture,
        idempotencyKey: idempotencyKey('capture-again', 'session-1'),
      }),
    );
    expect(twice).toMatchObject({ reason: 'invalid-request', code: 'payment_intent_unexpected_state' });
    const fee = [...fake.ledger().applicationFees.values()].find((f) => f.account === connectedAccountId);
    expect(fee?.amount).toBe(1_562);

    const refund = await provider.refund({
      paymentIntentId: hold.paymentIntentId,
      connectedAccountId,
      idempotencyKey: idempotencyKey('refund', connectedAccountId, 'session-1', '1'),
      amount: 5_000,
      refundApplicationFee: true,
      reason: 'requested_by_customer',
    });
    expect(refund).toEqual({ refundId: expect.stringMatching(/^re_/), amount: 5_000, status: 'succeeded' });
    const rest = await provider.refund({
      paymentIntentId: hold.paymentIntentId,
      connectedAccountId,
      idempotencyKey: idempotencyKey('refund', connectedAccountId, 'session-1', '2'),
    });
    expect(rest.amount).toBe(26_240);
  });

  it('cancels a hold that will not be captured', async () => {
    const connectedAccountId = await onboardedTenant();
    const { customerId, saved } = await driverWithCard(connectedAccountId);
    if (saved.status !== 'saved') throw new Error('card not saved');
    const hold = await provider.createPaymentIntentHold({
      amount: 20_000,
      currency: 'eur',
      customerId,
      paymentMethodId: saved.paymentMethodId,
      connectedAccountId,
      applicationFeeAmount: 500,
      idempotencyKey: idempotencyKey('hold', connectedAccountId, 'session-2'),
    });
    if (hold.outcome !== 'authorized') throw new Error('hold declined');
    const canceled = await provider.cancelPaymentIntent({
      id: hold.paymentIntentId,
      connectedAccountId,
      idempotencyKey: idempotencyKey('cancel', connectedAccountId, 'session-2'),
      reason: 'abandoned',
    });
    expect(canceled).toEqual({ paymentIntentId: hold.paymentIntentId, status: 'canceled' });
    expect(fake.ledger(connectedAccountId).paymentIntents.get(hold.paymentIntentId)).toMatchObject({
      status: 'canceled',
      amount_capturable: 0,
      cancellation_reason: 'abandoned',
    });
    const refund = await providerError(
      provider.refund({
        paymentIntentId: hold.paymentIntentId,
        connectedAccountId,
        idempotencyKey: idempotencyKey('refund', connectedAccountId, 'session-2'),
      }),
    );
    expect(refund.reason).toBe('invalid-request');
  });

  it('returns a decline as a result, for a card that fails when charged', async () => {
    const connectedAccountId = await onboardedTenant();
    const { customerId, saved } = await driverWithCard(connectedAccountId, 'pm_card_chargeCustomerFail');
    if (saved.status !== 'saved') throw new Error('card not saved');
    expect(saved.last4).toBe('0341');
    const hold = await provider.createPaymentIntentHold({
      amount: 30_000,
      currency: 'nok',
      customerId,
      paymentMethodId: saved.paymentMethodId,
      connectedAccountId,
      applicationFeeAmount: 1_000,
      idempotencyKey: idempotencyKey('hold', connectedAccountId, 'session-3'),
    });
    expect(hold).toEqual({
      outcome: 'declined',
      paymentIntentId: expect.stringMatching(/^pi_/),
      code: 'card_declined',
      declineCode: 'generic_decline',
      message: 'Your card was declined.',
    });
  });

  it('reports a card declined while saving as not saved, with the decline code', async () => {
    const connectedAccountId = await onboardedTenant();
    const { saved } = await driverWithCard(connectedAccountId, 'pm_card_chargeDeclined');
    expect(saved).toEqual({
      status: 'pending',
      setupIntentId: expect.stringMatching(/^seti_/),
      declineCode: 'generic_decline',
    });
  });

  it('keeps drivers per tenant: a customer of one connected account is unknown on another', async () => {
    const first = await onboardedTenant();
    const second = await onboardedTenant();
    const { customerId } = await provider.createCustomer({
      connectedAccountId: first,
      idempotencyKey: 'c-first',
    });
    const error = await providerError(
      provider.createSetupIntent({ connectedAccountId: second, customerId, idempotencyKey: 's-second' }),
    );
    expect(error).toMatchObject({ reason: 'invalid-request', code: 'resource_missing', statusCode: 404 });
  });
});

describe('provider failures', () => {
  it('reports a wrong secret key as an authentication failure, with the request id', async () => {
    const wrongKey = StripePaymentProvider.fromSettings({
      secretKey: 'sk_test_wrong',
      host: fake.host,
      port: fake.port,
      protocol: 'http',
    });
    const error = await providerError(wrongKey.getConnectedAccount('acct_1Whatever000000'));
    expect(error).toMatchObject({ reason: 'authentication', statusCode: 401 });
    expect(error.requestId).toMatch(/^req_/);
  });

  it('runs the SDK with telemetry off: no latency reports ride along on later requests', async () => {
    const connectedAccountId = await onboardedTenant();
    await provider.getConnectedAccount(connectedAccountId);
    await provider.getConnectedAccount(connectedAccountId);
    expect(fake.requests.length).toBeGreaterThan(2);
    expect(fake.requests.filter((r) => r.clientTelemetry !== null)).toEqual([]);
  });
});

describe('charging a saved card at once (top-ups, debt, the part beyond a hold)', () => {
  it('captures immediately as a direct charge with the fee, and reports a decline as a result', async () => {
    const connectedAccountId = await onboardedTenant();
    const { customerId, saved } = await driverWithCard(connectedAccountId);
    if (saved.status !== 'saved') throw new Error('card not saved');
    const charged = await provider.chargeSavedCard({
      amount: 2_000,
      currency: 'EUR',
      customerId,
      paymentMethodId: saved.paymentMethodId,
      connectedAccountId,
      applicationFeeAmount: 40,
      idempotencyKey: idempotencyKey('top-up', connectedAccountId, '1'),
    });
    if (charged.outcome !== 'succeeded') throw new Error(`declined: ${JSON.stringify(charged)}`);
    expect(charged.amountReceived).toBe(2_000);
    expect(fake.ledger(connectedAccountId).paymentIntents.get(charged.paymentIntentId)).toMatchObject({
      status: 'succeeded',
      capture_method: 'automatic',
      application_fee_amount: 40,
    });

    const failing = await driverWithCard(connectedAccountId, 'pm_card_chargeDeclinedInsufficientFunds');
    if (failing.saved.status !== 'saved') throw new Error('card not saved');
    const declined = await provider.chargeSavedCard({
      amount: 2_000,
      currency: 'EUR',
      customerId: failing.customerId,
      paymentMethodId: failing.saved.paymentMethodId,
      connectedAccountId,
      applicationFeeAmount: 0,
      idempotencyKey: idempotencyKey('top-up', connectedAccountId, '2'),
    });
    expect(declined).toMatchObject({
      outcome: 'declined',
      code: 'card_declined',
      declineCode: 'insufficient_funds',
    });
  });
});
