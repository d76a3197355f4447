import { describe, expect, it } from 'vitest';
import type { CustomerType } from '../../src/customer.ts';
import { customerAccounts, isGated, voucherAccount } from '../../src/ledger/accounts.ts';
import { InsufficientFundsError, postTransaction, trialBalance } from '../../src/ledger/book.ts';
import { checkRefund } from '../../src/ledger/complaints.ts';
import { type AttachedDiscount, bestDiscount } from '../../src/ledger/discounts.ts';
import { decideFunding, prepaidFunds, type WalletFunds } from '../../src/ledger/funding.ts';
import {
  creditPaymentTransaction,
  debtPaymentTransaction,
  operatorCreditTransaction,
  platformFeeOf,
  refundTransaction,
  topUpTransaction,
  voucherForfeitTransaction,
  voucherIssueTransaction,
} from '../../src/ledger/movements.ts';
import {
  cardResultTransaction,
  planSettlement,
  settlementTransaction,
  vatIncluded,
} from '../../src/ledger/settlement.ts';
import { balanceChanges, isBalanced, type LedgerTransaction } from '../../src/ledger/transaction.ts';
import { spendableVouchers, type VoucherFunds } from '../../src/ledger/vouchers.ts';
import { Random } from '../pricing/random.ts';

/**
 * Property test of the ledger and funding rules: 10,000 random sessions among top-ups, operator
 * credits, vouchers (issued, attached, spent, forfeited), discount codes, declined cards, debt collection,
 * credit payments and refunds, run against the pure core exactly as storage applies it (`applyTransaction`
 * enforces what the TransactWriteItems conditions enforce). Some settlements are planned from a stale read,
 * as under concurrency: the ledger must refuse those and a fresh plan must succeed.
 *
 * Properties: every transaction balances and the trial balance is zero; no balance, voucher, debt or credit
 * used ever goes negative; every session is either fully paid or its shortfall is recorded as debt; the
 * customers' debt equals the sessions' shortfalls less the debt collected.
 */
const SEED = 20_260_301;
const SESSIONS = 10_000;
const CURRENCY = 'EUR';

interface Customer {
  readonly id: string;
  readonly type: CustomerType;
  card?: { readonly works: boolean };
  creditLimit?: number | null;
  discounts: AttachedDiscount[];
  discountUses: Map<string, number>;
}

interface VoucherState {
  readonly code: string;
  readonly amount: number;
  readonly expiresAt: string;
  customerId?: string;
  attachedAt?: string;
  forfeited: boolean;
}

interface SettledSession {
  readonly id: string;
  readonly customerId: string;
  readonly gross: number;
  readonly card: number;
  refunded: number;
}

class Simulation {
  readonly balances = new Map<string, number>();
  readonly journal: LedgerTransaction[] = [];
  readonly customers: Customer[] = [];
  readonly vouchers = new Map<string, VoucherState>();
  /** Not yet forfeited, per customer (unattached ones under ''), so a step does not scan them all. */
  readonly live = new Map<string, VoucherState[]>();
  readonly sessions: SettledSession[] = [];
  readonly shortfall = new Map<string, number>();
  readonly collected = new Map<string, number>();
  clock = Date.parse('2026-01-01T00:00:00Z');
  counter = 0;
  staleRefusals = 0;

  constructor(readonly random: Random) {
    for (let i = 0; i < 25; i++) {
      this.customers.push({
        id: `c${i}`,
        type: i % 5 === 0 ? 'company' : 'individual',
        ...(i % 7 === 0 ? { creditLimit: 20_000 } : {}),
        discounts: [],
        discountUses: new Map(),
      });
    }
  }

  get now(): Date {
    return new Date(this.clock);
  }

  balance(account: string): number {
    return this.balances.get(account) ?? 0;
  }

  post(tx: LedgerTransaction): void {
    if (!isBalanced(tx)) throw new Error(`${tx.id} does not balance`);
    postTransaction(this.balances, tx);
    this.journal.push(tx);
  }

