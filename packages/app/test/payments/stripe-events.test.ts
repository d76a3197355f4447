import type { LedgerTransaction } from '@csms/core';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { PaymentEventVerifier } from '../../src/deps.ts';
import { handleStripeWebhook } from '../../src/payments/stripe-events.ts';
import { fakeDeps } from '../support/fake-deps.ts';
import {
  ACCOUNT,
  customer,
  FakePaymentProvider,
  netByAccount,
  type PaymentWorld,
  paymentWorld,
  TENANT,
  tenant,
} from './payment-fakes.ts';

const CREATED = Date.parse('2026-03-15T11:59:00Z') / 1000;

function event(
  id: string,
  type: string,
  object: Record<string, unknown>,
  /** null: an event of the platform account itself (no `account`). */
  account: string | null = ACCOUNT,
): Stripe.Event {
  return {
    id,
    type,
    ...(account ? { account } : {}),
    created: CREATED,
    data: { object },
  } as unknown as Stripe.Event;
}

const topUpSucceeded = (id: string, account: string | null = ACCOUNT) =>
  event(
    id,
    'payment_intent.succeeded',
    {
      id: 'pi_top',
      amount_received: 10_000,
      metadata: { tenantId: TENANT, customerId: 'c1', purpose: 'top-up' },
    },
    account,
  );

/** Raw bodies are event ids here; the fake verifier knows the events and checks the signature header. */
function verifier(events: Stripe.Event[]): PaymentEventVerifier & { verified: string[] } {
  const byId = new Map(events.map((e) => [e.id, e]));
  const verified: string[] = [];
  return {
    verified,
    verify: async (rawBody, signature) => {
      if (signature !== 'valid-signature') throw new Error('WebhookSignatureError');
      const found = byId.get(rawBody);
      if (!found) throw new Error(`unknown event ${rawBody}`);
      verified.push(rawBody);
      return found;
    },
  };
}

function setup(world: PaymentWorld, events: Stripe.Event[], provider = new FakePaymentProvider()) {
  const paymentEvents = verifier(events);
  const deps = fakeDeps({
    repositories: world.repositories,
    settings: { paymentsConfigured: true },
    paymentProvider: provider,
    paymentEvents,
  });
  return { deps, paymentEvents, provider };
}

const feeTenant = tenant({
  settings: { payments: { cardAuthorizationAmount: 5000, platformFeeBasisPoints: 100 } },
});

