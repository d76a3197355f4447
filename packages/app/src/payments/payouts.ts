import type { Deps } from '../deps.ts';
import { getTenant } from '../tenancy/get-tenant.ts';
import { idempotencyKey } from './idempotency-key.ts';
import type { ConnectedAccountStatus } from './payment-provider.ts';

/**
 * Payout onboarding: the tenant gets paid through its own connected account (charges are direct charges on
 * it, with the platform's fee). The account is created once per tenant; each onboarding call mints a fresh,
 * single-use link. Without a payment provider configured both answer `NotConfiguredError` (501).
 */
export interface OnboardingLinkRequest {
  /** Where the provider sends the tenant when onboarding is done. */
  readonly returnUrl: string;
  /** Where the provider sends the tenant when the link expired. */
  readonly refreshUrl: string;
}

export interface PayoutOnboarding {
  readonly accountId: string;
  readonly url: string;
  readonly expiresAt: Date;
}

export async function startPayoutOnboarding(
  deps: Pick<Deps, 'paymentProvider' | 'tenants' | 'clock'>,
  tenantId: string,
  request: OnboardingLinkRequest,
): Promise<PayoutOnboarding> {
  // First, so a deployment without a provider says what to configure before anything is read.
  const provider = deps.paymentProvider();
  const tenant = await getTenant(deps, tenantId);
  let account = tenant.payoutAccount;
  if (!account) {
    // The idempotency key makes a retried or concurrent first call create one account, not two.
    const { accountId } = await provider.createConnectedAccount(
      { tenantId: tenant.id, email: tenant.email, country: tenant.country, businessName: tenant.name },
      idempotencyKey(tenant.id, 'payout-account'),
    );
    // Whichever concurrent call records first wins; every caller continues with the recorded account.
    account = await deps.tenants.recordPayoutAccount(tenant.id, {
      provider: 'stripe',
      accountId,
      createdAt: deps.clock.now().toISOString(),
    });
  }
  const link = await provider.createAccountOnboardingLink({
    accountId: account.accountId,
    returnUrl: request.returnUrl,
    refreshUrl: request.refreshUrl,
  });
  return { accountId: account.accountId, url: link.url, expiresAt: link.expiresAt };
}

/** The provider's account status; `accountId` null (and all false) before onboarding started. */
export type PayoutStatus = Omit<ConnectedAccountStatus, 'accountId'> & { accountId: string | null };

/** Whether the tenant can take payments and receive payouts. */
export async function getPayoutStatus(
  deps: Pick<Deps, 'paymentProvider' | 'tenants'>,
  tenantId: string,
): Promise<PayoutStatus> {
  const tenant = await getTenant(deps, tenantId);
  if (!tenant.payoutAccount) {
    return { accountId: null, chargesEnabled: false, payoutsEnabled: false, detailsSubmitted: false };
  }
  return deps.paymentProvider().getConnectedAccount(tenant.payoutAccount.accountId);
}
