import type { Route } from '../../route.ts';
import { cardRoutes } from './cards.ts';
import { complaintRoutes } from './complaints.ts';
import { discountCodeRoutes } from './discount-codes.ts';
import { stripeWebhookRoutes } from './stripe-webhook.ts';
import { voucherRoutes } from './vouchers.ts';
import { walletRoutes } from './wallet.ts';

/** Payments: wallet, balance, vouchers, discount codes, credit, cards, debt, complaints, webhooks. */
export const paymentRoutes: Route[] = [
  ...walletRoutes,
  ...cardRoutes,
  ...voucherRoutes,
  ...discountCodeRoutes,
  ...complaintRoutes,
  ...stripeWebhookRoutes,
];