describe('handleStripeWebhook', () => {
  it('books a top-up reported by payment_intent.succeeded once per event id; a redelivery is a duplicate', async () => {
    const world = paymentWorld({ tenants: [feeTenant], wallets: [{ customerId: 'c1', balance: 500 }] });
    const { deps } = setup(world, [topUpSucceeded('evt_1')]);

    expect(await handleStripeWebhook(deps, 'evt_1', 'valid-signature')).toBe('handled');
    expect(await handleStripeWebhook(deps, 'evt_1', 'valid-signature')).toBe('duplicate');

    expect(world.callsTo('stripeEvents.claimStripeEvent')).toEqual([
      [TENANT, 'evt_1', 'payment_intent.succeeded'],
      [TENANT, 'evt_1', 'payment_intent.succeeded'],
    ]);
    expect(world.callsTo('ledger.postLedgerTransaction')).toHaveLength(1);
    const tx = world.ledger.get('top-up:pi_top') as LedgerTransaction;
    // Booked at the event's time, with the tenant's fee on what was received.
    expect(tx).toMatchObject({ kind: 'top-up', at: '2026-03-15T11:59:00.000Z', currency: 'NOK' });
    expect(netByAccount(tx)).toEqual({
      'card-clearing': 10_000 - 100,
      'customer:c1:balance': -10_000,
      'platform-fee': 100,
    });
    expect(world.walletOf('c1').balance).toBe(10_500);
  });

  it('ignores an event from another tenant’s connected account, without claiming or booking anything', async () => {
    const world = paymentWorld({
      tenants: [tenant(), tenant({ id: 't_2', accountId: 'acct_tenant2' })],
      wallets: [{ customerId: 'c1', balance: 500 }],
    });
    // Names tenant t_1 in its metadata but comes from t_2's account.
    const { deps } = setup(world, [topUpSucceeded('evt_x', 'acct_tenant2'), topUpSucceeded('evt_y', null)]);

    expect(await handleStripeWebhook(deps, 'evt_x', 'valid-signature')).toBe('ignored');
    expect(await handleStripeWebhook(deps, 'evt_y', 'valid-signature')).toBe('ignored');

    expect(world.callsTo('stripeEvents.claimStripeEvent')).toEqual([]);
    expect(world.ledger.size).toBe(0);
    expect(world.walletOf('c1').balance).toBe(500);
    expect(deps.logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        fields: { eventId: 'evt_x', type: 'payment_intent.succeeded' },
      }),
    );
  });

  it('rejects a bad signature before reading anything', async () => {
    const world = paymentWorld();
    const { deps } = setup(world, [topUpSucceeded('evt_1')]);

    await expect(handleStripeWebhook(deps, 'evt_1', 'forged')).rejects.toThrow('WebhookSignatureError');
    expect(world.calls).toEqual([]);
  });

  it('ignores events without our metadata and payment intents that are not top-ups', async () => {
    const world = paymentWorld();
    const foreign = event('evt_a', 'payment_intent.succeeded', { id: 'pi_a', amount_received: 100 });
    const session = event('evt_b', 'payment_intent.succeeded', {
      id: 'pi_b',
      amount_received: 100,
      metadata: { tenantId: TENANT, customerId: 'c1', purpose: 'session' },
    });
    const { deps } = setup(world, [foreign, session]);

    expect(await handleStripeWebhook(deps, 'evt_a', 'valid-signature')).toBe('ignored');
    expect(await handleStripeWebhook(deps, 'evt_b', 'valid-signature')).toBe('ignored');
    expect(world.ledger.size).toBe(0);
  });

  it('saves the card of setup_intent.succeeded and collects open debt from it (P5)', async () => {
    const world = paymentWorld({
      customers: [customer('c1', 'individual', { outstandingDebt: 1200 })],
      wallets: [{ customerId: 'c1', providerCustomerId: 'cus_1' }],
    });
    const provider = new FakePaymentProvider();
    provider.savedCards.set('seti_9', {
      status: 'saved',
      setupIntentId: 'seti_9',
      customerId: 'cus_1',
      paymentMethodId: 'pm_9',
      last4: '4242',
      brand: 'visa',
    });
    const succeeded = event('evt_s', 'setup_intent.succeeded', {
      id: 'seti_9',
      metadata: { tenantId: TENANT, customerId: 'c1' },
    });
    const { deps } = setup(world, [succeeded], provider);

    expect(await handleStripeWebhook(deps, 'evt_s', 'valid-signature')).toBe('handled');

    expect(world.walletOf('c1').card).toMatchObject({
      paymentMethodId: 'pm_9',
      last4: '4242',
      status: 'active',
    });
    expect(provider.callsOf('chargeSavedCard').map((c) => [c.amount, c.paymentMethodId])).toEqual([
      [1200, 'pm_9'],
    ]);
    expect(world.customers.get('c1')?.outstandingDebt).toBe(0);
  });

  it('releases the event id when handling fails, so Stripe’s retry is handled again', async () => {
    const world = paymentWorld({
      customers: [customer('c1')],
      wallets: [{ customerId: 'c1', providerCustomerId: 'cus_1' }],
    });
    const provider = new FakePaymentProvider();
    // The SetupIntent has not saved a card (yet): confirmCard refuses.
    const succeeded = event('evt_f', 'setup_intent.succeeded', {
      id: 'seti_late',
      metadata: { tenantId: TENANT, customerId: 'c1' },
    });
    const { deps } = setup(world, [succeeded], provider);

    await expect(handleStripeWebhook(deps, 'evt_f', 'valid-signature')).rejects.toThrow(
      /has not saved a card/,
    );
    expect(world.callsTo('stripeEvents.releaseStripeEvent')).toEqual([[TENANT, 'evt_f']]);
    expect(world.stripeEvents.size).toBe(0);

    provider.savedCards.set('seti_late', {
      status: 'saved',
      setupIntentId: 'seti_late',
      customerId: 'cus_1',
      paymentMethodId: 'pm_late',
      last4: '0005',
      brand: 'mastercard',
    });
    expect(await handleStripeWebhook(deps, 'evt_f', 'valid-signature')).toBe('handled');
    expect(world.walletOf('c1').card?.paymentMethodId).toBe('pm_late');
  });
});
