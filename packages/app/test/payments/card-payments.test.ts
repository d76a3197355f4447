import { ConflictError, isBalanced, type LedgerTransaction, NotConfiguredError } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { collectDebt } from '../../src/payments/debt.ts';
import { tenantPaymentsOf } from '../../src/payments/tenant-payments.ts';
import { topUpBalance } from '../../src/payments/top-up.ts';
import { fakeDeps } from '../support/fake-deps.ts';
import {
  ACCOUNT,
  activeCard,
  customer,
  declined,
  FakePaymentProvider,
  netByAccount,
  paymentWorld,
  TENANT,
  tenant,
} from './payment-fakes.ts';

const NOW = new Date('2026-03-15T12:00:00Z');
const feeTenant = tenant({
  settings: { payments: { cardAuthorizationAmount: 5000, platformFeeBasisPoints: 250 } },
});

function setup(world: ReturnType<typeof paymentWorld>, paymentsConfigured = true) {
  const provider = new FakePaymentProvider();
  const deps = fakeDeps({
    repositories: world.repositories,
    now: NOW,
    settings: { paymentsConfigured },
    paymentProvider: provider,
  });
  return { deps, provider };
}

describe('card access (tenant-payments)', () => {
  it('answers 501 NotConfiguredError without a payment provider, before touching the card', async () => {
    const world = paymentWorld({
      customers: [customer('c1', 'individual', { outstandingDebt: 700 })],
      wallets: [{ customerId: 'c1', providerCustomerId: 'cus_1', card: activeCard() }],
    });
    const { deps, provider } = setup(world, false);

    const topUp = topUpBalance(deps, TENANT, 'c1', 1000, NOW);
    await expect(topUp).rejects.toBeInstanceOf(NotConfiguredError);
    await expect(topUp).rejects.toMatchObject({ kind: 'not-configured', message: /STRIPE_SECRET_KEY/ });
    await expect(collectDebt(deps, TENANT, 'c1', NOW)).rejects.toMatchObject({ kind: 'not-configured' });
    expect(provider.calls).toEqual([]);
    expect(world.callsTo('wallets.getWallet')).toEqual([]);
    expect(world.ledger.size).toBe(0);
  });

  it('answers 409 ConflictError when the tenant has no connected (payout) account yet', async () => {
    const world = paymentWorld({
      tenants: [tenant({ payoutAccount: false })],
      wallets: [{ customerId: 'c1', providerCustomerId: 'cus_1', card: activeCard() }],
    });
    const { deps, provider } = setup(world);

    const topUp = topUpBalance(deps, TENANT, 'c1', 1000, NOW);
    await expect(topUp).rejects.toBeInstanceOf(ConflictError);
    await expect(topUp).rejects.toMatchObject({ kind: 'conflict', message: /payout onboarding/ });
    expect(provider.calls).toEqual([]);
  });

  it('offers card payments only with both a provider and a connected account', () => {
    expect(tenantPaymentsOf(tenant(), true)).toMatchObject({
      connectedAccountId: ACCOUNT,
      cardPayments: true,
    });
    expect(tenantPaymentsOf(tenant(), false)).toMatchObject({
      connectedAccountId: ACCOUNT,
      cardPayments: false,
    });
    const without = tenantPaymentsOf(tenant({ payoutAccount: false }), true);
    expect(without.cardPayments).toBe(false);
    expect(without).not.toHaveProperty('connectedAccountId');
    expect(without.currency).toBe('NOK');
  });
});

