import { holdSessionFunds } from '@csms/app/payments/session-hold';
import { settleSession } from '@csms/app/payments/settle-session';
import { sessionCost } from '@csms/app/pricing/session-cost';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { type StripeFake, startStripeFake } from '../src/stripe-fake/index.ts';
import { startTestStack } from './support/local-stack.ts';
import {
  type ChargingTenant,
  chargingTenant,
  createDefaultTariff,
  customerWithToken,
  energyReading,
  minutesFromNow,
  obedientCharger,
} from './support/ocpp16.ts';

/**
 * Card payments against the loopback Stripe server, with the real `stripe` SDK and signed webhooks
 * end to end: a card saved through a SetupIntent (the `setup_intent.succeeded` webhook, or the confirm route),
 * a hold at session start and the capture of the actual amount at the end, a declined card turning into debt
 * that blocks charging, and a new card collecting it. Hold and settlement are called as the session lifecycle
 * will call them (`holdSessionFunds` at start, `settleSession` at the end).
 */
const WEBHOOK_SECRET = 'whsec_payments_cards_test';
let stack: LocalStack;
let fake: StripeFake;
let tenant: ChargingTenant;
let accountId: string;
const open: RPCClient[] = [];

beforeAll(async () => {
  fake = await startStripeFake();
  stack = await startTestStack({ environment: { ...fake.env, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } });
  tenant = await chargingTenant(stack, 'CP-card-1');
  const link = await tenant.api<{ accountId: string }>('POST', '/v1/payouts/onboarding-link', {
    returnUrl: 'https://cpo.example/done',
    refreshUrl: 'https://cpo.example/retry',
  });
  expect(link.status, JSON.stringify(link.body)).toBe(201);
  accountId = link.body.accountId;
  fake.completeOnboarding(accountId);
  const settings = await tenant.api('PATCH', '/v1/tenant/settings', {
    payments: { cardAuthorizationAmount: 5000, platformFeeBasisPoints: 200 },
  });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
  await createDefaultTariff(tenant.api);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close({ force: true })));
});
afterAll(async () => {
  await fake?.close();
  await stack?.stop();
});

interface Wallet {
  balance: number;
  debt: number;
  card: { last4: string; brand: string; status: string } | null;
  fundingMeans: string | null;
}
const wallet = async (customerId: string) =>
  (await tenant.api<Wallet>('GET', `/v1/customers/${customerId}/wallet`)).body;
const webhookUrl = () => `${stack.apiUrl}/v1/webhooks/stripe`;

/** The driver's app confirms the SetupIntent with Stripe.js; Stripe then reports it by webhook. */
async function saveCardByWebhook(customerId: string, testCard: string) {
  const setup = await tenant.api<{ setupIntentId: string; clientSecret: string }>(
    'POST',
    `/v1/customers/${customerId}/cards/setup`,
  );
  expect(setup.status, JSON.stringify(setup.body)).toBe(201);
  expect(setup.body.clientSecret).toMatch(/^seti_.+_secret_/);
  const confirmed = fake.confirmSetupIntent(setup.body.setupIntentId, testCard, { stripeAccount: accountId });
  expect(confirmed.error).toBeUndefined();
  const event = fake.events.findLast(
    (e) =>
      e.type === 'setup_intent.succeeded' &&
      (e.data.object as { id: string }).id === setup.body.setupIntentId,
  );
  if (!event) throw new Error('no setup_intent.succeeded event');
  return {
    setupIntentId: setup.body.setupIntentId,
    event,
    delivery: await fake.sendWebhook(webhookUrl(), event, WEBHOOK_SECRET),
  };
}

async function startSession(cp: RPCClient, idTag: string, meterStart: number) {
  const started = (await cp.call('StartTransaction', {
    connectorId: 1,
    idTag,
    meterStart,
    timestamp: minutesFromNow(-15),
  })) as { transactionId: number; idTagInfo: { status: string } };
  const page = await tenant.api<{ items: { id: string; transactionId: number }[] }>(
    'GET',
    '/v1/sessions?limit=100',
  );
  const sessionId = page.body.items.find((s) => s.transactionId === started.transactionId)?.id;
  if (!sessionId) throw new Error('session not found');
  return { ...started, sessionId };
}

async function settle(sessionId: string) {
  const session = await stack.deps.sessions.getSession(tenant.tenantId, sessionId);
  if (!session) throw new Error('session gone');
  const cost = await sessionCost(stack.deps, tenant.tenantId, session, new Date());
  if (!cost) throw new Error('no tariff');
  return settleSession(stack.deps, tenant.tenantId, sessionId, cost.breakdown.totalGross, new Date(), {
    vat: cost.breakdown.totalVat,
  });
}

const paymentIntent = (id: string) => fake.ledger(accountId).paymentIntents.get(id);

