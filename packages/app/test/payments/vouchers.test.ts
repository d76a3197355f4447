import { NotFoundError, ValidationError, type Voucher } from '@csms/core';
import type { StoredTenant } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { getVoucher, issueVoucher } from '../../src/payments/vouchers.ts';
import { fakeDeps } from '../support/fake-deps.ts';

const TENANT = 't_1';

/** Vouchers in a Map by normalized code, with the currency each was booked in; one tenant, in EUR. */
function world(options: { tenant?: boolean; vouchers?: Voucher[] } = {}) {
  const vouchers = new Map((options.vouchers ?? []).map((v) => [v.code, v]));
  const booked: { code: string; currency: string }[] = [];
  const reads: string[] = [];
  const deps = fakeDeps({
    now: '2026-03-15T12:00:00.000Z',
    repositories: {
      tenants: {
        getTenant: async (id) =>
          options.tenant === false ? undefined : ({ id, currency: 'EUR' } as StoredTenant),
      },
      vouchers: {
        issueVoucher: async (_t, voucher, currency) => {
          vouchers.set(voucher.code, voucher);
          booked.push({ code: voucher.code, currency });
        },
        getVoucher: async (_t, code) => {
          reads.push(code);
          return vouchers.get(code);
        },
      },
    },
  });
  return { deps, vouchers, booked, reads };
}

const command = {
  code: 'gift-2026',
  amount: 2500,
  activateBy: '2026-06-01T00:00:00.000Z',
  expiresAt: '2027-03-15T00:00:00.000Z',
};

describe('issueVoucher', () => {
  it('issues the whole amount under the normalized code, at the clock’s now, in the tenant currency', async () => {
    const { deps, vouchers, booked } = world();
    const voucher = await issueVoucher(deps, TENANT, command);
    expect(voucher).toEqual({
      code: 'GIFT-2026',
      amount: 2500,
      remaining: 2500,
      activateBy: '2026-06-01T00:00:00.000Z',
      expiresAt: '2027-03-15T00:00:00.000Z',
      createdAt: '2026-03-15T12:00:00.000Z',
    });
    expect(vouchers.get('GIFT-2026')).toEqual(voucher);
    expect(booked).toEqual([{ code: 'GIFT-2026', currency: 'EUR' }]);
  });

  it('refuses an expiry that is not in the future, before reading anything', async () => {
    const { deps, booked } = world({ tenant: false });
    const error = await issueVoucher(deps, TENANT, {
      ...command,
      expiresAt: '2026-03-15T12:00:00.000Z',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'expiresAt', message: 'Must be in the future' },
    ]);
    expect(booked).toEqual([]);
  });

  it('answers 404 for a tenant that is gone', async () => {
    const { deps, booked } = world({ tenant: false });
    await expect(issueVoucher(deps, TENANT, command)).rejects.toThrow(new NotFoundError('Tenant'));
    expect(booked).toEqual([]);
  });
});

describe('getVoucher', () => {
  const stored: Voucher = {
    code: 'GIFT-2026',
    amount: 2500,
    remaining: 1000,
    activateBy: '2026-06-01T00:00:00.000Z',
    expiresAt: '2027-03-15T00:00:00.000Z',
    customerId: 'cus_1',
    attachedAt: '2026-03-16T00:00:00.000Z',
    createdAt: '2026-03-15T12:00:00.000Z',
  };

  it('finds a voucher written in any letter case', async () => {
    const { deps } = world({ vouchers: [stored] });
    await expect(getVoucher(deps, TENANT, 'gift-2026')).resolves.toEqual(stored);
  });

  it('is 404 for an unknown code, and for one that could never be a code without a read', async () => {
    const { deps, reads } = world({ vouchers: [stored] });
    await expect(getVoucher(deps, TENANT, 'NOPE-1')).rejects.toThrow('Voucher NOPE-1');
    const implausible = `${'x'.repeat(300)}/..`;
    await expect(getVoucher(deps, TENANT, implausible)).rejects.toBeInstanceOf(NotFoundError);
    expect(reads).toEqual(['NOPE-1']);
  });
});
