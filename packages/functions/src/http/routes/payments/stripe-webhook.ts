import { handleStripeWebhook } from '@csms/app/payments/stripe-events';
import * as z from 'zod';
import { ok, publicRoute, type Route } from '../../route.ts';

/**
 * Stripe's webhook endpoint (Connect events of the tenants' accounts). Public, authenticated by the
 * `Stripe-Signature` HMAC over the raw body (401 when it does not verify); each event is handled once.
 */
export const stripeWebhookRoutes: Route[] = [
  publicRoute({
    method: 'POST',
    path: '/v1/webhooks/stripe',
    operationId: 'receiveStripeWebhook',
    summary: 'Receive a Stripe event',
    description:
      'Configure in Stripe as a Connect webhook endpoint with `setup_intent.succeeded` and ' +
      '`payment_intent.succeeded`; set its signing secret as STRIPE_WEBHOOK_SECRET (501 until set).',
    tag: 'Payments',
    roles: 'public',
    responses: {
      200: {
        description: 'Received (handled, a duplicate, or not for us)',
        schema: z.object({ received: z.literal(true), outcome: z.enum(['handled', 'duplicate', 'ignored']) }),
      },
    },
    handle: async ({ event, deps }) => {
      // The signature covers the exact bytes Stripe sent: never re-serialise a parsed body.
      const raw = event.body
        ? event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString('utf8')
          : event.body
        : '';
      const outcome = await handleStripeWebhook(deps, raw, event.headers['stripe-signature']);
      return ok({ received: true, outcome });
    },
  }),
];
