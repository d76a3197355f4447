import {
  type Backstop,
  ConflictError,
  cardResultTransaction,
  newCustomer,
  operatorCreditTransaction,
  planSettlement,
  type SettlementInput,
  type SettlementMeta,
  settlementTransaction,
} from '@csms/core';
import { describe, expect, it } from 'vitest';
import { keys } from '../src/keys.ts';
import type { SettlementBooking } from '../src/settlements.ts';
import { freshTenant, useDynamoDbLocal } from './support/dynamodb.ts';

const local = useDynamoDbLocal();

const CURRENCY = 'EUR';
const ISSUED = new Date('2025-01-01T00:00:00.000Z');
const ATTACHED = new Date('2025-01-05T00:00:00.000Z');
const SETTLED = new Date('2025-02-01T12:00:00.000Z');

/** Prepaid balance as the operator credits it: a ledger posting onto the customer's balance account. */
async function creditBalance(tenantId: string, customerId: string, amount: number) {
  const tx = operatorCreditTransaction({
    id: `seed-${customerId}`,
    customerId,
    amount,
    reason: 'test balance',
    at: ISSUED,
    currency: CURRENCY,
  });
  expect(await local.repositories.ledger.postLedgerTransaction(tenantId, tx)).toBe('posted');
}

/** A gift voucher issued (with its ledger entry) and attached to the customer before it expires. */
async function giveVoucher(
  tenantId: string,
  customerId: string,
  code: string,
  amount: number,
  expiresAt: string,
): Promise<void> {
  await local.repositories.vouchers.issueVoucher(
    tenantId,
    {
      code,
      amount,
      remaining: amount,
      activateBy: new Date(Date.parse(expiresAt) - 1_000).toISOString(),
      expiresAt,
      createdAt: ISSUED.toISOString(),
    },
    CURRENCY,
  );
  const attached = await local.repositories.wallets.attachVoucher(tenantId, customerId, {
    code,
    attachedAt: ATTACHED.toISOString(),
    expiresAt,
  });
  expect(attached).toBe(true);
}

/** The plan, booking and balanced ledger transaction exactly as `settleSession` builds them. */
function settlement(
  sessionId: string,
  customerId: string,
  input: Omit<SettlementInput, 'backstop'> & { backstop: Backstop },
  options: { at?: Date; maxUsesPerCustomer?: number } = {},
) {
  const at = options.at ?? SETTLED;
  const plan = planSettlement(input);
  const meta: SettlementMeta = { sessionId, customerId, currency: CURRENCY, at };
  const booking: SettlementBooking = {
    sessionId,
    customerId,
    means: input.backstop === 'none' ? 'prepaid' : input.backstop,
    plan,
    at,
    vouchers: plan.vouchers.map((v) => v.code),
    ...(plan.discount
      ? {
          discount: {
            code: plan.discount.code,
            ...(options.maxUsesPerCustomer !== undefined
              ? { maxUsesPerCustomer: options.maxUsesPerCustomer }
              : {}),
          },
        }
      : {}),
  };
  return { plan, meta, booking, transaction: settlementTransaction(plan, meta) };
}