  voucherFunds(customerId: string): VoucherFunds[] {
    return (this.live.get(customerId) ?? []).map((v) => ({
      code: v.code,
      remaining: this.balance(voucherAccount(v.code)),
      expiresAt: v.expiresAt,
      attachedAt: v.attachedAt ?? '',
    }));
  }

  wallet(c: Customer): WalletFunds {
    return {
      balance: this.balance(customerAccounts.balance(c.id)),
      vouchers: this.voucherFunds(c.id),
      ...(c.card ? { card: { status: c.card.works ? 'active' : 'failing' } } : {}),
      ...(c.creditLimit === undefined ? {} : { creditLimit: c.creditLimit }),
      creditUsed: this.balance(customerAccounts.credit(c.id)),
    };
  }

  step(): void {
    const r = this.random;
    this.clock += r.int(1, 240) * 60_000;
    const c = r.pick(this.customers);
    const roll = r.next();
    if (roll < 0.08) this.topUp(c);
    else if (roll < 0.12)
      this.post(
        operatorCreditTransaction({
          id: this.id(),
          customerId: c.id,
          amount: r.int(1, 3000),
          reason: 'goodwill',
          at: this.now,
          currency: CURRENCY,
        }),
      );
    else if (roll < 0.2) this.issueVoucher(c);
    else if (roll < 0.23) this.forfeitExpired();
    else if (roll < 0.27) this.attachDiscount(c);
    else if (roll < 0.31) this.changeCard(c);
    else if (roll < 0.34) this.payCredit(c);
    else if (roll < 0.38) this.refund();
    else this.session(c);
  }

  id(): string {
    return `x${++this.counter}`;
  }

  topUp(c: Customer): void {
    if (!c.card?.works) return; // a declined top-up books nothing
    const amount = this.random.int(100, 5000);
    this.post(
      topUpTransaction({
        customerId: c.id,
        amount,
        fee: platformFeeOf(amount, 150),
        paymentIntentId: this.id(),
        at: this.now,
        currency: CURRENCY,
      }),
    );
  }

  issueVoucher(c: Customer): void {
    const code = `V${this.id()}`;
    const amount = this.random.int(100, 4000);
    const expiresAt = new Date(this.clock + this.random.int(1, 30) * 86_400_000).toISOString();
    this.post(voucherIssueTransaction({ code, amount, at: this.now, currency: CURRENCY }));
    const voucher: VoucherState = { code, amount, expiresAt, forfeited: false };
    if (this.random.chance(0.9)) {
      voucher.customerId = c.id;
      voucher.attachedAt = this.now.toISOString();
    }
    this.vouchers.set(code, voucher);
    const owner = voucher.customerId ?? '';
    this.live.set(owner, [...(this.live.get(owner) ?? []), voucher]);
  }

  forfeitExpired(): void {
    for (const v of this.vouchers.values()) {
      if (v.forfeited || v.expiresAt > this.now.toISOString()) continue;
      const remaining = this.balance(voucherAccount(v.code));
      if (remaining > 0)
        this.post(voucherForfeitTransaction({ code: v.code, remaining, at: this.now, currency: CURRENCY }));
      v.forfeited = true;
    }
  }

  attachDiscount(c: Customer): void {
    const percentage = this.random.chance(0.5);
    c.discounts.push({
      code: {
        code: `D${this.id()}`,
        kind: percentage ? 'percentage' : 'amount',
        value: percentage ? this.random.int(1, 100) : this.random.int(1, 2000),
        expiresAt: new Date(this.clock + this.random.int(1, 60) * 86_400_000).toISOString(),
        status: this.random.pick(['active', 'active', 'active', 'suspended', 'cancelled'] as const),
        ...(this.random.chance(0.5)
          ? { conditions: { maxUsesPerCustomer: this.random.int(1, 3), maxDiscountAmount: 800 } }
          : {}),
        createdAt: this.now.toISOString(),
        updatedAt: this.now.toISOString(),
      },
      attachedAt: this.now.toISOString(),
      uses: 0,
    });
  }

