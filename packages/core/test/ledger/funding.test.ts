import { describe, expect, it } from 'vitest';
import { decideFunding, type WalletFunds } from '../../src/ledger/funding.ts';
import { mustStopSession } from '../../src/ledger/session-funding.ts';

const now = new Date('2026-03-01T10:00:00Z');
const empty: WalletFunds = { balance: 0, vouchers: [], creditUsed: 0 };
const cards = { cardPayments: true };
const individual = { type: 'individual' as const };
const company = { type: 'company' as const };
const voucher = (remaining: number, expiresAt = '2027-01-01T00:00:00.000Z') => ({
  code: 'V',
  remaining,
  expiresAt,
  attachedAt: '2026-01-01T00:00:00.000Z',
});

describe('decideFunding (I4): which means funds a session, or none', () => {
  it('refuses an individual without card, balance or voucher (the default without payment setup)', () => {
    expect(decideFunding(empty, individual, cards, now)).toEqual({
      usable: false,
      reason: 'no-payment-means',
      prepaid: 0,
    });
  });

  it('invoices a company without a limit until one is set (N3, P4)', () => {
    expect(decideFunding(empty, company, cards, now)).toMatchObject({ usable: true, means: 'credit' });
  });

  it('prefers a working card, then credit with room, then prepaid funds', () => {
    const all: WalletFunds = {
      balance: 100,
      vouchers: [voucher(50)],
      card: { status: 'active' },
      creditLimit: 1000,
      creditUsed: 0,
    };
    expect(decideFunding(all, individual, cards, now)).toEqual({ usable: true, means: 'card', prepaid: 150 });
    expect(decideFunding({ ...all, card: { status: 'failing' } }, individual, cards, now)).toMatchObject({
      means: 'credit',
    });
    expect(decideFunding(all, individual, { cardPayments: false }, now)).toMatchObject({ means: 'credit' });
    expect(decideFunding({ ...all, creditLimit: 0 }, individual, { cardPayments: false }, now)).toMatchObject(
      {
        means: 'prepaid',
      },
    );
  });

  it('refuses once the credit used reached the limit (P4), unless something else pays', () => {
    const spent: WalletFunds = { ...empty, creditLimit: 5000, creditUsed: 5200 };
    expect(decideFunding(spent, company, cards, now)).toEqual({
      usable: false,
      reason: 'credit-limit-reached',
      prepaid: 0,
    });
    expect(decideFunding({ ...spent, balance: 10 }, company, cards, now)).toMatchObject({ means: 'prepaid' });
  });

  it('does not count expired vouchers', () => {
    const expired = { ...empty, vouchers: [voucher(500, '2026-02-01T00:00:00.000Z')] };
    expect(decideFunding(expired, individual, cards, now)).toMatchObject({ usable: false, prepaid: 0 });
  });
});

describe('mustStopSession (P2)', () => {
  it('stops a prepaid session once its cost reaches what its funds cover, never a card or credit one', () => {
    expect(mustStopSession({ means: 'prepaid', liveGross: 499, coverable: 500 })).toBe(false);
    expect(mustStopSession({ means: 'prepaid', liveGross: 500, coverable: 500 })).toBe(true);
    expect(mustStopSession({ means: 'card', liveGross: 9_999, coverable: 0 })).toBe(false);
    expect(mustStopSession({ means: 'credit', liveGross: 9_999, coverable: 0 })).toBe(false);
  });
});