describe('saving a card (P7) through the webhook', () => {
  it('keeps only brand and last4, handles each event once, and refuses unsigned events', async () => {
    const customerId = await customerWithToken(tenant, 'CARD-SAVE-1', { type: 'individual' });
    expect((await wallet(customerId)).fundingMeans).toBeNull();
    const { delivery, event } = await saveCardByWebhook(customerId, 'pm_card_visa');
    expect(delivery.status, delivery.body).toBe(200);
    expect(JSON.parse(delivery.body)).toEqual({ received: true, outcome: 'handled' });
    expect(await wallet(customerId)).toMatchObject({
      card: { brand: 'visa', last4: '4242', status: 'active' },
      fundingMeans: 'card',
    });
    const again = await fake.sendWebhook(webhookUrl(), event, WEBHOOK_SECRET);
    expect(JSON.parse(again.body)).toEqual({ received: true, outcome: 'duplicate' });
    const forged = await fake.sendWebhook(webhookUrl(), event, 'whsec_someone_else');
    expect(forged.status).toBe(401);
  });
});

describe('a card-funded session', () => {
  it('holds the authorization amount at start and captures the actual amount at the end, with the platform fee', async () => {
    const customerId = await customerWithToken(tenant, 'CARD-HOLD-1', { type: 'individual' });
    await saveCardByWebhook(customerId, 'pm_card_visa');
    const { cp, stops } = await obedientCharger(tenant, 'CP-card-1', open);
    expect(await cp.call('Authorize', { idTag: 'CARD-HOLD-1' })).toEqual({
      idTagInfo: { status: 'Accepted' },
    });
    const started = await startSession(cp, 'CARD-HOLD-1', 0);
    const funding = await holdSessionFunds(stack.deps, tenant.tenantId, started.sessionId, new Date());
    expect(funding).toMatchObject({ means: 'card', hold: { amount: 5000 } });
    const holdId = funding.hold?.paymentIntentId ?? '';
    expect(paymentIntent(holdId)).toMatchObject({
      status: 'requires_capture',
      capture_method: 'manual',
      amount: 5000,
      application_fee_amount: 100,
    });
    // Retried by the lifecycle: the same hold, not a second one.
    expect(await holdSessionFunds(stack.deps, tenant.tenantId, started.sessionId, new Date())).toEqual(
      funding,
    );

    // A card-funded session is never stopped for its cost (25 kWh = 9.00, more than a voucher would cover).
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: started.transactionId,
      meterValue: [energyReading(25_000)],
    });
    await cp.call('StopTransaction', {
      transactionId: started.transactionId,
      meterStop: 25_000,
      timestamp: minutesFromNow(0),
    });
    expect(stops).toEqual([]);

    const settled = await settle(started.sessionId);
    expect(settled).toMatchObject({
      status: 'settled',
      plan: { gross: 900, card: 900, debt: 0 },
      card: { collected: 900 },
      debt: 0,
    });
    expect(paymentIntent(holdId)).toMatchObject({
      status: 'succeeded',
      amount_received: 900,
      application_fee_amount: 18,
    });
    // Not replayed: a concurrent settlement by the lifecycle would replay the same key, never capture twice.
    const captures = fake.requests.filter(
      (r) => r.path === `/v1/payment_intents/${holdId}/capture` && !r.replayed,
    );
    expect(captures.map((r) => r.idempotencyKey)).toEqual([
      `${tenant.tenantId}:${started.sessionId}:capture`,
    ]);
    expect(captures[0]?.account).toBe(accountId);

    // Settling again books and captures nothing more.
    expect(await settle(started.sessionId)).toEqual(settled);
    expect(
      fake.requests.filter((r) => r.path === `/v1/payment_intents/${holdId}/capture` && !r.replayed),
    ).toHaveLength(1);
    expect(await wallet(customerId)).toMatchObject({ debt: 0, fundingMeans: 'card' });
  });

  it('releases the hold when the session cost nothing', async () => {
    const customerId = await customerWithToken(tenant, 'CARD-ZERO-1', { type: 'individual' });
    await saveCardByWebhook(customerId, 'pm_card_visa');
    const { cp } = await obedientCharger(tenant, 'CP-card-2', open);
    const started = await startSession(cp, 'CARD-ZERO-1', 1_000);
    const funding = await holdSessionFunds(stack.deps, tenant.tenantId, started.sessionId, new Date());
    expect(funding).toMatchObject({ means: 'card', hold: { amount: 5000 } });
    await cp.call('StopTransaction', {
      transactionId: started.transactionId,
      meterStop: 1_000,
      timestamp: minutesFromNow(0),
    });
    expect(await settle(started.sessionId)).toMatchObject({ plan: { gross: 0, card: 0 }, debt: 0 });
    expect(paymentIntent(funding.hold?.paymentIntentId ?? '')?.status).toBe('canceled');
    expect((await wallet(customerId)).debt).toBe(0);
  });
});