  /** P5: a new card collects the open debt at once (if it works). */
  changeCard(c: Customer): void {
    c.card = { works: this.random.chance(0.75) };
    this.collectDebt(c);
  }

  collectDebt(c: Customer): void {
    const debt = this.balance(customerAccounts.receivable(c.id));
    if (debt <= 0 || !c.card?.works) return;
    this.post(
      debtPaymentTransaction({
        attemptId: this.id(),
        customerId: c.id,
        amount: debt,
        fee: platformFeeOf(debt, 150),
        paymentIntentId: this.id(),
        at: this.now,
        currency: CURRENCY,
      }),
    );
    this.collected.set(c.id, (this.collected.get(c.id) ?? 0) + debt);
  }

  payCredit(c: Customer): void {
    const used = this.balance(customerAccounts.credit(c.id));
    if (used <= 0) return;
    this.post(
      creditPaymentTransaction({
        id: this.id(),
        customerId: c.id,
        amount: this.random.int(1, used),
        reference: 'INV',
        at: this.now,
        currency: CURRENCY,
      }),
    );
  }

  refund(): void {
    if (this.sessions.length === 0) return;
    const s = this.random.pick(this.sessions);
    const to = this.random.chance(0.5) ? 'card' : 'balance';
    const limit = Math.min(to === 'card' ? s.card : s.gross, s.gross - s.refunded);
    if (limit <= 0) return;
    const amount = this.random.int(1, limit);
    checkRefund({ status: 'open' }, { amount, to }, { gross: s.gross, card: s.card, refunded: s.refunded });
    this.post(
      refundTransaction({
        complaintId: this.id(),
        customerId: s.customerId,
        sessionId: s.id,
        amount,
        to,
        at: this.now,
        currency: CURRENCY,
      }),
    );
    s.refunded += amount;
  }

  session(c: Customer): number {
    // I4: debt blocks; without usable means the session is refused.
    if (this.balance(customerAccounts.receivable(c.id)) > 0) return 0;
    const decision = decideFunding(this.wallet(c), c, { cardPayments: true }, this.now);
    if (!decision.usable) return 0;
    const sessionId = `s${this.id()}`;
    const startedWith = this.wallet(c);
    this.clock += this.random.int(10, 300) * 60_000;
    const gross = this.random.chance(0.05) ? 0 : this.random.int(1, 6000);
    const meta = { sessionId, customerId: c.id, currency: CURRENCY, at: this.now };
    const backstop = decision.means === 'prepaid' ? 'none' : decision.means;
    // Meanwhile another payment may spend the same funds: plan from the stale read the session started with.
    const stale = this.random.chance(0.1);
    if (stale && this.random.chance(0.5)) this.spendConcurrently(c);
    let plan = this.plan(c, gross, backstop, stale ? startedWith : this.wallet(c));
    try {
      this.post(settlementTransaction(plan, meta));
    } catch (error) {
      expect(error).toBeInstanceOf(InsufficientFundsError);
      this.staleRefusals++;
      plan = this.plan(c, gross, backstop, this.wallet(c));
      this.post(settlementTransaction(plan, meta));
    }
    if (plan.discount) {
      const code = plan.discount.code;
      c.discounts = c.discounts.map((d) => (d.code.code === code ? { ...d, uses: d.uses + 1 } : d));
    }
    let card = 0;
    let debt = plan.debt;
    if (plan.card > 0) {
      const works = c.card?.works === true && this.random.chance(0.85);
      // A declined capture may still have taken part of the amount (the hold) before the excess failed.
      card = works ? plan.card : this.random.chance(0.3) ? this.random.int(0, plan.card) : 0;
      const fee = platformFeeOf(card, 150);
      this.post(cardResultTransaction({ collected: card, uncollected: plan.card - card, fee }, meta));
      debt += plan.card - card;
      if (card < plan.card && c.card) c.card = { works: false };
    }
    const prepaid =
      (plan.discount?.amount ?? 0) + plan.vouchers.reduce((s, v) => s + v.amount, 0) + plan.balance;
    // Fully paid, or the shortfall is recorded as debt.
    expect(prepaid + card + plan.credit + debt, sessionId).toBe(gross);
    if (debt > 0) this.shortfall.set(c.id, (this.shortfall.get(c.id) ?? 0) + debt);
    this.sessions.push({ id: sessionId, customerId: c.id, gross, card, refunded: 0 });
    return 1;
  }

