import { describe, expect, it } from 'vitest';
import { customerAccounts, tenantAccounts, voucherAccount } from '../../src/ledger/accounts.ts';
import { applyTransaction, InsufficientFundsError, trialBalance } from '../../src/ledger/book.ts';
import {
  cardResultTransaction,
  planSettlement,
  settlementTransaction,
  vatIncluded,
} from '../../src/ledger/settlement.ts';
import { balanceChanges, isBalanced } from '../../src/ledger/transaction.ts';

const meta = { sessionId: 'ses1', customerId: 'c1', currency: 'EUR', at: new Date('2026-03-01T10:00:00Z') };

describe('planSettlement: discount, then vouchers oldest first, balance, then card or credit; the rest is debt', () => {
  it('takes the discount off the price before any money is used', () => {
    const plan = planSettlement({
      gross: 1000,
      vat: 160,
      discount: { code: 'TEN', amount: 100 },
      vouchers: [
        { code: 'OLD', remaining: 300 },
        { code: 'NEW', remaining: 900 },
      ],
      balance: 50,
      backstop: 'none',
    });
    expect(plan).toEqual({
      gross: 1000,
      vat: 160,
      discount: { code: 'TEN', amount: 100, vat: 16 },
      vouchers: [
        { code: 'OLD', amount: 300 },
        { code: 'NEW', amount: 600 },
      ],
      balance: 0,
      card: 0,
      credit: 0,
      debt: 0,
    });
  });

  it('sends what prepaid funds leave to the backstop, or to debt without one', () => {
    const base = { gross: 2000, vat: 0, vouchers: [{ code: 'V', remaining: 500 }], balance: 300 } as const;
    expect(planSettlement({ ...base, backstop: 'card' })).toMatchObject({ card: 1200, credit: 0, debt: 0 });
    expect(planSettlement({ ...base, backstop: 'credit' })).toMatchObject({ card: 0, credit: 1200, debt: 0 });
    expect(planSettlement({ ...base, backstop: 'none' })).toMatchObject({ balance: 300, debt: 1200 });
  });

  it('charges nothing for a free session', () => {
    const plan = planSettlement({
      gross: 0,
      vat: 0,
      vouchers: [{ code: 'V', remaining: 5 }],
      balance: 9,
      backstop: 'card',
    });
    expect(plan).toMatchObject({ vouchers: [], balance: 0, card: 0, debt: 0, discount: null });
  });
});

describe('settlement transactions', () => {
  it('book revenue and VAT, move prepaid funds, park the card part, and leave debt on the receivable', () => {
    const plan = planSettlement({
      gross: 1190,
      vat: 190,
      discount: { code: 'D', amount: 119 },
      vouchers: [{ code: 'V', remaining: 200 }],
      balance: 100,
      backstop: 'none',
    });
    const tx = settlementTransaction(plan, meta);
    expect(isBalanced(tx)).toBe(true);
    expect(tx.id).toBe('settlement:ses1');
    const changes = balanceChanges(tx);
    expect(changes.get(tenantAccounts.revenue)).toBe(1000);
    expect(changes.get(tenantAccounts.vatPayable)).toBe(190 - 19);
    expect(changes.get(tenantAccounts.discounts)).toBe(100);
    expect(changes.get(voucherAccount('V'))).toBe(-200);
    expect(changes.get(customerAccounts.balance('c1'))).toBe(-100);
    expect(changes.get(customerAccounts.receivable('c1'))).toBe(plan.debt);
    expect(plan.debt).toBe(1190 - 119 - 200 - 100);
  });

  it('turn a declined card part into debt and a captured one into card clearing, less the platform fee', () => {
    const plan = planSettlement({ gross: 5000, vat: 0, vouchers: [], balance: 0, backstop: 'card' });
    let balances = applyTransaction(new Map(), settlementTransaction(plan, meta));
    expect(balances.get(tenantAccounts.cardPending)).toBe(5000);
    const result = cardResultTransaction({ collected: 3000, uncollected: 2000, fee: 90 }, meta);
    balances = applyTransaction(balances, result);
    expect(balances.get(tenantAccounts.cardPending)).toBe(0);
    expect(balances.get(tenantAccounts.cardClearing)).toBe(2910);
    expect(balances.get(tenantAccounts.platformFee)).toBe(90);
    expect(balances.get(customerAccounts.receivable('c1'))).toBe(2000);
    expect(trialBalance([settlementTransaction(plan, meta), result])).toBe(0);
  });

  it('are refused when they would overdraw a balance or a voucher', () => {
    const plan = planSettlement({
      gross: 500,
      vat: 0,
      vouchers: [{ code: 'V', remaining: 500 }],
      balance: 0,
      backstop: 'none',
    });
    // The voucher holds only 100 by now (spent concurrently): the plan made from the stale read is refused.
    const balances = new Map([[voucherAccount('V'), 100]]);
    expect(() => applyTransaction(balances, settlementTransaction(plan, meta))).toThrow(
      InsufficientFundsError,
    );
  });
});

describe('vatIncluded', () => {
  it('splits a gross amount at a rate, rounding the net half up', () => {
    expect(vatIncluded(1190, '19')).toBe(190);
    expect(vatIncluded(1000, '20')).toBe(167);
    expect(vatIncluded(107, '7')).toBe(7);
    expect(vatIncluded(0, '19')).toBe(0);
    expect(vatIncluded(1077, '7.7')).toBe(77);
  });
});
