import {
  ConflictError,
  type DiscountCode,
  type LedgerTransaction,
  NotFoundError,
  type Voucher,
} from '@csms/core';
import type { StoredCustomer } from '@csms/db';
import { describe, expect, it } from 'vitest';
import {
  attachDiscountCodeToCustomer,
  attachVoucherToCustomer,
  creditCustomerBalance,
  setCustomerCreditLimit,
} from '../../../src/payments/customer-wallet.ts';
import { fakeDeps } from '../../support/fake-deps.ts';

const TENANT = 't_1';
const customer = { tenantId: TENANT, id: 'c_1', type: 'individual', name: 'Ann' } as StoredCustomer;

const discount = (overrides: Partial<DiscountCode> = {}): DiscountCode => ({
  code: 'SPRING10',
  kind: 'percentage',
  value: 10,
  expiresAt: '2026-06-01T00:00:00.000Z',
  status: 'active',
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...overrides,
});

const voucher = (overrides: Partial<Voucher> = {}): Voucher => ({
  code: 'GIFT50',
  amount: 5000,
  remaining: 5000,
  activateBy: '2026-04-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

/** A wallet per customer in Maps: attached codes and vouchers, the credit limit, the ledger. */
function world(state: { discounts?: DiscountCode[]; vouchers?: Voucher[] } = {}) {
  const discounts = new Map((state.discounts ?? []).map((d) => [d.code, d]));
  const vouchers = new Map((state.vouchers ?? []).map((v) => [v.code, v]));
  const attachedCodes = new Map<string, { code: string; attachedAt: string }>();
  const attachedVouchers = new Map<string, { code: string; attachedAt: string; expiresAt: string }>();
  const creditLimits = new Map<string, number | null>();
  const ledger: LedgerTransaction[] = [];
  const deps = fakeDeps({
    now: '2026-03-15T12:00:00.000Z',
    repositories: {
      customers: { getCustomer: async (_t, id) => (id === customer.id ? customer : undefined) },
      tenants: { getTenant: async (id) => ({ id, currency: 'EUR', settings: {} }) as never },
      ledger: { postLedgerTransaction: async (_t, tx) => void ledger.push(tx) as never },
      discountCodes: { getDiscountCode: async (_t, code) => discounts.get(code) },
      vouchers: { getVoucher: async (_t, code) => vouchers.get(code) },
      wallets: {
        setCreditLimit: async (_t, id, limit) => void creditLimits.set(id, limit),
        attachDiscountCode: async (_t, _id, pointer) => {
          if (attachedCodes.has(pointer.code)) return false;
          attachedCodes.set(pointer.code, pointer);
          return true;
        },
        attachVoucher: async (_t, _id, pointer) => {
          if (attachedVouchers.has(pointer.code)) return false;
          attachedVouchers.set(pointer.code, pointer);
          return true;
        },
      },
    },
  });
  return { deps, attachedCodes, attachedVouchers, creditLimits, ledger };
}

describe('customer wallet', () => {
  it('credits the balance as goodwill in the tenant currency, booked at the clock’s now', async () => {
    const w = world();
    const change = await creditCustomerBalance(w.deps, TENANT, 'c_1', {
      amount: 1500,
      reason: 'Broken cable',
    });
    expect(change).toEqual({ customer, at: new Date('2026-03-15T12:00:00.000Z') });
    expect(w.ledger).toHaveLength(1);
    expect(w.ledger[0]).toMatchObject({
      kind: 'operator-credit',
      at: '2026-03-15T12:00:00.000Z',
      currency: 'EUR',
      customerId: 'c_1',
      memo: 'Broken cable',
    });
  });

  it('credits no unknown customer and sets no limit on one', async () => {
    const w = world();
    await expect(
      creditCustomerBalance(w.deps, TENANT, 'c_x', { amount: 1, reason: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(setCustomerCreditLimit(w.deps, TENANT, 'c_x', 100)).rejects.toBeInstanceOf(NotFoundError);
    expect(w.ledger).toEqual([]);
    expect(w.creditLimits.size).toBe(0);
  });

  it('sets the credit limit, null meaning unlimited', async () => {
    const w = world();
    await setCustomerCreditLimit(w.deps, TENANT, 'c_1', null);
    expect(w.creditLimits.get('c_1')).toBeNull();
  });

  it('attaches an active discount code once, normalized', async () => {
    const w = world({ discounts: [discount()] });
    await attachDiscountCodeToCustomer(w.deps, TENANT, 'c_1', 'spring10');
    expect(w.attachedCodes.get('SPRING10')).toEqual({
      code: 'SPRING10',
      attachedAt: '2026-03-15T12:00:00.000Z',
    });
    const again = await attachDiscountCodeToCustomer(w.deps, TENANT, 'c_1', 'SPRING10').catch((e) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.message).toBe('Discount code SPRING10 is already attached to this customer');
  });

  it('refuses a cancelled or expired discount code, and an unknown one is 404', async () => {
    const w = world({
      discounts: [
        discount({ code: 'GONE', status: 'cancelled' }),
        discount({ code: 'OLD', expiresAt: '2026-03-15T12:00:00.000Z' }),
      ],
    });
    await expect(attachDiscountCodeToCustomer(w.deps, TENANT, 'c_1', 'gone')).rejects.toThrow(
      'Discount code GONE is cancelled',
    );
    await expect(attachDiscountCodeToCustomer(w.deps, TENANT, 'c_1', 'old')).rejects.toThrow(
      'Discount code OLD has expired',
    );
    await expect(attachDiscountCodeToCustomer(w.deps, TENANT, 'c_1', 'NONE')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(w.attachedCodes.size).toBe(0);
  });

  it('attaches a voucher before its activation deadline, never one past it or used by another customer', async () => {
    const w = world({
      vouchers: [
        voucher(),
        voucher({ code: 'LATE', activateBy: '2026-03-01T00:00:00.000Z' }),
        voucher({ code: 'TAKEN', customerId: 'c_2' }),
      ],
    });
    await attachVoucherToCustomer(w.deps, TENANT, 'c_1', 'gift50');
    expect(w.attachedVouchers.get('GIFT50')).toEqual({
      code: 'GIFT50',
      attachedAt: '2026-03-15T12:00:00.000Z',
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    await expect(attachVoucherToCustomer(w.deps, TENANT, 'c_1', 'LATE')).rejects.toThrow(
      'Voucher LATE had to be activated by 2026-03-01T00:00:00.000Z',
    );
    await expect(attachVoucherToCustomer(w.deps, TENANT, 'c_1', 'TAKEN')).rejects.toThrow(
      'vouchers are not transferable',
    );
    expect([...w.attachedVouchers.keys()]).toEqual(['GIFT50']);
  });
});