describe('bookSettlementPlan', () => {
  it('books a prepaid plan: voucher and balance spent, the funding record settled, the journal written', async () => {
    const tenantId = freshTenant('settle');
    const { settlements, sessionFunding, ledger, vouchers, wallets } = local.repositories;
    await creditBalance(tenantId, 'c1', 500);
    await giveVoucher(tenantId, 'c1', 'GIFT-A', 600, '2025-06-01T00:00:00.000Z');

    const { plan, booking, transaction } = settlement('s1', 'c1', {
      gross: 1_000,
      vat: 160,
      vouchers: [{ code: 'GIFT-A', remaining: 600 }],
      balance: 500,
      backstop: 'none',
    });
    expect(plan).toMatchObject({
      vouchers: [{ code: 'GIFT-A', amount: 600 }],
      balance: 400,
      card: 0,
      debt: 0,
    });

    expect(await settlements.bookSettlementPlan(tenantId, booking, transaction)).toBe('posted');

    expect(await sessionFunding.getSessionFunding(tenantId, 's1')).toEqual({
      sessionId: 's1',
      customerId: 'c1',
      means: 'prepaid',
      status: 'settled',
      plan,
      decidedAt: SETTLED.toISOString(),
      settledAt: SETTLED.toISOString(),
    });
    expect(await ledger.getLedgerTransaction(tenantId, 'settlement:s1')).toEqual(transaction);
    expect((await vouchers.getVoucher(tenantId, 'GIFT-A'))?.remaining).toBe(0);
    expect(await wallets.getWallet(tenantId, 'c1')).toMatchObject({ balance: 100, creditUsed: 0 });
  });

  it('keeps what the session start recorded (means, hold, decision time) and waits for the card', async () => {
    const tenantId = freshTenant('settle');
    const { settlements, sessionFunding } = local.repositories;
    const startedAt = '2025-02-01T10:00:00.000Z';
    await sessionFunding.recordSessionFunding(tenantId, {
      sessionId: 's1',
      customerId: 'c1',
      means: 'card',
      decidedAt: startedAt,
      hold: { paymentIntentId: 'pi_hold', amount: 2_000 },
      status: 'open',
    });

    const { plan, booking, transaction } = settlement('s1', 'c1', {
      gross: 1_500,
      vat: 240,
      vouchers: [],
      balance: 0,
      backstop: 'card',
    });
    expect(plan.card).toBe(1_500);
    expect(await settlements.bookSettlementPlan(tenantId, booking, transaction)).toBe('posted');

    const funding = await sessionFunding.getSessionFunding(tenantId, 's1');
    expect(funding).toEqual({
      sessionId: 's1',
      customerId: 'c1',
      means: 'card',
      decidedAt: startedAt,
      hold: { paymentIntentId: 'pi_hold', amount: 2_000 },
      status: 'awaiting-card',
      plan,
    });
    expect(funding?.settledAt).toBeUndefined();
  });

  it('books the credit part onto credit used', async () => {
    const tenantId = freshTenant('settle');
    const { settlements, sessionFunding, wallets } = local.repositories;
    await wallets.setCreditLimit(tenantId, 'c1', 10_000);

    const { plan, booking, transaction } = settlement('s1', 'c1', {
      gross: 2_380,
      vat: 380,
      vouchers: [],
      balance: 0,
      backstop: 'credit',
    });
    expect(await settlements.bookSettlementPlan(tenantId, booking, transaction)).toBe('posted');

    expect(await sessionFunding.getSessionFunding(tenantId, 's1')).toMatchObject({
      status: 'settled',
      means: 'credit',
      plan: { credit: 2_380, card: 0, debt: 0 },
    });
    expect(plan.credit).toBe(2_380);
    expect(await wallets.getWallet(tenantId, 'c1')).toMatchObject({ creditUsed: 2_380, creditLimit: 10_000 });
  });

  // The settlement's ledger id is named after the session, so a second plan is the same ledger event: it
  // writes nothing and answers 'duplicate' (the caller reads the record back and continues from it).
  it('a second plan for the same session answers duplicate', async () => {
    const tenantId = freshTenant('settle');
    const { settlements } = local.repositories;
    await creditBalance(tenantId, 'c1', 5_000);
    const first = settlement('s1', 'c1', {
      gross: 1_000,
      vat: 160,
      vouchers: [],
      balance: 5_000,
      backstop: 'none',
    });
    await settlements.bookSettlementPlan(tenantId, first.booking, first.transaction);

    const second = settlement('s1', 'c1', {
      gross: 1_200,
      vat: 192,
      vouchers: [],
      balance: 4_000,
      backstop: 'none',
    });
    expect(await settlements.bookSettlementPlan(tenantId, second.booking, second.transaction)).toBe(
      'duplicate',
    );
  });

  it('a second plan for the same session writes nothing: the first plan and its spending stay', async () => {
    const tenantId = freshTenant('settle');
    const { settlements, sessionFunding, ledger, wallets } = local.repositories;
    await creditBalance(tenantId, 'c1', 5_000);
    const first = settlement('s1', 'c1', {
      gross: 1_000,
      vat: 160,
      vouchers: [],
      balance: 5_000,
      backstop: 'none',
    });
    expect(await settlements.bookSettlementPlan(tenantId, first.booking, first.transaction)).toBe('posted');

    const second = settlement(
      's1',
      'c1',
      { gross: 1_200, vat: 192, vouchers: [], balance: 4_000, backstop: 'none' },
      { at: new Date(SETTLED.getTime() + 60_000) },
    );
    expect(await settlements.bookSettlementPlan(tenantId, second.booking, second.transaction)).toBe(
      'duplicate',
    );

    expect(await sessionFunding.getSessionFunding(tenantId, 's1')).toMatchObject({
      plan: first.plan,
      decidedAt: SETTLED.toISOString(),
      settledAt: SETTLED.toISOString(),
    });
    expect(await ledger.getLedgerTransaction(tenantId, 'settlement:s1')).toEqual(first.transaction);
    expect((await wallets.getWallet(tenantId, 'c1')).balance).toBe(4_000);
  });

  it('a plan whose ledger transaction is new but whose session already has a plan is a conflict', async () => {
    const tenantId = freshTenant('settle');
    const { settlements, sessionFunding, ledger, wallets } = local.repositories;
    await creditBalance(tenantId, 'c1', 5_000);
    const first = settlement('s1', 'c1', {
      gross: 1_000,
      vat: 160,
      vouchers: [],
      balance: 5_000,
      backstop: 'none',
    });
    await settlements.bookSettlementPlan(tenantId, first.booking, first.transaction);

    const second = settlement('s1', 'c1', {
      gross: 700,
      vat: 112,
      vouchers: [],
      balance: 4_000,
      backstop: 'none',
    });
    const renamed = { ...second.transaction, id: 'settlement:s1:again' };
    await expect(settlements.bookSettlementPlan(tenantId, second.booking, renamed)).rejects.toThrow(
      /being settled concurrently/,
    );

    expect((await sessionFunding.getSessionFunding(tenantId, 's1'))?.plan).toEqual(first.plan);
    expect(await ledger.getLedgerTransaction(tenantId, 'settlement:s1:again')).toBeUndefined();
    expect((await wallets.getWallet(tenantId, 'c1')).balance).toBe(4_000);
  });

  it('an expired voucher makes the booking fail and nothing is written', async () => {
    const tenantId = freshTenant('settle');
    const { settlements, sessionFunding, ledger, vouchers, wallets } = local.repositories;
    const expiresAt = '2025-01-31T00:00:00.000Z';
    await creditBalance(tenantId, 'c1', 500);
    await giveVoucher(tenantId, 'c1', 'GIFT-OLD', 600, expiresAt);

    // Planned from a stale read that still listed the voucher; booked after its expiry.
    const { booking, transaction } = settlement('s1', 'c1', {
      gross: 1_000,
      vat: 160,
      vouchers: [{ code: 'GIFT-OLD', remaining: 600 }],
      balance: 500,
      backstop: 'none',
    });
    expect(booking.at.toISOString() > expiresAt).toBe(true);

    await expect(settlements.bookSettlementPlan(tenantId, booking, transaction)).rejects.toThrow(
      ConflictError,
    );

    expect(await sessionFunding.getSessionFunding(tenantId, 's1')).toBeUndefined();
    expect(await ledger.getLedgerTransaction(tenantId, 'settlement:s1')).toBeUndefined();
    expect(await vouchers.getVoucher(tenantId, 'GIFT-OLD')).toMatchObject({
      remaining: 600,
      customerId: 'c1',
    });
    expect((await wallets.getWallet(tenantId, 'c1')).balance).toBe(500);
  });

  it("a voucher that is not the customer's is never spent", async () => {
    const tenantId = freshTenant('settle');
    const { settlements, sessionFunding, ledger, vouchers, wallets } = local.repositories;
    await creditBalance(tenantId, 'c1', 500);
    await giveVoucher(tenantId, 'c2', 'GIFT-C2', 600, '2025-06-01T00:00:00.000Z');

    const { booking, transaction } = settlement('s1', 'c1', {
      gross: 1_000,
      vat: 160,
      vouchers: [{ code: 'GIFT-C2', remaining: 600 }],
      balance: 500,
      backstop: 'none',
    });
    await expect(settlements.bookSettlementPlan(tenantId, booking, transaction)).rejects.toThrow(
      ConflictError,
    );

    expect(await sessionFunding.getSessionFunding(tenantId, 's1')).toBeUndefined();
    expect(await ledger.getLedgerTransaction(tenantId, 'settlement:s1')).toBeUndefined();
    expect(await vouchers.getVoucher(tenantId, 'GIFT-C2')).toMatchObject({
      remaining: 600,
      customerId: 'c2',
    });
    expect((await wallets.getWallet(tenantId, 'c1')).balance).toBe(500);
  });

  it('counts the uses of a discount code and refuses a use beyond maxUsesPerCustomer', async () => {
    const tenantId = freshTenant('settle');
    const { settlements, sessionFunding, ledger, wallets } = local.repositories;
    await creditBalance(tenantId, 'c1', 5_000);
    const input = {
      gross: 1_000,
      vat: 160,
      discount: { code: 'SPRING-25', amount: 250 },
      vouchers: [],
      balance: 5_000,
      backstop: 'none' as const,
    };

    const first = settlement('s1', 'c1', input, { maxUsesPerCustomer: 2 });
    expect(first.plan.discount).toEqual({ code: 'SPRING-25', amount: 250, vat: 40 });
    expect(await settlements.bookSettlementPlan(tenantId, first.booking, first.transaction)).toBe('posted');
    expect(await wallets.getWallet(tenantId, 'c1')).toMatchObject({
      balance: 4_250,
      discountUses: { 'SPRING-25': 1 },
    });

    const second = settlement('s2', 'c1', { ...input, balance: 4_250 }, { maxUsesPerCustomer: 2 });
    expect(await settlements.bookSettlementPlan(tenantId, second.booking, second.transaction)).toBe('posted');
    expect(await wallets.getWallet(tenantId, 'c1')).toMatchObject({
      balance: 3_500,
      discountUses: { 'SPRING-25': 2 },
    });

    const third = settlement('s3', 'c1', { ...input, balance: 3_500 }, { maxUsesPerCustomer: 2 });
    await expect(settlements.bookSettlementPlan(tenantId, third.booking, third.transaction)).rejects.toThrow(
      ConflictError,
    );
    expect(await sessionFunding.getSessionFunding(tenantId, 's3')).toBeUndefined();
    expect(await ledger.getLedgerTransaction(tenantId, 'settlement:s3')).toBeUndefined();
    expect(await wallets.getWallet(tenantId, 'c1')).toMatchObject({
      balance: 3_500,
      discountUses: { 'SPRING-25': 2 },
    });
  });

  // Every wallet item carries `type: 'Wallet'` and its `customerId`, also when the plan's discount is the
  // first thing to touch the wallet and no wallet balance moves (card backstop).
  it('a discount counted on a wallet that did not exist yet leaves a typed wallet item', async () => {
    const tenantId = freshTenant('settle');
    const { settlements, wallets } = local.repositories;
    const { booking, transaction } = settlement('s1', 'c1', {
      gross: 1_000,
      vat: 160,
      discount: { code: 'FIRST-5', amount: 500 },
      vouchers: [],
      balance: 0,
      backstop: 'card',
    });
    expect(await settlements.bookSettlementPlan(tenantId, booking, transaction)).toBe('posted');
    expect((await wallets.getWallet(tenantId, 'c1')).discountUses).toEqual({ 'FIRST-5': 1 });

    const { Item } = await local.table.get({ Key: keys.wallet(tenantId, 'c1'), ConsistentRead: true });
    expect(Item).toMatchObject({ type: 'Wallet', customerId: 'c1', 'uses#FIRST-5': 1 });
  });

  it('counts a discount without a use limit every time', async () => {
    const tenantId = freshTenant('settle');
    const { settlements, wallets } = local.repositories;
    await wallets.setCreditLimit(tenantId, 'c1', null);
    for (const sessionId of ['s1', 's2', 's3']) {
      const { booking, transaction } = settlement(sessionId, 'c1', {
        gross: 1_000,
        vat: 160,
        discount: { code: 'ALWAYS-10', amount: 100 },
        vouchers: [],
        balance: 0,
        backstop: 'credit',
      });
      expect(await settlements.bookSettlementPlan(tenantId, booking, transaction)).toBe('posted');
    }
    expect(await wallets.getWallet(tenantId, 'c1')).toMatchObject({
      creditUsed: 2_700,
      creditLimit: null,
      discountUses: { 'ALWAYS-10': 3 },
    });
  });
});

