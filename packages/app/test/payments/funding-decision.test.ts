import { describe, expect, it } from 'vitest';
import { decideCustomerFunding } from '../../src/payments/funding-decision.ts';
import { fakeDeps } from '../support/fake-deps.ts';
import { activeCard, paymentWorld, TENANT, tenant, voucher } from './payment-fakes.ts';

const NOW = new Date('2026-03-15T12:00:00Z');

function decideFor(
  wallet: Parameters<typeof paymentWorld>[0] & object,
  type: 'individual' | 'company',
  paymentsConfigured = true,
) {
  const world = paymentWorld(wallet);
  const deps = fakeDeps({ repositories: world.repositories, now: NOW, settings: { paymentsConfigured } });
  return decideCustomerFunding(deps, TENANT, { id: 'c1', type }, NOW);
}

describe('decideCustomerFunding (I4)', () => {
  it('backs the session by a working card when card payments are set up, counting unexpired prepaid funds', async () => {
    const { decision, payments } = await decideFor(
      {
        wallets: [
          {
            customerId: 'c1',
            balance: 250,
            card: activeCard(),
            vouchers: [
              { code: 'V1', attachedAt: '2026-02-01T00:00:00Z', expiresAt: '2027-01-31T00:00:00Z' },
              { code: 'V2', attachedAt: '2026-02-02T00:00:00Z', expiresAt: '2026-03-01T00:00:00Z' },
              { code: 'V3', attachedAt: '2026-02-03T00:00:00Z', expiresAt: '2027-01-31T00:00:00Z' },
            ],
          },
        ],
        vouchers: [
          voucher('V1', 'c1', 300, '2026-02-01T00:00:00Z'),
          { ...voucher('V2', 'c1', 900, '2026-02-02T00:00:00Z'), expiresAt: '2026-03-01T00:00:00Z' },
          // Not this customer's: never counted, even if the wallet points to it.
          voucher('V3', 'someone-else', 700, '2026-02-03T00:00:00Z'),
        ],
      },
      'individual',
    );
    expect(decision).toEqual({ usable: true, means: 'card', prepaid: 550 });
    expect(payments.cardPayments).toBe(true);
  });

  it('does not count a card without Stripe, or a failing card: an individual then needs prepaid funds', async () => {
    const noStripe = await decideFor(
      { wallets: [{ customerId: 'c1', balance: 100, card: activeCard() }] },
      'individual',
      false,
    );
    expect(noStripe.decision).toEqual({ usable: true, means: 'prepaid', prepaid: 100 });

    const failing = await decideFor(
      { wallets: [{ customerId: 'c1', card: { ...activeCard(), status: 'failing' } }] },
      'individual',
    );
    expect(failing.decision).toEqual({ usable: false, reason: 'no-payment-means', prepaid: 0 });

    const noAccount = await decideFor(
      { tenants: [tenant({ payoutAccount: false })], wallets: [{ customerId: 'c1', card: activeCard() }] },
      'individual',
    );
    expect(noAccount.decision).toEqual({ usable: false, reason: 'no-payment-means', prepaid: 0 });
  });

  it('lets a company charge on credit without limit, and refuses it once a set limit is used up (P4)', async () => {
    const unlimited = await decideFor({ wallets: [] }, 'company');
    expect(unlimited.decision).toEqual({ usable: true, means: 'credit', prepaid: 0 });

    const room = await decideFor(
      { wallets: [{ customerId: 'c1', creditLimit: 1000, creditUsed: 999 }] },
      'company',
    );
    expect(room.decision).toEqual({ usable: true, means: 'credit', prepaid: 0 });

    const reached = await decideFor(
      { wallets: [{ customerId: 'c1', creditLimit: 1000, creditUsed: 1000 }] },
      'company',
    );
    expect(reached.decision).toEqual({ usable: false, reason: 'credit-limit-reached', prepaid: 0 });
  });
});
