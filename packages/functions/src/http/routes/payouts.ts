import { idempotencyKey } from '@csms/app/payments/idempotency-key';
import { NotFoundError } from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { isoTimestamp } from '../schemas.ts';

/**
 * Payout onboarding: the tenant gets paid through its own Stripe Connect account (charges are direct charges
 * on it, with the platform's fee). The account is created once per tenant; each call returns a fresh,
 * single-use onboarding link. Without Stripe configured the answer is a 501 problem saying what to set.
 */
const onboardingLinkView = z.object({
  accountId: z.string(),
  url: z.string().describe('Stripe-hosted onboarding page; single use'),
  expiresAt: isoTimestamp,
});

const payoutStatusView = z.object({
  accountId: z.string().nullable(),
  chargesEnabled: z.boolean(),
  payoutsEnabled: z.boolean(),
  detailsSubmitted: z.boolean(),
});

export const payoutRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/payouts/onboarding-link',
    operationId: 'createPayoutOnboardingLink',
    summary: 'Start or continue payout onboarding',
    tag: 'Payouts',
    roles: ACCESS.admin,
    body: z.strictObject({
      returnUrl: z.url().describe('Where Stripe sends the tenant when onboarding is done'),
      refreshUrl: z.url().describe('Where Stripe sends the tenant when the link expired'),
    }),
    responses: { 201: { description: 'A fresh onboarding link', schema: onboardingLinkView } },
    handle: async ({ principal, body, deps }) => {
      const provider = deps.paymentProvider();
      const tenant = await deps.tenants.getTenant(principal.tenantId);
      if (!tenant) throw new NotFoundError('Tenant');
      let account = tenant.payoutAccount;
      if (!account) {
        // The idempotency key makes a retried or concurrent first call create one Stripe account, not two.
        const { accountId } = await provider.createConnectedAccount(
          { tenantId: tenant.id, email: tenant.email, country: tenant.country, businessName: tenant.name },
          idempotencyKey(tenant.id, 'payout-account'),
        );
        account = await deps.tenants.recordPayoutAccount(tenant.id, {
          provider: 'stripe',
          accountId,
          createdAt: new Date().toISOString(),
        });
      }
      const link = await provider.createAccountOnboardingLink({
        accountId: account.accountId,
        returnUrl: body.returnUrl,
        refreshUrl: body.refreshUrl,
      });
      return created({
        accountId: account.accountId,
        url: link.url,
        expiresAt: link.expiresAt.toISOString(),
      });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/payouts/status',
    operationId: 'getPayoutStatus',
    summary: 'Read the payout account status',
    tag: 'Payouts',
    roles: ACCESS.finance,
    responses: {
      200: {
        description: 'Whether the tenant can take payments and receive payouts',
        schema: payoutStatusView,
      },
    },
    handle: async ({ principal, deps }) => {
      const tenant = await deps.tenants.getTenant(principal.tenantId);
      if (!tenant) throw new NotFoundError('Tenant');
      if (!tenant.payoutAccount) {
        return ok({ accountId: null, chargesEnabled: false, payoutsEnabled: false, detailsSubmitted: false });
      }
      const account = await deps.paymentProvider().getConnectedAccount(tenant.payoutAccount.accountId);
      return ok(account);
    },
  }),
];
