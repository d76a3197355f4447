import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody } from '../src/read-body.ts';
import { type StripeFake, startStripeFake, stripeSignatureHeader } from '../src/stripe-fake/index.ts';

// The real SDK against the fake, the way production code will talk to api.stripe.com.
let fake: StripeFake;
let stripe: Stripe;
let clock = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  fake = await startStripeFake({ now: () => clock });
  stripe = new Stripe(fake.secretKey, { ...fake.clientConfig, telemetry: false, maxNetworkRetries: 0 });
});
afterAll(async () => {
  await fake?.close();
});

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the Stripe call to fail');
}

function lastRequest() {
  const request = fake.requests.at(-1);
  if (!request) throw new Error('no request logged');
  return request;
}

async function onboardedAccount(): Promise<string> {
  const account = await stripe.accounts.create({ country: 'NO', email: 'ops@fjord.example' });
  fake.completeOnboarding(account.id);
  return account.id;
}

async function savedCard(accountId: string, card = 'pm_card_visa') {
  const customer = await stripe.customers.create(
    { email: 'driver@example.com' },
    { stripeAccount: accountId },
  );
  const setupIntent = await stripe.setupIntents.create(
    { customer: customer.id, usage: 'off_session' },
    { stripeAccount: accountId },
  );
  const confirmed = fake.confirmSetupIntent(setupIntent.id, card, { stripeAccount: accountId });
  if (!confirmed.setupIntent?.payment_method) throw new Error(`card not saved: ${confirmed.error?.message}`);
  return { customerId: customer.id, paymentMethodId: confirmed.setupIntent.payment_method };
}