describe('a declined card (P5)', () => {
  it('turns into debt that blocks charging; a new card collects it at once', async () => {
    const customerId = await customerWithToken(tenant, 'CARD-FAIL-1', { type: 'individual' });
    // This test card saves fine and declines when charged: the realistic off-session decline.
    await saveCardByWebhook(customerId, 'pm_card_chargeCustomerFail');
    const { cp, stops } = await obedientCharger(tenant, 'CP-card-3', open);
    expect(await cp.call('Authorize', { idTag: 'CARD-FAIL-1' })).toEqual({
      idTagInfo: { status: 'Accepted' },
    });
    const started = await startSession(cp, 'CARD-FAIL-1', 0);
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: started.transactionId,
      meterValue: [energyReading(2_000)],
    });

    // The hold declines and nothing else can pay: the card is marked failing and the session is stopped.
    const funding = await holdSessionFunds(stack.deps, tenant.tenantId, started.sessionId, new Date());
    expect(funding).toMatchObject({ means: 'none', holdDeclined: { code: 'card_declined' } });
    // The lifecycle may have placed (and answered) the hold already: the stop arrives either way.
    await vi.waitFor(() => expect(stops).toEqual([started.transactionId]), { timeout: 5_000 });
    await cp.call('StopTransaction', {
      transactionId: started.transactionId,
      meterStop: 2_000,
      timestamp: minutesFromNow(0),
      reason: 'Remote',
    });
    const settled = await settle(started.sessionId);
    expect(settled).toMatchObject({ plan: { gross: 72, debt: 72 }, debt: 72 });
    expect(await wallet(customerId)).toMatchObject({
      debt: 72,
      card: { status: 'failing' },
      fundingMeans: null,
    });
    expect(await cp.call('Authorize', { idTag: 'CARD-FAIL-1' })).toEqual({
      idTagInfo: { status: 'Blocked' },
    });

    // Paying by hand with the failing card is declined (402) and the debt stays.
    const manual = await tenant.api<{ declineCode: string }>('POST', `/v1/customers/${customerId}/debt/pay`);
    expect(manual.status).toBe(402);
    expect(manual.contentType).toContain('application/problem+json');
    expect(manual.body.declineCode).toBe('generic_decline');

    // A new card, reported through the confirm route this time: the debt is collected from it at once.
    const setup = await tenant.api<{ setupIntentId: string }>(
      'POST',
      `/v1/customers/${customerId}/cards/setup`,
    );
    expect(
      fake.confirmSetupIntent(setup.body.setupIntentId, 'pm_card_mastercard', { stripeAccount: accountId })
        .error,
    ).toBeUndefined();
    const confirmed = await tenant.api('POST', `/v1/customers/${customerId}/cards/confirm`, {
      setupIntentId: setup.body.setupIntentId,
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toEqual({
      card: { brand: 'mastercard', last4: '4444', status: 'active', addedAt: expect.any(String) },
      debtCollection: { status: 'collected', amount: 72, debt: 0 },
    });
    expect(await wallet(customerId)).toMatchObject({ debt: 0, fundingMeans: 'card' });
    expect(await cp.call('Authorize', { idTag: 'CARD-FAIL-1' })).toEqual({
      idTagInfo: { status: 'Accepted' },
    });
    // The webhook for the same SetupIntent arrives later: nothing is collected twice.
    const event = fake.events.findLast(
      (e) =>
        e.type === 'setup_intent.succeeded' &&
        (e.data.object as { id: string }).id === setup.body.setupIntentId,
    );
    if (!event) throw new Error('no event');
    expect((await fake.sendWebhook(webhookUrl(), event, WEBHOOK_SECRET)).status).toBe(200);
    expect(await wallet(customerId)).toMatchObject({ debt: 0 });
    const debtCharges = [...fake.ledger(accountId).paymentIntents.values()].filter(
      (pi) => pi.metadata.purpose === 'debt',
    );
    expect(debtCharges.map((pi) => [pi.status, pi.amount_received])).toEqual([
      ['requires_payment_method', 0],
      ['succeeded', 72],
    ]);
  });

  it("refuses another customer's SetupIntent", async () => {
    const mine = await customerWithToken(tenant, 'CARD-MINE-1', { type: 'individual' });
    const theirs = await customerWithToken(tenant, 'CARD-THEIRS-1', { type: 'individual' });
    await tenant.api('POST', `/v1/customers/${mine}/cards/setup`);
    const setup = await tenant.api<{ setupIntentId: string }>('POST', `/v1/customers/${theirs}/cards/setup`);
    fake.confirmSetupIntent(setup.body.setupIntentId, 'pm_card_visa', { stripeAccount: accountId });
    const stolen = await tenant.api('POST', `/v1/customers/${mine}/cards/confirm`, {
      setupIntentId: setup.body.setupIntentId,
    });
    expect(stolen.status).toBe(409);
    expect((await wallet(mine)).card).toBeNull();
  });
});

