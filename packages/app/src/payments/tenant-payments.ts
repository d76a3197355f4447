import { ConflictError, NotFoundError, type TenantSettings } from '@csms/core';
import { getTenant, type StoredTenant } from '@csms/db';
import { paymentProvider } from '@csms/functions/adapters/stripe/stripe-provider';
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

const stripeConfigured = (env: Readonly<Record<string, string | undefined>> = process.env) =>
  Boolean(env.STRIPE_SECRET_KEY);

export function tenantPaymentsOf(tenant: StoredTenant): TenantPayments {
  const connectedAccountId = tenant.payoutAccount?.accountId;
  return {
    tenantId: tenant.id,
    currency: tenant.currency,
    settings: tenant.settings,
    ...(connectedAccountId ? { connectedAccountId } : {}),
    cardPayments: stripeConfigured() && connectedAccountId !== undefined,
  };
}

export async function loadTenantPayments(tenantId: string): Promise<TenantPayments> {
  const tenant = await getTenant(tenantId);
  if (!tenant) throw new NotFoundError(`Tenant ${tenantId}`);
  return tenantPaymentsOf(tenant);
}

export interface CardAccess {
  readonly provider: PaymentProvider;
  readonly connectedAccountId: string;
}

/**
 * For card routes: 501 when the deployment has no Stripe key (what to configure), 409 when this tenant has
 * not created its payout account yet (cards are charged on it).
 */
export function requireCardPayments(payments: TenantPayments): CardAccess {
  if (!stripeConfigured()) throw new NotConfiguredError(STRIPE_NOT_CONFIGURED);
  if (!payments.connectedAccountId) {
    throw new ConflictError(
      'Card payments are charged on the tenant’s payout account: start payout onboarding first (POST /v1/payouts/onboarding-link)',
    );
  }
  return { provider: paymentProvider(), connectedAccountId: payments.connectedAccountId };
}
