/** What a deployment without Stripe must configure; thrown as the core `NotConfiguredError` (answered 501). */
export { NotConfiguredError } from '@csms/core';

export const STRIPE_NOT_CONFIGURED =
  'Set STRIPE_SECRET_KEY (and for Connect onboarding, a Stripe platform account with Connect enabled) to use card payments and payouts';
