import { requireCustomer } from '@csms/app/customers/customer-lookup';
import { confirmCard, startCardSetup } from '@csms/app/payments/cards';
import * as z from 'zod';
import { ACCESS } from '../../roles.ts';
import { created, ok, type Route, route } from '../../route.ts';
import { isoTimestamp } from '../../schemas.ts';

const TAG = 'Payments';

/**
 * Saving a card (P1, P7): the app asks for a SetupIntent, confirms it with Stripe.js / the mobile SDK using
 * the client secret, then reports it here (or Stripe's `setup_intent.succeeded` webhook does). Only provider
 * ids, brand and last 4 digits are stored. 501 without Stripe configured; 409 before payout onboarding.
 */
export const cardRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/customers/{id}/cards/setup',
    operationId: 'startCardSetup',
    summary: 'Start saving a card',
    tag: TAG,
    roles: ACCESS.operate,
    responses: {
      201: {
        description: 'Hand `clientSecret` to the driver’s app only; do not store it',
        schema: z.object({ setupIntentId: z.string(), clientSecret: z.string() }),
      },
    },
    handle: async ({ principal, params, deps }) => {
      const customer = await requireCustomer(deps, principal.tenantId, params.id);
      return created(await startCardSetup(deps, principal.tenantId, customer));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/customers/{id}/cards/confirm',
    operationId: 'confirmCard',
    summary: 'Save the card of a confirmed SetupIntent',
    description: 'Replaces any previous card, and collects open debt from the new one at once (P5).',
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({
      setupIntentId: z.string().regex(/^seti_[A-Za-z0-9]+$/, 'A SetupIntent id, seti_…'),
    }),
    responses: {
      200: {
        description: 'The card on file and what happened to the debt',
        schema: z.object({
          card: z.object({
            brand: z.string(),
            last4: z.string(),
            status: z.enum(['active', 'failing']),
            addedAt: isoTimestamp,
          }),
          debtCollection: z.object({
            status: z.enum(['nothing-to-collect', 'collected', 'declined']),
            amount: z.number().int(),
            debt: z.number().int().describe('Left after the collection'),
          }),
        }),
      },
    },
    handle: async ({ principal, params, body, deps }) => {
      const customer = await requireCustomer(deps, principal.tenantId, params.id);
      const result = await confirmCard(deps, principal.tenantId, customer.id, body.setupIntentId, new Date());
      const { card, debtCollection } = result;
      return ok({
        card: { brand: card.brand, last4: card.last4, status: card.status, addedAt: card.addedAt },
        debtCollection: {
          status: debtCollection.status,
          amount: debtCollection.status === 'nothing-to-collect' ? 0 : debtCollection.amount,
          debt: debtCollection.debt,
        },
      });
    },
  }),
];
