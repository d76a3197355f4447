import type { Deps } from '@csms/app/deps';
import { ConflictError, NotFoundError, type TenantSettings } from '@csms/core';
import type { StoredTenant } from '@csms/db';
import { NotConfiguredError, STRIPE_NOT_CONFIGURED } from './not-configured.ts';
import type { PaymentProvider } from './payment-provider.ts';

/**
 * What the payment functions need to know about the tenant: its currency (every amount is in its minor
 * units), its payment settings, and whether cards can be charged here at all — Stripe configured for the
 * deployment and the tenant's connected account created (charges are direct charges on it).
 */
export interface TenantPayments {
  readonly tenantId: string;
  readonly currency: string;
  readonly settings: TenantSettings;
  readonly connectedAccountId?: string;
  readonly cardPayments: boolean;
}

/** `paymentsConfigured`: whether the deployment has a payment provider at all (`deps.settings`). */
export function tenantPaymentsOf(tenant: StoredTenant, paymentsConfigured: boolean): TenantPayments {
  const connectedAccountId = tenant.payoutAccount?.accountId;
  return {
    tenantId: tenant.id,
    currency: tenant.currency,
    settings: tenant.settings,
    ...(connectedAccountId ? { connectedAccountId } : {}),
    cardPayments: paymentsConfigured && connectedAccountId !== undefined,
  };
}

export async function loadTenantPayments(deps: Deps, tenantId: string): Promise<TenantPayments> {
  const tenant = await deps.tenants.getTenant(tenantId);
  if (!tenant) throw new NotFoundError(`Tenant ${tenantId}`);
  return tenantPaymentsOf(tenant, deps.settings.paymentsConfigured);
}

export interface CardAccess {
  readonly provider: PaymentProvider;
  readonly connectedAccountId: string;
}

/**
 * For card routes: 501 when the deployment has no Stripe key (what to configure), 409 when this tenant has
 * not created its payout account yet (cards are charged on it).
 */
export function requireCardPayments(deps: Deps, payments: TenantPayments): CardAccess {
  if (!deps.settings.paymentsConfigured) throw new NotConfiguredError(STRIPE_NOT_CONFIGURED);
  if (!payments.connectedAccountId) {
    throw new ConflictError(
      'Card payments are charged on the tenant’s payout account: start payout onboarding first (POST /v1/payouts/onboarding-link)',
    );
  }
  return { provider: deps.paymentProvider(), connectedAccountId: payments.connectedAccountId };
}
