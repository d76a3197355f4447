import { describe, expect, it } from 'vitest';
import { addBusinessDays, checkComplaintWindow, checkRefund } from '../../src/ledger/complaints.ts';
import { bestDiscount, type DiscountCode, discountAmount } from '../../src/ledger/discounts.ts';
import { checkAttach, spendableVouchers, type Voucher } from '../../src/ledger/vouchers.ts';

const now = new Date('2026-03-01T10:00:00Z');
const voucher: Voucher = {
  code: 'GIFT-1',
  amount: 1000,
  remaining: 1000,
  activateBy: '2026-03-31T00:00:00.000Z',
  expiresAt: '2026-12-31T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('vouchers (P2)', () => {
  it('attach once, before the activation deadline, to one customer only', () => {
    expect(() => checkAttach(voucher, 'c1', now)).not.toThrow();
    expect(() => checkAttach({ ...voucher, customerId: 'c1' }, 'c1', now)).toThrow(/already attached/);
    expect(() => checkAttach({ ...voucher, customerId: 'c2' }, 'c1', now)).toThrow(/not transferable/);
    expect(() => checkAttach(voucher, 'c1', new Date('2026-04-01T00:00:00Z'))).toThrow(/activated by/);
  });

  it('are spent oldest attached first, skipping empty and expired ones', () => {
    const list = [
      {
        code: 'B',
        remaining: 5,
        expiresAt: '2027-01-01T00:00:00.000Z',
        attachedAt: '2026-02-01T00:00:00.000Z',
      },
      {
        code: 'A',
        remaining: 5,
        expiresAt: '2027-01-01T00:00:00.000Z',
        attachedAt: '2026-01-01T00:00:00.000Z',
      },
      {
        code: 'C',
        remaining: 0,
        expiresAt: '2027-01-01T00:00:00.000Z',
        attachedAt: '2025-01-01T00:00:00.000Z',
      },
      {
        code: 'D',
        remaining: 5,
        expiresAt: '2026-02-01T00:00:00.000Z',
        attachedAt: '2025-01-01T00:00:00.000Z',
      },
    ];
    expect(spendableVouchers(list, now).map((v) => v.code)).toEqual(['A', 'B']);
  });
});

const code = (change: Partial<DiscountCode>): DiscountCode => ({
  code: 'SAVE',
  kind: 'percentage',
  value: 10,
  expiresAt: '2026-12-31T00:00:00.000Z',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...change,
});
const attached = (change: Partial<DiscountCode>, uses = 0) => ({
  code: code(change),
  attachedAt: '2026-01-01',
  uses,
});

describe('discount codes (P3)', () => {
  it('take an amount or a percentage off, never more than the session', () => {
    expect(discountAmount(attached({}), 1005, 'individual', now)).toBe(101);
    expect(discountAmount(attached({ kind: 'amount', value: 300 }), 200, 'individual', now)).toBe(200);
  });

  it('honour expiry, suspension, cancellation and conditions', () => {
    expect(discountAmount(attached({ status: 'suspended' }), 1000, 'individual', now)).toBe(0);
    expect(discountAmount(attached({ status: 'cancelled' }), 1000, 'individual', now)).toBe(0);
    expect(discountAmount(attached({ expiresAt: '2026-02-01T00:00:00.000Z' }), 1000, 'individual', now)).toBe(
      0,
    );
    const conditions = {
      minSessionAmount: 500,
      maxDiscountAmount: 80,
      customerTypes: ['company' as const],
      maxUsesPerCustomer: 2,
    };
    expect(discountAmount(attached({ conditions }), 400, 'company', now)).toBe(0);
    expect(discountAmount(attached({ conditions }), 1000, 'company', now)).toBe(80);
    expect(discountAmount(attached({ conditions }), 1000, 'individual', now)).toBe(0);
    expect(discountAmount(attached({ conditions }, 2), 1000, 'company', now)).toBe(0);
  });

  it('pick the attached code worth most for the session', () => {
    const best = bestDiscount(
      [attached({ code: 'PCT' }), attached({ code: 'FLAT', kind: 'amount', value: 150 })],
      1000,
      'individual',
      now,
    );
    expect(best).toEqual({ code: 'FLAT', amount: 150 });
  });
});

describe('complaints (P6)', () => {
  it('are accepted within 3 days of the end and decided within 20 business days', () => {
    expect(() => checkComplaintWindow('2026-02-27T10:00:00.000Z', now)).not.toThrow();
    expect(() => checkComplaintWindow('2026-02-26T09:59:59.000Z', now)).toThrow(/3 days/);
    expect(() => checkComplaintWindow(undefined, now)).toThrow(/still running/);
    // Sunday 1 March 2026 + 20 business days = Friday 27 March.
    expect(addBusinessDays(now, 20).toISOString()).toBe('2026-03-27T10:00:00.000Z');
  });

  it('refund at most what was paid by that means, less earlier refunds', () => {
    const paid = { gross: 1000, card: 600, refunded: 100 };
    expect(() => checkRefund({ status: 'open' }, { amount: 600, to: 'card' }, paid)).not.toThrow();
    expect(() =>
      checkRefund({ status: 'open' }, { amount: 601, to: 'card' }, { ...paid, refunded: 500 }),
    ).toThrow();
    expect(() => checkRefund({ status: 'open' }, { amount: 900, to: 'balance' }, paid)).not.toThrow();
    expect(() => checkRefund({ status: 'open' }, { amount: 901, to: 'balance' }, paid)).toThrow();
    expect(() => checkRefund({ status: 'accepted' }, { amount: 1, to: 'balance' }, paid)).toThrow(/decided/);
  });
});