describe('top-ups and refunds', () => {
  it('tops up the balance from the card once, even when the webhook reports it too', async () => {
    const customerId = await customerWithToken(tenant, 'TOPUP-1', { type: 'individual' });
    await saveCardByWebhook(customerId, 'pm_card_visa');
    const topUp = await tenant.api<{ paymentIntentId: string; wallet: Wallet }>(
      'POST',
      `/v1/customers/${customerId}/balance/top-ups`,
      { amount: 2500 },
    );
    expect(topUp.status, JSON.stringify(topUp.body)).toBe(201);
    expect(topUp.body.wallet.balance).toBe(2500);
    expect(paymentIntent(topUp.body.paymentIntentId)).toMatchObject({
      status: 'succeeded',
      capture_method: 'automatic',
    });
    const succeeded = fake.events.findLast(
      (e) =>
        e.type === 'payment_intent.succeeded' &&
        (e.data.object as { id: string }).id === topUp.body.paymentIntentId,
    );
    if (!succeeded) throw new Error('no event');
    const delivery = await fake.sendWebhook(webhookUrl(), succeeded, WEBHOOK_SECRET);
    expect(JSON.parse(delivery.body)).toEqual({ received: true, outcome: 'handled' });
    expect((await wallet(customerId)).balance).toBe(2500);
  });

  it('refunds an accepted complaint to the card or as balance, once, within what was paid (P6)', async () => {
    const customerId = await customerWithToken(tenant, 'REFUND-1', { type: 'individual' });
    await saveCardByWebhook(customerId, 'pm_card_visa');
    const { cp } = await obedientCharger(tenant, 'CP-card-4', open);
    const started = await startSession(cp, 'REFUND-1', 0);
    await holdSessionFunds(stack.deps, tenant.tenantId, started.sessionId, new Date());
    await cp.call('StopTransaction', {
      transactionId: started.transactionId,
      meterStop: 10_000,
      timestamp: minutesFromNow(0),
    });
    const settled = await settle(started.sessionId);
    expect(settled.card?.collected).toBe(360);

    const filed = await tenant.api<{ id: string; status: string; decideBy: string }>(
      'POST',
      `/v1/sessions/${started.sessionId}/complaints`,
      { reason: 'Charger counted energy while the car was not charging' },
    );
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body.status).toBe('open');
    const tooMuch = await tenant.api('PATCH', `/v1/complaints/${filed.body.id}`, {
      decision: 'accepted',
      refund: { amount: 361, to: 'card' },
    });
    expect(tooMuch.status).toBe(422);
    expect(
      (await tenant.api('PATCH', `/v1/complaints/${filed.body.id}`, { decision: 'rejected' })).status,
    ).toBe(200);
    expect(
      (await tenant.api('PATCH', `/v1/complaints/${filed.body.id}`, { decision: 'rejected' })).status,
    ).toBe(409);

    const second = await tenant.api<{ id: string }>('POST', `/v1/sessions/${started.sessionId}/complaints`, {
      reason: 'Overcharged',
    });
    const decided = await tenant.api<{
      status: string;
      refund: { amount: number; to: string; reference: string };
    }>('PATCH', `/v1/complaints/${second.body.id}`, {
      decision: 'accepted',
      refund: { amount: 160, to: 'card' },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({
      status: 'accepted',
      refund: { amount: 160, to: 'card', reference: expect.stringMatching(/^re_/) },
    });
    const refunds = [...fake.ledger(accountId).refunds.values()];
    expect(refunds.map((r) => [r.amount, r.payment_intent])).toContainEqual([
      160,
      settled.card?.paymentIntentId,
    ]);

    const third = await tenant.api<{ id: string }>('POST', `/v1/sessions/${started.sessionId}/complaints`, {
      reason: 'Still overcharged',
    });
    const asCredit = await tenant.api('PATCH', `/v1/complaints/${third.body.id}`, {
      decision: 'accepted',
      refund: { amount: 200, to: 'balance' },
    });
    expect(asCredit.status, JSON.stringify(asCredit.body)).toBe(200);
    expect((await wallet(customerId)).balance).toBe(200);
    // 360 paid, 360 refunded: nothing more can be refunded.
    const fourth = await tenant.api<{ id: string }>('POST', `/v1/sessions/${started.sessionId}/complaints`, {
      reason: 'Again',
    });
    expect(
      (
        await tenant.api('PATCH', `/v1/complaints/${fourth.body.id}`, {
          decision: 'accepted',
          refund: { amount: 1, to: 'balance' },
        })
      ).status,
    ).toBe(422);
  });
});
