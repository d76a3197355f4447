import { ConflictError, isBalanced, type LedgerTransaction } from '@csms/core';
import type { SettlementBooking } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { PaymentProviderError } from '../../src/payments/payment-provider-error.ts';
import { settleSession } from '../../src/payments/settle-session.ts';
import { fakeDeps } from '../support/fake-deps.ts';
import {
  ACCOUNT,
  activeCard,
  customer,
  declined,
  discountCode,
  FakePaymentProvider,
  netByAccount,
  paymentWorld,
  session,
  TENANT,
  tenant,
  voucher,
} from './payment-fakes.ts';

const NOW = new Date('2026-03-15T12:00:00Z');

function setup(world: ReturnType<typeof paymentWorld>, provider = new FakePaymentProvider()) {
  const deps = fakeDeps({
    repositories: world.repositories,
    now: NOW,
    settings: { paymentsConfigured: true },
    paymentProvider: provider,
  });
  return { deps, provider };
}

const bookings = (world: ReturnType<typeof paymentWorld>) =>
  world.callsTo('settlements.bookSettlementPlan') as [string, SettlementBooking, LedgerTransaction][];

describe('settleSession', () => {
  it('funds discount first, then vouchers oldest attached first, then balance; the rest becomes debt', async () => {
    const world = paymentWorld({
      customers: [customer('c1')],
      wallets: [
        {
          customerId: 'c1',
          balance: 300,
          // Pointers listed newest first: the order of spending is by attachment time.
          vouchers: [
            { code: 'V-NEW', attachedAt: '2026-03-01T00:00:00Z', expiresAt: '2027-01-31T00:00:00Z' },
            { code: 'V-OLD', attachedAt: '2026-02-01T00:00:00Z', expiresAt: '2027-01-31T00:00:00Z' },
            { code: 'V-EXP', attachedAt: '2026-01-01T00:00:00Z', expiresAt: '2026-03-01T00:00:00Z' },
          ],
          discounts: [{ code: 'SPRING', attachedAt: '2026-02-15T00:00:00Z' }],
        },
      ],
      vouchers: [
        voucher('V-NEW', 'c1', 500, '2026-03-01T00:00:00Z'),
        voucher('V-OLD', 'c1', 200, '2026-02-01T00:00:00Z'),
        { ...voucher('V-EXP', 'c1', 900, '2026-01-01T00:00:00Z'), expiresAt: '2026-03-01T00:00:00Z' },
      ],
      discountCodes: [discountCode('SPRING', { kind: 'amount', value: 100 })],
      sessions: [session('ses_1', 'c1')],
    });
    const { deps, provider } = setup(world);

    const result = await settleSession(deps, TENANT, 'ses_1', 1500, NOW, { vat: 300 });

    const expectedPlan = {
      gross: 1500,
      vat: 300,
      // VAT share of the discount: 100 × 300 / 1500 = 20.
      discount: { code: 'SPRING', amount: 100, vat: 20 },
      vouchers: [
        { code: 'V-OLD', amount: 200 },
        { code: 'V-NEW', amount: 500 },
      ],
      balance: 300,
      card: 0,
      credit: 0,
      debt: 400,
    };
    expect(result).toEqual({ sessionId: 'ses_1', status: 'settled', plan: expectedPlan, debt: 400 });

    const [[tenantId, booking, tx]] = bookings(world) as [[string, SettlementBooking, LedgerTransaction]];
    expect(tenantId).toBe(TENANT);
    expect(booking).toEqual({
      sessionId: 'ses_1',
      customerId: 'c1',
      means: 'prepaid',
      plan: expectedPlan,
      at: NOW,
      vouchers: ['V-OLD', 'V-NEW'],
      discount: { code: 'SPRING' },
    });
    expect(tx).toMatchObject({
      id: 'settlement:ses_1',
      kind: 'session-settlement',
      currency: 'NOK',
      customerId: 'c1',
      sessionId: 'ses_1',
      reference: 'SPRING',
    });
    expect(isBalanced(tx)).toBe(true);
    expect(netByAccount(tx)).toEqual({
      // 1500 owed, 1100 paid by discount, vouchers and balance: 400 stays on the receivable (debt).
      'customer:c1:receivable': 400,
      revenue: -1200,
      'vat-payable': -280,
      discounts: 80,
      'voucher:V-OLD': 200,
      'voucher:V-NEW': 500,
      'customer:c1:balance': 300,
    });

    expect(world.customers.get('c1')?.outstandingDebt).toBe(400);
    expect(world.walletOf('c1').balance).toBe(0);
    expect(world.walletOf('c1').discountUses).toEqual({ SPRING: 1 });
    expect(world.vouchers.get('V-OLD')?.remaining).toBe(0);
    expect(world.vouchers.get('V-NEW')?.remaining).toBe(0);
    expect(world.vouchers.get('V-EXP')?.remaining).toBe(900);
    expect(world.funding.get('ses_1')).toMatchObject({ status: 'settled', means: 'prepaid' });
    expect(provider.calls).toEqual([]);
  });

  it('captures the hold, charges the excess off-session and books the card result with the platform fee', async () => {
    const world = paymentWorld({
      tenants: [
        tenant({ settings: { payments: { cardAuthorizationAmount: 5000, platformFeeBasisPoints: 250 } } }),
      ],
      customers: [customer('c2')],
      wallets: [{ customerId: 'c2', balance: 200, providerCustomerId: 'cus_1', card: activeCard('pm_1') }],
      sessions: [session('ses_2', 'c2')],
      funding: [
        {
          sessionId: 'ses_2',
          customerId: 'c2',
          means: 'card',
          decidedAt: '2026-03-15T10:00:00Z',
          status: 'open',
          hold: { paymentIntentId: 'pi_hold', amount: 5000 },
        },
      ],
    });
    const { deps, provider } = setup(world);

    const result = await settleSession(deps, TENANT, 'ses_2', 6000, NOW);

    // VAT derived from the tenant's default rate (20 %): 6000 gross = 5000 net + 1000 VAT.
    expect(result.plan).toMatchObject({ gross: 6000, vat: 1000, balance: 200, card: 5800, debt: 0 });
    expect(result.card).toEqual({ collected: 5800, uncollected: 0, paymentIntentId: 'pi_hold' });
    expect(result.debt).toBe(0);

    expect(provider.callsOf('capturePaymentIntent')).toEqual([
      {
        id: 'pi_hold',
        amountToCapture: 5000,
        connectedAccountId: ACCOUNT,
        applicationFeeAmount: 125,
        idempotencyKey: 't_1:ses_2:capture',
      },
    ]);
    expect(provider.callsOf('chargeSavedCard')).toEqual([
      expect.objectContaining({
        amount: 800,
        currency: 'NOK',
        customerId: 'cus_1',
        paymentMethodId: 'pm_1',
        connectedAccountId: ACCOUNT,
        applicationFeeAmount: 20,
        idempotencyKey: 't_1:ses_2:excess',
      }),
    ]);
    expect(provider.callsOf('cancelPaymentIntent')).toEqual([]);

    const [booking] = bookings(world);
    expect(booking?.[1].means).toBe('card');
    expect(netByAccount(booking?.[2] as LedgerTransaction)).toMatchObject({ 'card-pending': 5800 });

    const cardTx = world.ledger.get('card-result:ses_2');
    expect(cardTx && isBalanced(cardTx)).toBe(true);
    expect(cardTx?.reference).toBe('pi_hold');
    expect(netByAccount(cardTx as LedgerTransaction)).toEqual({
      'card-clearing': 5800 - 145,
      'card-pending': -5800,
      'platform-fee': 145,
    });
    expect(world.funding.get('ses_2')).toMatchObject({ status: 'settled', card: result.card });
    expect(world.customers.get('c2')?.outstandingDebt).toBe(0);
  });

  it('settles once: a second run books no second plan and charges the card no second time', async () => {
    const world = paymentWorld({
      customers: [customer('c2')],
      wallets: [{ customerId: 'c2', providerCustomerId: 'cus_1', card: activeCard() }],
      sessions: [session('ses_2', 'c2')],
    });
    const { deps, provider } = setup(world);

    const first = await settleSession(deps, TENANT, 'ses_2', 1000, NOW);
    const second = await settleSession(deps, TENANT, 'ses_2', 1000, NOW);

    expect(second).toEqual(first);
    expect(first.card).toEqual({ collected: 1000, uncollected: 0, paymentIntentId: 'pi_fake_1' });
    expect(bookings(world)).toHaveLength(1);
    expect(world.callsTo('settlements.bookCardResult')).toHaveLength(1);
    // Without a hold the whole card part is one off-session charge.
    expect(provider.callsOf('chargeSavedCard').map((c) => [c.amount, c.idempotencyKey])).toEqual([
      [1000, 't_1:ses_2:charge'],
    ]);
    expect([...world.ledger.keys()]).toEqual(['settlement:ses_2', 'card-result:ses_2']);
  });

  it('continues after a crash between the booked plan and the card: same capture key, plan not booked again', async () => {
    const world = paymentWorld({
      customers: [customer('c3')],
      wallets: [{ customerId: 'c3', providerCustomerId: 'cus_3', card: activeCard() }],
      sessions: [session('ses_3', 'c3')],
      funding: [
        {
          sessionId: 'ses_3',
          customerId: 'c3',
          means: 'card',
          decidedAt: '2026-03-15T10:00:00Z',
          status: 'open',
          hold: { paymentIntentId: 'pi_hold3', amount: 5000 },
        },
      ],
    });
    const provider = new FakePaymentProvider();
    provider.captureError = new PaymentProviderError('Stripe unreachable', 'unavailable', null, null, null);
    const { deps } = setup(world, provider);

    await expect(settleSession(deps, TENANT, 'ses_3', 2500, NOW)).rejects.toThrow('Stripe unreachable');
    expect(world.funding.get('ses_3')?.status).toBe('awaiting-card');

    provider.captureError = undefined;
    const result = await settleSession(deps, TENANT, 'ses_3', 2500, NOW);

    expect(result.card).toEqual({ collected: 2500, uncollected: 0, paymentIntentId: 'pi_hold3' });
    expect(bookings(world)).toHaveLength(1);
    expect(
      provider.callsOf('capturePaymentIntent').map((c) => [c.amountToCapture, c.idempotencyKey]),
    ).toEqual([
      [2500, 't_1:ses_3:capture'],
      [2500, 't_1:ses_3:capture'],
    ]);
    expect(provider.callsOf('chargeSavedCard')).toEqual([]);
  });

  it('turns a declined card charge into debt and marks the card failing', async () => {
    const world = paymentWorld({
      customers: [customer('c4')],
      wallets: [{ customerId: 'c4', balance: 150, providerCustomerId: 'cus_4', card: activeCard('pm_4') }],
      sessions: [session('ses_4', 'c4')],
    });
    const provider = new FakePaymentProvider();
    provider.chargeDecline = declined();
    const { deps } = setup(world, provider);

    const result = await settleSession(deps, TENANT, 'ses_4', 1000, NOW);

    expect(result.plan).toMatchObject({ balance: 150, card: 850, debt: 0 });
    expect(result.card).toEqual({ collected: 0, uncollected: 850 });
    expect(result.debt).toBe(850);
    expect(world.callsTo('wallets.markCardFailing')).toEqual([[TENANT, 'c4', 'pm_4']]);
    expect(world.walletOf('c4').card?.status).toBe('failing');
    expect(world.customers.get('c4')?.outstandingDebt).toBe(850);
    expect(netByAccount(world.ledger.get('card-result:ses_4') as LedgerTransaction)).toEqual({
      'customer:c4:receivable': 850,
      'card-pending': -850,
    });
  });

  it('charges the whole card part off-session when the hold can no longer be captured', async () => {
    const world = paymentWorld({
      customers: [customer('c5')],
      wallets: [{ customerId: 'c5', providerCustomerId: 'cus_5', card: activeCard() }],
      sessions: [session('ses_5', 'c5')],
      funding: [
        {
          sessionId: 'ses_5',
          customerId: 'c5',
          means: 'card',
          decidedAt: '2026-03-08T10:00:00Z',
          status: 'open',
          hold: { paymentIntentId: 'pi_expired', amount: 5000 },
        },
      ],
    });
    const provider = new FakePaymentProvider();
    provider.captureError = new PaymentProviderError(
      'This PaymentIntent could not be captured',
      'invalid-request',
      'payment_intent_unexpected_state',
      400,
      'req_1',
    );
    const { deps } = setup(world, provider);

    const result = await settleSession(deps, TENANT, 'ses_5', 1200, NOW);

    expect(provider.callsOf('chargeSavedCard').map((c) => [c.amount, c.idempotencyKey])).toEqual([
      [1200, 't_1:ses_5:excess'],
    ]);
    expect(result.card).toEqual({ collected: 1200, uncollected: 0, paymentIntentId: 'pi_fake_1' });
    expect(result.debt).toBe(0);
  });

  it('releases the hold when prepaid funds cover the whole session', async () => {
    const world = paymentWorld({
      customers: [customer('c6')],
      wallets: [{ customerId: 'c6', balance: 5000, providerCustomerId: 'cus_6', card: activeCard() }],
      sessions: [session('ses_6', 'c6')],
      funding: [
        {
          sessionId: 'ses_6',
          customerId: 'c6',
          means: 'card',
          decidedAt: '2026-03-15T10:00:00Z',
          status: 'open',
          hold: { paymentIntentId: 'pi_hold6', amount: 5000 },
        },
      ],
    });
    const { deps, provider } = setup(world);

    const result = await settleSession(deps, TENANT, 'ses_6', 1800, NOW);

    expect(result.plan).toMatchObject({ balance: 1800, card: 0, debt: 0 });
    expect(result.debt).toBe(0);
    expect(world.walletOf('c6').balance).toBe(3200);
    expect(provider.callsOf('capturePaymentIntent')).toEqual([]);
    expect(provider.callsOf('cancelPaymentIntent')).toEqual([
      {
        id: 'pi_hold6',
        connectedAccountId: ACCOUNT,
        idempotencyKey: 't_1:ses_6:cancel',
        reason: 'abandoned',
      },
    ]);
    expect(world.callsTo('settlements.bookCardResult')).toEqual([]);
    expect(world.funding.get('ses_6')).toMatchObject({ status: 'settled', settledAt: NOW.toISOString() });
  });

  it('charges a company without limit on credit, and a session started on credit past its limit stays on credit (P4)', async () => {
    const world = paymentWorld({
      customers: [customer('co1', 'company'), customer('co2', 'company')],
      wallets: [{ customerId: 'co2', creditLimit: 1000, creditUsed: 1000 }],
      sessions: [session('ses_7', 'co1'), session('ses_8', 'co2')],
      funding: [
        {
          sessionId: 'ses_8',
          customerId: 'co2',
          means: 'credit',
          decidedAt: '2026-03-15T10:00:00Z',
          status: 'open',
        },
      ],
    });
    const { deps, provider } = setup(world);

    const unlimited = await settleSession(deps, TENANT, 'ses_7', 2000, NOW);
    const pastLimit = await settleSession(deps, TENANT, 'ses_8', 2000, NOW);

    expect(unlimited.plan).toMatchObject({ credit: 2000, card: 0, debt: 0 });
    expect(pastLimit.plan).toMatchObject({ credit: 2000, card: 0, debt: 0 });
    expect(bookings(world).map(([, b]) => [b.sessionId, b.means])).toEqual([
      ['ses_7', 'credit'],
      ['ses_8', 'credit'],
    ]);
    expect(netByAccount(world.ledger.get('settlement:ses_7') as LedgerTransaction)).toMatchObject({
      'customer:co1:credit': 2000,
    });
    expect(world.walletOf('co1').creditUsed).toBe(2000);
    expect(world.walletOf('co2').creditUsed).toBe(3000);
    expect(world.customers.get('co2')?.outstandingDebt).toBe(0);
    expect(provider.calls).toEqual([]);
  });

  it('refuses a running session and settles nothing for a session without customer', async () => {
    const world = paymentWorld({
      customers: [customer('c9')],
      sessions: [
        session('ses_run', 'c9', { status: 'active', stoppedAt: undefined }),
        session('ses_anon', undefined),
      ],
    });
    const { deps } = setup(world);

    await expect(settleSession(deps, TENANT, 'ses_run', 500, NOW)).rejects.toBeInstanceOf(ConflictError);
    expect(await settleSession(deps, TENANT, 'ses_anon', 500, NOW)).toEqual({
      sessionId: 'ses_anon',
      status: 'no-customer',
      debt: 0,
    });
    await expect(settleSession(deps, TENANT, 'ses_anon', 12.5, NOW)).rejects.toBeInstanceOf(RangeError);
    expect(bookings(world)).toEqual([]);
    expect(world.ledger.size).toBe(0);
  });
});