describe('topUpBalance', () => {
  it('charges the saved card with the platform fee and books the top-up onto the balance', async () => {
    const world = paymentWorld({
      tenants: [feeTenant],
      wallets: [{ customerId: 'c1', balance: 500, providerCustomerId: 'cus_1', card: activeCard('pm_1') }],
    });
    const { deps, provider } = setup(world);

    const result = await topUpBalance(deps, TENANT, 'c1', 10_000, NOW);

    expect(result).toEqual({
      status: 'succeeded',
      paymentIntentId: 'pi_fake_1',
      amount: 10_000,
      balance: 10_500,
    });
    const [charge] = provider.callsOf('chargeSavedCard');
    expect(charge).toMatchObject({
      amount: 10_000,
      currency: 'NOK',
      customerId: 'cus_1',
      paymentMethodId: 'pm_1',
      connectedAccountId: ACCOUNT,
      applicationFeeAmount: 250,
      metadata: { tenantId: TENANT, customerId: 'c1', purpose: 'top-up' },
    });
    expect(charge?.idempotencyKey).toMatch(/^t_1:c1:top-up:tu[0-9a-z]+$/);
    const tx = world.ledger.get('top-up:pi_fake_1') as LedgerTransaction;
    expect(tx).toMatchObject({
      kind: 'top-up',
      reference: 'pi_fake_1',
      at: NOW.toISOString(),
      currency: 'NOK',
    });
    expect(isBalanced(tx)).toBe(true);
    expect(netByAccount(tx)).toEqual({
      'card-clearing': 10_000 - 250,
      'customer:c1:balance': -10_000,
      'platform-fee': 250,
    });
    expect(world.walletOf('c1').balance).toBe(10_500);
  });

  it("keys the card charge by the client's Idempotency-Key, so a late retry charges once", async () => {
    const world = paymentWorld({
      tenants: [feeTenant],
      wallets: [{ customerId: 'c1', balance: 0, providerCustomerId: 'cus_1', card: activeCard('pm_1') }],
    });
    const { deps, provider } = setup(world);

    await topUpBalance(deps, TENANT, 'c1', 1000, NOW, 'client-key-1');
    await topUpBalance(deps, TENANT, 'c1', 1000, NOW, 'client-key-1');
    await topUpBalance(deps, TENANT, 'c1', 1000, NOW);

    const keys = provider.callsOf('chargeSavedCard').map((call) => call.idempotencyKey);
    expect(keys[0]).toBe('t_1:c1:top-up:client-key-1');
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toMatch(/^t_1:c1:top-up:tu[0-9a-z]+$/);
  });

  it('books nothing on a decline and marks the card failing', async () => {
    const world = paymentWorld({
      wallets: [{ customerId: 'c1', balance: 500, providerCustomerId: 'cus_1', card: activeCard('pm_1') }],
    });
    const { deps, provider } = setup(world);
    provider.chargeDecline = declined('expired_card');

    const result = await topUpBalance(deps, TENANT, 'c1', 2000, NOW);

    expect(result).toEqual({
      status: 'declined',
      declineCode: 'expired_card',
      message: 'Your card was declined.',
    });
    expect(world.callsTo('wallets.markCardFailing')).toEqual([[TENANT, 'c1', 'pm_1']]);
    expect(world.walletOf('c1').card?.status).toBe('failing');
    expect(world.walletOf('c1').balance).toBe(500);
    expect(world.ledger.size).toBe(0);
  });

  it('refuses a top-up without a card on file (409) and charges nothing', async () => {
    const world = paymentWorld({ wallets: [{ customerId: 'c1', balance: 500 }] });
    const { deps, provider } = setup(world);

    await expect(topUpBalance(deps, TENANT, 'c1', 2000, NOW)).rejects.toThrow(/No card on file/);
    expect(provider.calls).toEqual([]);
  });
});

