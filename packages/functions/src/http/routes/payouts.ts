import { getPayoutStatus, startPayoutOnboarding } from '@csms/app/payments/payouts';
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
      const onboarding = await startPayoutOnboarding(deps, principal.tenantId, body);
      return created({ ...onboarding, expiresAt: onboarding.expiresAt.toISOString() });
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
    handle: async ({ principal, deps }) => ok(await getPayoutStatus(deps, principal.tenantId)),
  }),
];
