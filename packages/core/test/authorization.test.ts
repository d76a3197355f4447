import { describe, expect, it } from 'vitest';
import { type AuthorizationInput, decideAuthorization } from '../src/authorization.ts';

const now = new Date('2025-06-01T12:00:00Z');
const allowed: AuthorizationInput = {
  token: { status: 'Accepted', expiresAt: '2026-01-01T00:00:00.000Z', groupIdTag: 'ACME' },
  customer: { status: 'active', outstandingDebt: 0 },
  termsStatus: { upToDate: true },
  now,
};
const decide = (change: Partial<AuthorizationInput>) => decideAuthorization({ ...allowed, ...change });

describe('decideAuthorization (I4): charging only for an active, unblocked, paid-up account with current Terms', () => {
  it('accepts a valid token of an active customer, passing expiry and group on for IdTagInfo', () => {
    expect(decide({})).toEqual({
      status: 'Accepted',
      reason: 'accepted',
      expiresAt: '2026-01-01T00:00:00.000Z',
      groupIdTag: 'ACME',
    });
  });

  it('answers Invalid for an unknown token, and for a token whose customer is gone', () => {
    expect(decide({ token: undefined })).toEqual({ status: 'Invalid', reason: 'unknown-token' });
    expect(decide({ customer: undefined })).toMatchObject({ status: 'Invalid', reason: 'unknown-customer' });
  });

  it('answers Blocked for a blocked token (I1: a lost card stops at once)', () => {
    expect(decide({ token: { status: 'Blocked' } })).toMatchObject({
      status: 'Blocked',
      reason: 'token-blocked',
    });
  });

  it.each([
    ['suspended', 'customer-suspended'],
    ['blocked', 'customer-blocked'],
    ['closed', 'customer-closed'],
  ] as const)('answers Blocked for a %s customer (A3, A4)', (status, reason) => {
    expect(decide({ customer: { status, outstandingDebt: 0 } })).toMatchObject({ status: 'Blocked', reason });
  });

  it('answers Expired once the expiry has passed, exactly at the instant', () => {
    expect(decide({ token: { status: 'Accepted', expiresAt: now.toISOString() } })).toMatchObject({
      status: 'Expired',
      reason: 'token-expired',
    });
    expect(decide({ token: { status: 'Accepted' } })).toMatchObject({ status: 'Accepted' });
  });

  it('answers Blocked while the current material Terms are not accepted (A2)', () => {
    expect(decide({ termsStatus: { upToDate: false } })).toMatchObject({
      status: 'Blocked',
      reason: 'terms-not-accepted',
    });
  });

  it('answers Blocked while debt is outstanding (P5)', () => {
    expect(decide({ customer: { status: 'active', outstandingDebt: 1 } })).toMatchObject({
      status: 'Blocked',
      reason: 'outstanding-debt',
    });
  });

  it('answers Blocked without a usable payment means, once the payments feature says so', () => {
    expect(decide({ paymentMeans: { usable: false } })).toMatchObject({
      status: 'Blocked',
      reason: 'no-payment-means',
    });
    expect(decide({ paymentMeans: { usable: true } })).toMatchObject({ status: 'Accepted' });
  });

  it('applies the rules in order: a blocked token beats everything else that is wrong', () => {
    const everythingWrong = decide({
      token: { status: 'Blocked', expiresAt: '2000-01-01T00:00:00.000Z' },
      customer: { status: 'suspended', outstandingDebt: 100 },
      termsStatus: { upToDate: false },
    });
    expect(everythingWrong.reason).toBe('token-blocked');
    const expiredAndDebt = decide({
      token: { status: 'Accepted', expiresAt: '2000-01-01T00:00:00.000Z' },
      customer: { status: 'active', outstandingDebt: 100 },
    });
    expect(expiredAndDebt.status).toBe('Expired');
  });
});