describe('collectDebt', () => {
  it('releases the claimed collection and marks the card failing when the card is declined', async () => {
    const world = paymentWorld({
      customers: [customer('c1', 'individual', { outstandingDebt: 700 })],
      wallets: [{ customerId: 'c1', providerCustomerId: 'cus_1', card: activeCard('pm_1') }],
    });
    const { deps, provider } = setup(world);
    provider.chargeDecline = declined();

    const result = await collectDebt(deps, TENANT, 'c1', NOW);

    expect(result).toEqual({
      status: 'declined',
      amount: 700,
      declineCode: 'insufficient_funds',
      message: 'Your card was declined.',
      debt: 700,
    });
    const [[, , attempt]] = world.callsTo('wallets.claimDebtCollection') as [
      [string, string, { attemptId: string }],
    ];
    expect(provider.callsOf('chargeSavedCard')[0]?.idempotencyKey).toBe(`t_1:c1:debt:${attempt.attemptId}`);
    expect(world.callsTo('wallets.releaseDebtCollection')).toEqual([[TENANT, 'c1', attempt.attemptId]]);
    expect(world.walletOf('c1').pendingDebtCollection).toBeUndefined();
    expect(world.callsTo('wallets.markCardFailing')).toEqual([[TENANT, 'c1', 'pm_1']]);
    expect(world.walletOf('c1').card?.status).toBe('failing');
    expect(world.customers.get('c1')?.outstandingDebt).toBe(700);
    expect(world.callsTo('settlements.bookDebtPayment')).toEqual([]);
  });

  it('collects the whole debt, books the payment with the fee and ends the attempt', async () => {
    const world = paymentWorld({
      tenants: [feeTenant],
      customers: [customer('c1', 'individual', { outstandingDebt: 700 })],
      wallets: [
        { customerId: 'c1', providerCustomerId: 'cus_1', card: { ...activeCard('pm_1'), status: 'failing' } },
      ],
    });
    const { deps, provider } = setup(world);

    const result = await collectDebt(deps, TENANT, 'c1', NOW);

    expect(result).toEqual({ status: 'collected', amount: 700, paymentIntentId: 'pi_fake_1', debt: 0 });
    expect(provider.callsOf('chargeSavedCard')[0]).toMatchObject({
      amount: 700,
      applicationFeeAmount: 17,
      metadata: { purpose: 'debt' },
    });
    const [[, , card, tx]] = world.callsTo('settlements.bookDebtPayment') as [
      [string, string, { paymentMethodId: string }, LedgerTransaction],
    ];
    expect(card.paymentMethodId).toBe('pm_1');
    expect(tx.kind).toBe('debt-payment');
    expect(tx.id).toMatch(/^debt-payment:dc[0-9a-z]+$/);
    expect(netByAccount(tx)).toEqual({
      'card-clearing': 700 - 17,
      'customer:c1:receivable': -700,
      'platform-fee': 17,
    });
    expect(world.customers.get('c1')?.outstandingDebt).toBe(0);
    expect(world.walletOf('c1').pendingDebtCollection).toBeUndefined();
    expect(world.walletOf('c1').card?.status).toBe('active');
  });

  it('replays an attempt left pending (same amount, same idempotency key) instead of starting a new charge', async () => {
    const world = paymentWorld({
      customers: [customer('c1', 'individual', { outstandingDebt: 700 })],
      wallets: [
        {
          customerId: 'c1',
          providerCustomerId: 'cus_1',
          card: activeCard(),
          pendingDebtCollection: { attemptId: 'dc_earlier', amount: 700 },
        },
      ],
    });
    const { deps, provider } = setup(world);

    const result = await collectDebt(deps, TENANT, 'c1', NOW);

    expect(result.status).toBe('collected');
    expect(provider.callsOf('chargeSavedCard').map((c) => [c.amount, c.idempotencyKey])).toEqual([
      [700, 't_1:c1:debt:dc_earlier'],
    ]);
    expect([...world.ledger.keys()]).toEqual(['debt-payment:dc_earlier']);
  });

  it('has nothing to collect without debt and does not need card payments for that', async () => {
    const world = paymentWorld({ customers: [customer('c1')] });
    const { deps, provider } = setup(world, false);

    expect(await collectDebt(deps, TENANT, 'c1', NOW)).toEqual({ status: 'nothing-to-collect', debt: 0 });
    expect(provider.calls).toEqual([]);
    expect(world.calls.map((c) => c.name)).toEqual(['customers.getCustomer']);
  });
});