describe('authentication', () => {
  it('answers 401 with Stripe error JSON when the key is missing', async () => {
    const res = await fetch(`${fake.url}/v1/customers`, { method: 'POST' });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('You did not provide an API key');
  });

  it('rejects a wrong key through the SDK as an authentication error, without echoing the key', async () => {
    const wrong = new Stripe('sk_test_not_the_right_key_1234', {
      ...fake.clientConfig,
      telemetry: false,
      maxNetworkRetries: 0,
    });
    const error = await rejection(wrong.customers.create({ email: 'x@example.com' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/^Invalid API Key provided: sk_test_\*+1234$/);
  });

  it('accepts the key as the Basic-auth user name, like curl -u sk_…:', async () => {
    const res = await fetch(`${fake.url}/v1/customers`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.secretKey}:`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'email=curl%40example.com',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toMatch(/^cus_/);
  });

  it('refuses a Stripe-Account the platform is not connected to (403)', async () => {
    const error = await rejection(stripe.customers.create({}, { stripeAccount: 'acct_1NotConnected00' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(error.code).toBe('account_invalid');
  });

  it('answers an unknown endpoint like Stripe (404 unrecognized URL)', async () => {
    const res = await fetch(`${fake.url}/v1/charges_that_do_not_exist`, {
      headers: { authorization: `Bearer ${fake.secretKey}` },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      'Unrecognized request URL',
    );
  });
});

describe('connected accounts and onboarding', () => {
  it('parses bracket-notation form bodies into the account object', async () => {
    const account = await stripe.accounts.create({
      country: 'NO',
      email: 'ops@fjord.example',
      business_profile: { name: 'Fjord Charge AS' },
      controller: {
        stripe_dashboard: { type: 'full' },
        fees: { payer: 'account' },
        losses: { payments: 'stripe' },
      },
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
      metadata: { tenantId: 't123' },
    });
    expect(account.id).toMatch(/^acct_[A-Za-z0-9]{16}$/);
    expect(account).toMatchObject({
      object: 'account',
      country: 'NO',
      default_currency: 'nok',
      email: 'ops@fjord.example',
      business_profile: { name: 'Fjord Charge AS' },
      capabilities: { card_payments: 'inactive', transfers: 'inactive' },
      controller: { stripe_dashboard: { type: 'full' }, fees: { payer: 'account' } },
      metadata: { tenantId: 't123' },
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      type: 'standard',
    });
    expect(lastRequest().params).toMatchObject({
      metadata: { tenantId: 't123' },
      capabilities: { card_payments: { requested: 'true' } },
    });
    expect(fake.accounts.get(account.id)?.metadata.tenantId).toBe('t123');
  });

  it('rejects unknown and malformed parameters as Stripe does', async () => {
    const res = await fetch(`${fake.url}/v1/accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.secretKey}` },
      body: new URLSearchParams({ country: 'NO', colour: 'blue' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('parameter_unknown');

    const error = await rejection(
      stripe.accounts.create({ type: 'standard', controller: { fees: { payer: 'account' } } }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.param).toBe('controller');
  });

  it('issues a single-use onboarding link that completes onboarding and redirects to return_url', async () => {
    const account = await stripe.accounts.create({ country: 'DE', email: 'ops@strom.example' });
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: 'https://app.example/payouts/refresh',
      return_url: 'https://app.example/payouts/done',
    });
    expect(link.object).toBe('account_link');
    expect(link.expires_at - link.created).toBe(300);
    expect(link.url.startsWith(`${fake.url}/setup/s/${account.id}/`)).toBe(true);

    const first = await fetch(link.url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('https://app.example/payouts/done');
    const onboarded = await stripe.accounts.retrieve(account.id);
    expect(onboarded).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
    });
    expect(fake.events.some((e) => e.type === 'account.updated' && e.account === account.id)).toBe(true);

    const again = await fetch(link.url, { redirect: 'manual' });
    expect(again.headers.get('location')).toBe('https://app.example/payouts/refresh');
  });

  it('sends an expired link to refresh_url', async () => {
    const account = await stripe.accounts.create({ country: 'SE' });
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: 'https://app.example/refresh',
      return_url: 'https://app.example/return',
    });
    clock += 301;
    try {
      const res = await fetch(link.url, { redirect: 'manual' });
      expect(res.headers.get('location')).toBe('https://app.example/refresh');
      expect(fake.accounts.get(account.id)?.details_submitted).toBe(false);
    } finally {
      clock -= 301;
    }
  });
});

describe('idempotency', () => {
  it('replays the saved response for the same key and parameters', async () => {
    const params = { email: 'same@example.com', metadata: { driverId: 'd1' } };
    const first = await stripe.customers.create(params, { idempotencyKey: 'cust:d1' });
    const second = await stripe.customers.create(params, { idempotencyKey: 'cust:d1' });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(lastRequest()).toMatchObject({ idempotencyKey: 'cust:d1', replayed: true, account: null });
    expect([...fake.ledger().customers.values()].filter((c) => c.email === 'same@example.com')).toHaveLength(
      1,
    );
  });

  it('refuses the same key with different parameters (idempotency_error)', async () => {
    await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'cust:d2' });
    const error = await rejection(
      stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'cust:d2' }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.rawType).toBe('idempotency_error');
    expect(error.message).toContain('same parameters');
  });

  it('does not save a request rejected during validation, so a corrected retry with the same key works', async () => {
    const bad = await fetch(`${fake.url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.secretKey}`, 'idempotency-key': 'cust:d3' },
      body: new URLSearchParams({ emial: 'typo@example.com' }),
    });
    expect(bad.status).toBe(400);
    const fixed = await stripe.customers.create({ email: 'typo@example.com' }, { idempotencyKey: 'cust:d3' });
    expect(fixed.id).toMatch(/^cus_/);
  });

  it('scopes keys to the account the request acts on', async () => {
    const accountId = await onboardedAccount();
    const onPlatform = await stripe.customers.create(
      { email: 'x@example.com' },
      { idempotencyKey: 'cust:x' },
    );
    const onConnected = await stripe.customers.create(
      { email: 'x@example.com' },
      { idempotencyKey: 'cust:x', stripeAccount: accountId },
    );
    expect(onConnected.id).not.toBe(onPlatform.id);
    expect(fake.ledger(accountId).customers.has(onConnected.id)).toBe(true);
    expect(fake.ledger().customers.has(onConnected.id)).toBe(false);
  });
});

describe('saving a card (SetupIntent)', () => {
  it('saves pm_card_visa for a customer on the connected account; only ids and last4 come back', async () => {
    const accountId = await onboardedAccount();
    const customer = await stripe.customers.create({}, { stripeAccount: accountId });
    const setupIntent = await stripe.setupIntents.create(
      { customer: customer.id, usage: 'off_session', allowed_payment_method_types: ['card'] },
      { stripeAccount: accountId },
    );
    expect(setupIntent.id).toMatch(/^seti_/);
    expect(setupIntent.client_secret).toMatch(new RegExp(`^${setupIntent.id}_secret_`));
    expect(setupIntent.status).toBe('requires_payment_method');

    const confirmed = fake.confirmSetupIntent(setupIntent.id, 'pm_card_visa', { stripeAccount: accountId });
    expect(confirmed.setupIntent?.status).toBe('succeeded');

    const retrieved = await stripe.setupIntents.retrieve(
      setupIntent.id,
      { expand: ['payment_method'] },
      { stripeAccount: accountId },
    );
    const paymentMethod = retrieved.payment_method as Stripe.PaymentMethod;
    expect(paymentMethod.id).toMatch(/^pm_/);
    expect(paymentMethod.card).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(paymentMethod.customer).toBe(customer.id);
  });

  it('declines pm_card_chargeDeclined when saving (card_declined, 402)', async () => {
    const accountId = await onboardedAccount();
    const customer = await stripe.customers.create({}, { stripeAccount: accountId });
    const setupIntent = await stripe.setupIntents.create(
      { customer: customer.id },
      { stripeAccount: accountId },
    );
    const error = await rejection(
      stripe.setupIntents.confirm(
        setupIntent.id,
        { payment_method: 'pm_card_chargeDeclined' },
        { stripeAccount: accountId },
      ),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.code).toBe('card_declined');
    expect(error.decline_code).toBe('generic_decline');
    const after = await stripe.setupIntents.retrieve(setupIntent.id, {}, { stripeAccount: accountId });
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_setup_error?.code).toBe('card_declined');
  });
});

describe('holds and captures (direct charges on a connected account)', () => {
  it('holds with manual capture and an application fee, captures less, pays the fee to the platform', async () => {
    const accountId = await onboardedAccount();
    const { customerId, paymentMethodId } = await savedCard(accountId);
    const hold = await stripe.paymentIntents.create(
      {
        amount: 5000,
        currency: 'nok',
        customer: customerId,
        payment_method: paymentMethodId,
        allowed_payment_method_types: ['card'],
        capture_method: 'manual',
        confirm: true,
        off_session: true,
        application_fee_amount: 300,
      },
      { stripeAccount: accountId, idempotencyKey: 'hold:s1' },
    );
    expect(hold.id).toMatch(/^pi_/);
    expect(hold).toMatchObject({
      status: 'requires_capture',
      amount_capturable: 5000,
      application_fee_amount: 300,
    });
    expect(lastRequest()).toMatchObject({
      path: '/v1/payment_intents',
      account: accountId,
      idempotencyKey: 'hold:s1',
    });
    expect(fake.ledger(accountId).paymentIntents.has(hold.id)).toBe(true);
    expect(fake.ledger().paymentIntents.has(hold.id)).toBe(false);

    const captured = await stripe.paymentIntents.capture(
      hold.id,
      { amount_to_capture: 3120, application_fee_amount: 190 },
      { stripeAccount: accountId, idempotencyKey: 'capture:s1' },
    );
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 3120, amount_capturable: 0 });
    const fees = [...fake.ledger().applicationFees.values()].filter((f) => f.account === accountId);
    expect(fees).toMatchObject([{ amount: 190, currency: 'nok' }]);

    const twice = await rejection(stripe.paymentIntents.capture(hold.id, {}, { stripeAccount: accountId }));
    expect(twice).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(twice.code).toBe('payment_intent_unexpected_state');

    const refund = await stripe.refunds.create(
      { payment_intent: hold.id, amount: 1000, refund_application_fee: true },
      { stripeAccount: accountId },
    );
    expect(refund).toMatchObject({
      object: 'refund',
      amount: 1000,
      status: 'succeeded',
      payment_intent: hold.id,
    });
    expect(refund.id).toMatch(/^re_/);
    expect(fees[0]?.amount_refunded).toBe(Math.round((190 * 1000) / 3120));

    const tooMuch = await rejection(
      stripe.refunds.create({ payment_intent: hold.id, amount: 2121 }, { stripeAccount: accountId }),
    );
    expect(tooMuch.code).toBe('amount_too_large');
    const rest = await stripe.refunds.create({ payment_intent: hold.id }, { stripeAccount: accountId });
    expect(rest.amount).toBe(2120);
    const already = await rejection(
      stripe.refunds.create({ payment_intent: hold.id }, { stripeAccount: accountId }),
    );
    expect(already.code).toBe('charge_already_refunded');

    const events = fake.events.filter((e) => e.account === accountId).map((e) => e.type);
    expect(events).toEqual(
      expect.arrayContaining([
        'payment_intent.amount_capturable_updated',
        'payment_intent.succeeded',
        'charge.refunded',
      ]),
    );
  });

  it('refuses to capture more than was held and caps the fee at the captured amount', async () => {
    const accountId = await onboardedAccount();
    const { customerId, paymentMethodId } = await savedCard(accountId);
    const hold = await stripe.paymentIntents.create(
      {
        amount: 1000,
        currency: 'eur',
        customer: customerId,
        payment_method: paymentMethodId,
        capture_method: 'manual',
        confirm: true,
        application_fee_amount: 900,
      },
      { stripeAccount: accountId },
    );
    const over = await rejection(
      stripe.paymentIntents.capture(hold.id, { amount_to_capture: 1001 }, { stripeAccount: accountId }),
    );
    expect(over.code).toBe('amount_too_large');
    await stripe.paymentIntents.capture(hold.id, { amount_to_capture: 500 }, { stripeAccount: accountId });
    const fee = [...fake.ledger().applicationFees.values()].find((f) => f.account === accountId);
    expect(fee?.amount).toBe(500);
  });

  it('cancels a hold, releasing it; a canceled intent can be neither captured nor canceled again', async () => {
    const accountId = await onboardedAccount();
    const { customerId, paymentMethodId } = await savedCard(accountId);
    const hold = await stripe.paymentIntents.create(
      {
        amount: 2500,
        currency: 'nok',
        customer: customerId,
        payment_method: paymentMethodId,
        capture_method: 'manual',
        confirm: true,
      },
      { stripeAccount: accountId },
    );
    const canceled = await stripe.paymentIntents.cancel(
      hold.id,
      { cancellation_reason: 'abandoned' },
      { stripeAccount: accountId },
    );
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'abandoned',
      amount_capturable: 0,
    });
    expect(
      (await rejection(stripe.paymentIntents.capture(hold.id, {}, { stripeAccount: accountId }))).code,
    ).toBe('payment_intent_unexpected_state');
    expect(
      (await rejection(stripe.paymentIntents.cancel(hold.id, {}, { stripeAccount: accountId }))).code,
    ).toBe('payment_intent_unexpected_state');
  });

  it('declines a saved card that fails when charged; the idempotent retry replays the decline', async () => {
    const accountId = await onboardedAccount();
    const { customerId, paymentMethodId } = await savedCard(accountId, 'pm_card_chargeCustomerFail');
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 4000,
      currency: 'nok',
      customer: customerId,
      payment_method: paymentMethodId,
      capture_method: 'manual',
      confirm: true,
      off_session: true,
      application_fee_amount: 100,
    };
    const options = { stripeAccount: accountId, idempotencyKey: 'hold:declined' };
    const error = await rejection(stripe.paymentIntents.create(params, options));
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(error.code).toBe('card_declined');
    expect(error.payment_intent?.status).toBe('requires_payment_method');
    const replay = await rejection(stripe.paymentIntents.create(params, options));
    expect(replay.payment_intent?.id).toBe(error.payment_intent?.id);
    expect(lastRequest().replayed).toBe(true);
  });

  it('rejects an application fee without Stripe-Account, and objects of another account', async () => {
    const accountId = await onboardedAccount();
    const platformCustomer = await stripe.customers.create({});
    const noAccount = await rejection(
      stripe.paymentIntents.create({ amount: 1000, currency: 'nok', application_fee_amount: 10 }),
    );
    expect(noAccount.message).toContain('application_fee_amount');
    const elsewhere = await rejection(
      stripe.paymentIntents.create(
        { amount: 1000, currency: 'nok', customer: platformCustomer.id },
        { stripeAccount: accountId },
      ),
    );
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.code).toBe('resource_missing');
  });

  it('refuses charges on an account that has not finished onboarding', async () => {
    const account = await stripe.accounts.create({ country: 'NO' });
    const error = await rejection(
      stripe.paymentIntents.create({ amount: 1000, currency: 'nok' }, { stripeAccount: account.id }),
    );
    expect(error.message).toContain('charges_enabled is false');
  });
});

describe('webhooks', () => {
  let receiver: Server;
  let receiverUrl: string;
  const received: { body: string; signature: string | undefined }[] = [];
  const secret = 'whsec_test_fake_secret';

  beforeAll(async () => {
    receiver = createServer(async (req, res) => {
      const signature = req.headers['stripe-signature'];
      received.push({
        body: (await readBody(req)).toString('utf8'),
        signature: signature as string | undefined,
      });
      res.writeHead(200).end('{"received":true}');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('signs like Stripe: the SDK produces the same header for the same timestamp', () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event' });
    expect(stripeSignatureHeader(payload, secret, 1_700_000_000)).toBe(
      Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: 1_700_000_000 }),
    );
  });

  it('delivers a signed event that the SDK verifies; a tampered body fails verification', async () => {
    const accountId = await onboardedAccount();
    const event = fake.events.find((e) => e.type === 'account.updated' && e.account === accountId);
    if (!event) throw new Error('no account.updated event');
    const delivery = await fake.sendWebhook(receiverUrl, event, secret);
    expect(delivery.status).toBe(200);
    const got = received.at(-1);
    if (!got?.signature) throw new Error('no signed delivery received');
    const verified = await Stripe.webhooks.constructEventAsync(got.body, got.signature, secret);
    expect(verified).toMatchObject({ id: event.id, type: 'account.updated', account: accountId });
    expect((verified.data.object as Stripe.Account).charges_enabled).toBe(true);

    const tampered = got.body.replace('"charges_enabled": true', '"charges_enabled": false');
    expect(tampered).not.toBe(got.body);
    await expect(Stripe.webhooks.constructEventAsync(tampered, got.signature, secret)).rejects.toBeInstanceOf(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});