describe('bookCardResult', () => {
  async function awaitingCard(tenantId: string, sessionId: string, customerId: string, gross: number) {
    const booked = settlement(sessionId, customerId, {
      gross,
      vat: 0,
      vouchers: [],
      balance: 0,
      backstop: 'card',
    });
    expect(
      await local.repositories.settlements.bookSettlementPlan(tenantId, booked.booking, booked.transaction),
    ).toBe('posted');
    return booked;
  }

  it('settles a session awaiting the card with what the card paid', async () => {
    const tenantId = freshTenant('card');
    const { settlements, sessionFunding, ledger } = local.repositories;
    const { plan, meta } = await awaitingCard(tenantId, 's1', 'c1', 1_500);
    const at = new Date(SETTLED.getTime() + 5_000);
    const outcome = { collected: 1_500, uncollected: 0, fee: 15, paymentIntentId: 'pi_1' };
    const transaction = cardResultTransaction(outcome, { ...meta, at });

    expect(
      await settlements.bookCardResult(
        tenantId,
        's1',
        { collected: 1_500, uncollected: 0, paymentIntentId: 'pi_1' },
        at,
        transaction,
      ),
    ).toBe('posted');

    expect(await sessionFunding.getSessionFunding(tenantId, 's1')).toEqual({
      sessionId: 's1',
      customerId: 'c1',
      means: 'card',
      decidedAt: SETTLED.toISOString(),
      status: 'settled',
      plan,
      settledAt: at.toISOString(),
      card: { collected: 1_500, uncollected: 0, paymentIntentId: 'pi_1' },
    });
    expect(await ledger.getLedgerTransaction(tenantId, 'card-result:s1')).toEqual(transaction);
  });

  it("a declined card's part becomes the customer's debt", async () => {
    const tenantId = freshTenant('card');
    const { settlements, sessionFunding, customers } = local.repositories;
    await customers.createCustomer(
      tenantId,
      newCustomer(
        { type: 'individual', name: 'Ada Driver', email: 'ada@example.com', marketingOptIn: false },
        'c1',
        ISSUED,
      ),
    );
    const { meta } = await awaitingCard(tenantId, 's1', 'c1', 900);
    const outcome = { collected: 0, uncollected: 900, fee: 0 };

    expect(
      await settlements.bookCardResult(
        tenantId,
        's1',
        { collected: 0, uncollected: 900 },
        SETTLED,
        cardResultTransaction(outcome, meta),
      ),
    ).toBe('posted');

    expect(await sessionFunding.getSessionFunding(tenantId, 's1')).toMatchObject({
      status: 'settled',
      card: { collected: 0, uncollected: 900 },
    });
    expect((await customers.getCustomer(tenantId, 'c1'))?.outstandingDebt).toBe(900);
  });

  it('refuses a session that is not awaiting the card and writes nothing', async () => {
    const tenantId = freshTenant('card');
    const { settlements, sessionFunding, ledger } = local.repositories;
    await creditBalance(tenantId, 'c1', 1_000);
    // Settled without a card part.
    const prepaid = settlement('s1', 'c1', {
      gross: 800,
      vat: 0,
      vouchers: [],
      balance: 1_000,
      backstop: 'none',
    });
    await settlements.bookSettlementPlan(tenantId, prepaid.booking, prepaid.transaction);
    const before = await sessionFunding.getSessionFunding(tenantId, 's1');
    expect(before?.status).toBe('settled');

    const outcome = { collected: 800, uncollected: 0, fee: 8, paymentIntentId: 'pi_x' };
    await expect(
      settlements.bookCardResult(
        tenantId,
        's1',
        { collected: 800, uncollected: 0, paymentIntentId: 'pi_x' },
        SETTLED,
        cardResultTransaction(outcome, prepaid.meta),
      ),
    ).rejects.toThrow(ConflictError);
    expect(await sessionFunding.getSessionFunding(tenantId, 's1')).toEqual(before);
    expect(await ledger.getLedgerTransaction(tenantId, 'card-result:s1')).toBeUndefined();

    // A session that has no funding record at all: none is created.
    const meta = { sessionId: 's-none', customerId: 'c1', currency: CURRENCY, at: SETTLED };
    await expect(
      settlements.bookCardResult(
        tenantId,
        's-none',
        { collected: 800, uncollected: 0 },
        SETTLED,
        cardResultTransaction({ collected: 800, uncollected: 0, fee: 8 }, meta),
      ),
    ).rejects.toThrow(ConflictError);
    expect(await sessionFunding.getSessionFunding(tenantId, 's-none')).toBeUndefined();
    expect(await ledger.getLedgerTransaction(tenantId, 'card-result:s-none')).toBeUndefined();
  });

  it('a repeated card result is a duplicate and changes nothing', async () => {
    const tenantId = freshTenant('card');
    const { settlements, sessionFunding } = local.repositories;
    const { meta } = await awaitingCard(tenantId, 's1', 'c1', 1_000);
    const card = { collected: 1_000, uncollected: 0, paymentIntentId: 'pi_1' };
    const transaction = cardResultTransaction({ ...card, fee: 10 }, meta);
    await settlements.bookCardResult(tenantId, 's1', card, SETTLED, transaction);
    const settled = await sessionFunding.getSessionFunding(tenantId, 's1');

    const laterAt = new Date(SETTLED.getTime() + 60_000);
    expect(await settlements.bookCardResult(tenantId, 's1', card, laterAt, transaction)).toBe('duplicate');
    expect(await sessionFunding.getSessionFunding(tenantId, 's1')).toEqual(settled);
  });
});
