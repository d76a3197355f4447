import { NotFoundError } from '@csms/core';
import type { StoredTenant } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { idempotencyKey } from '../../src/payments/idempotency-key.ts';
import { NotConfiguredError, STRIPE_NOT_CONFIGURED } from '../../src/payments/not-configured.ts';
import { getPayoutStatus, startPayoutOnboarding } from '../../src/payments/payouts.ts';
import { fakeDeps } from '../support/fake-deps.ts';
import { ACCOUNT, FakePaymentProvider, TENANT, tenant } from './payment-fakes.ts';

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('should have been refused'),
    (error: unknown) => error,
  );
}

const urls = { returnUrl: 'https://ops.example/done', refreshUrl: 'https://ops.example/again' };

/** The tenant in a Map; `recordPayoutAccount` keeps the first account recorded, as the store does. */
function payoutWorld(stored: StoredTenant | undefined, options: { provider?: boolean } = {}) {
  const tenants = new Map(stored ? [[stored.id, stored]] : []);
  const provider = new FakePaymentProvider();
  const recorded: NonNullable<StoredTenant['payoutAccount']>[] = [];
  const deps = fakeDeps({
    ...(options.provider === false ? {} : { paymentProvider: provider }),
    repositories: {
      tenants: {
        getTenant: async (id) => tenants.get(id),
        recordPayoutAccount: async (id, account) => {
          recorded.push(account);
          const current = tenants.get(id)!;
          if (current.payoutAccount) return current.payoutAccount;
          tenants.set(id, { ...current, payoutAccount: account });
          return account;
        },
      },
    },
  });
  return { deps, provider, recorded, tenants };
}

describe('startPayoutOnboarding', () => {
  it('creates the connected account once, records it as of the clock and answers a link for it', async () => {
    const world = payoutWorld(tenant({ payoutAccount: false }));
    const onboarding = await startPayoutOnboarding(world.deps, TENANT, urls);
    expect(onboarding).toEqual({
      accountId: 'acct_fake_1',
      url: 'https://connect.example/acct_fake_1',
      expiresAt: new Date(0),
    });
    expect(world.provider.callsOf('createConnectedAccount')).toEqual([
      { idempotencyKey: idempotencyKey(TENANT, 'payout-account') },
    ]);
    expect(world.recorded).toEqual([
      { provider: 'stripe', accountId: 'acct_fake_1', createdAt: '2026-03-15T12:00:00.000Z' },
    ]);
    expect(world.provider.callsOf('createAccountOnboardingLink')).toEqual([
      { accountId: 'acct_fake_1', ...urls },
    ]);

    // A second call only mints a fresh link for the recorded account.
    await startPayoutOnboarding(world.deps, TENANT, urls);
    expect(world.provider.callsOf('createConnectedAccount')).toHaveLength(1);
    expect(world.provider.callsOf('createAccountOnboardingLink')).toHaveLength(2);
  });

  it('continues with the tenant’s existing account', async () => {
    const world = payoutWorld(tenant());
    const onboarding = await startPayoutOnboarding(world.deps, TENANT, urls);
    expect(onboarding.accountId).toBe(ACCOUNT);
    expect(world.provider.callsOf('createConnectedAccount')).toEqual([]);
    expect(world.recorded).toEqual([]);
  });

  it('links the account recorded by a concurrent first call, not the one it created itself', async () => {
    const world = payoutWorld(tenant({ payoutAccount: false }));
    const racing = tenant({ accountId: 'acct_winner' });
    // The tenant was read without an account; by the time this call records, another one has.
    const deps = {
      ...world.deps,
      tenants: {
        ...world.deps.tenants,
        recordPayoutAccount: async () => racing.payoutAccount!,
      },
    };
    const onboarding = await startPayoutOnboarding(deps, TENANT, urls);
    expect(onboarding.accountId).toBe('acct_winner');
    expect(world.provider.callsOf('createAccountOnboardingLink')).toEqual([
      { accountId: 'acct_winner', ...urls },
    ]);
  });

  it('says what to configure without a payment provider, before reading the tenant', async () => {
    const world = payoutWorld(undefined);
    const deps = {
      ...world.deps,
      paymentProvider: () => {
        throw new NotConfiguredError(STRIPE_NOT_CONFIGURED);
      },
    };
    expect(await rejection(startPayoutOnboarding(deps, TENANT, urls))).toBeInstanceOf(NotConfiguredError);
  });

  it('is 404 for an unknown tenant', async () => {
    const world = payoutWorld(undefined);
    const error = await rejection(startPayoutOnboarding(world.deps, TENANT, urls));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('Tenant not found');
  });
});

describe('getPayoutStatus', () => {
  it('answers all false before onboarding started, without asking the provider', async () => {
    const world = payoutWorld(tenant({ payoutAccount: false }), { provider: false });
    expect(await getPayoutStatus(world.deps, TENANT)).toEqual({
      accountId: null,
      chargesEnabled: false,
      payoutsEnabled: false,
      detailsSubmitted: false,
    });
  });

  it('answers what the provider says of the tenant’s account', async () => {
    const world = payoutWorld(tenant());
    expect(await getPayoutStatus(world.deps, TENANT)).toEqual({
      accountId: ACCOUNT,
      chargesEnabled: true,
      payoutsEnabled: true,
      detailsSubmitted: true,
    });
    expect(world.provider.callsOf('getConnectedAccount')).toEqual([ACCOUNT]);
  });

  it('is 404 for an unknown tenant', async () => {
    const world = payoutWorld(undefined);
    expect(await rejection(getPayoutStatus(world.deps, TENANT))).toBeInstanceOf(NotFoundError);
  });
});