  plan(c: Customer, gross: number, backstop: 'card' | 'credit' | 'none', wallet: WalletFunds) {
    const discount = bestDiscount(c.discounts, gross, c.type, this.now);
    return planSettlement({
      gross,
      vat: vatIncluded(gross, '19'),
      ...(discount ? { discount } : {}),
      vouchers: spendableVouchers(wallet.vouchers, this.now),
      balance: wallet.balance,
      backstop,
    });
  }

  /** Another session of the same customer settles first, spending balance and vouchers. */
  spendConcurrently(c: Customer): void {
    const wallet = this.wallet(c);
    const gross = prepaidFunds(wallet, this.now);
    if (gross <= 0) return;
    const meta = { sessionId: `s${this.id()}`, customerId: c.id, currency: CURRENCY, at: this.now };
    const plan = this.plan({ ...c, discounts: [] }, gross, 'none', wallet);
    this.post(settlementTransaction(plan, meta));
    this.sessions.push({ id: meta.sessionId, customerId: c.id, gross, card: 0, refunded: 0 });
  }
}

describe('ledger and funding properties (10,000 random sessions, seeded)', () => {
  it('keeps the ledger balanced, no balance or voucher negative, every session paid or in debt', () => {
    const sim = new Simulation(new Random(SEED));
    let sessions = 0;
    let steps = 0;
    while (sessions < SESSIONS) {
      steps++;
      const before = sim.sessions.length;
      sim.step();
      sessions += sim.sessions.length > before ? 1 : 0;
    }
    expect(trialBalance(sim.journal)).toBe(0);

    // The balances are exactly what the journal says, and no gated account is below zero.
    const replayed = new Map<string, number>();
    for (const tx of sim.journal) {
      for (const [account, change] of balanceChanges(tx))
        replayed.set(account, (replayed.get(account) ?? 0) + change);
    }
    for (const [account, balance] of sim.balances) {
      expect(replayed.get(account) ?? 0, account).toBe(balance);
      if (isGated(account)) expect(balance, account).toBeGreaterThanOrEqual(0);
    }
    for (const v of sim.vouchers.values()) {
      const remaining = sim.balance(voucherAccount(v.code));
      expect(remaining).toBeLessThanOrEqual(v.amount);
      if (v.forfeited) expect(remaining).toBe(0);
    }
    // Debt is what sessions left unpaid, less what was collected.
    for (const c of sim.customers) {
      const shortfall = sim.shortfall.get(c.id) ?? 0;
      const collected = sim.collected.get(c.id) ?? 0;
      expect(sim.balance(customerAccounts.receivable(c.id)), c.id).toBe(shortfall - collected);
    }
    // The run exercised what it claims to.
    const kinds = new Set(sim.journal.map((tx) => tx.kind));
    expect([...kinds].sort()).toEqual(
      [
        'card-result',
        'credit-payment',
        'debt-payment',
        'operator-credit',
        'refund',
        'session-settlement',
        'top-up',
        'voucher-forfeit',
        'voucher-issue',
      ].sort(),
    );
    expect(sim.staleRefusals).toBeGreaterThan(10);
    expect([...sim.shortfall.values()].some((d) => d > 0)).toBe(true);
    expect(steps).toBeGreaterThan(SESSIONS);
  });
});
