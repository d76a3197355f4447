import { ConflictError, type DiscountCode, NotFoundError, ValidationError } from '@csms/core';
import { describe, expect, it } from 'vitest';
import {
  changeDiscountCodeStatus,
  createDiscountCode,
  getDiscountCode,
} from '../../../src/payments/discount-codes.ts';
import { fakeDeps } from '../../support/fake-deps.ts';

const TENANT = 't_1';

/** Discount codes in a Map keyed by the normalized code; creating a taken code fails, as in the table. */
function world(initial: DiscountCode[] = []) {
  const codes = new Map(initial.map((c) => [c.code, c]));
  const deps = fakeDeps({
    now: '2026-03-15T12:00:00.000Z',
    repositories: {
      discountCodes: {
        createDiscountCode: async (_t, code) => {
          if (codes.has(code.code)) return false;
          codes.set(code.code, code);
          return true;
        },
        getDiscountCode: async (_t, code) => codes.get(code),
        setDiscountCodeStatus: async (_t, code, status, at) => {
          const current = codes.get(code);
          if (!current) return undefined;
          if (current.status === 'cancelled') return 'cancelled';
          const updated = { ...current, status, updatedAt: at };
          codes.set(code, updated);
          return updated;
        },
      },
    },
  });
  return { deps, codes };
}

const spring: DiscountCode = {
  code: 'SPRING10',
  kind: 'percentage',
  value: 10,
  expiresAt: '2026-06-01T00:00:00.000Z',
  conditions: { maxUsesPerCustomer: 2, maxDiscountAmount: 500 },
  status: 'active',
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
};

describe('discount codes', () => {
  it('creates an active code, normalized, with its limits, at the clock’s now', async () => {
    const { deps, codes } = world();
    const code = await createDiscountCode(deps, TENANT, {
      code: 'spring10',
      kind: 'percentage',
      value: 10,
      expiresAt: '2026-06-01T00:00:00.000Z',
      conditions: { maxUsesPerCustomer: 2, maxDiscountAmount: 500 },
    });
    expect(code).toEqual({
      ...spring,
      createdAt: '2026-03-15T12:00:00.000Z',
      updatedAt: '2026-03-15T12:00:00.000Z',
    });
    expect(codes.get('SPRING10')).toEqual(code);
  });

  it('refuses a code that expires now or earlier, and a code taken already', async () => {
    const { deps, codes } = world([spring]);
    const expired = await createDiscountCode(deps, TENANT, {
      code: 'LATE',
      kind: 'amount',
      value: 100,
      expiresAt: '2026-03-15T12:00:00.000Z',
    }).catch((e) => e);
    expect(expired).toBeInstanceOf(ValidationError);
    expect(expired.issues).toEqual([{ field: 'expiresAt', message: 'Must be in the future' }]);
    expect(codes.has('LATE')).toBe(false);
    const taken = await createDiscountCode(deps, TENANT, {
      code: 'Spring10',
      kind: 'amount',
      value: 100,
      expiresAt: '2026-07-01T00:00:00.000Z',
    }).catch((e) => e);
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken.message).toBe('Discount code SPRING10 exists already');
    expect(codes.get('SPRING10')).toEqual(spring);
  });

  it('reads a code in any case; one that could never be a code is unknown', async () => {
    const { deps } = world([spring]);
    expect(await getDiscountCode(deps, TENANT, 'spring10')).toEqual(spring);
    const error = await getDiscountCode(deps, TENANT, 'no such code!').catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('Discount code no such code!');
  });

  it('suspends and resumes a code; cancelled is final', async () => {
    const { deps, codes } = world([spring]);
    deps.setNow('2026-03-16T08:00:00.000Z');
    expect(await changeDiscountCodeStatus(deps, TENANT, 'SPRING10', 'suspended')).toMatchObject({
      status: 'suspended',
      updatedAt: '2026-03-16T08:00:00.000Z',
    });
    await changeDiscountCodeStatus(deps, TENANT, 'SPRING10', 'cancelled');
    const error = await changeDiscountCodeStatus(deps, TENANT, 'SPRING10', 'active').catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Discount code SPRING10 is cancelled; that is final');
    expect(codes.get('SPRING10')?.status).toBe('cancelled');
  });
});
