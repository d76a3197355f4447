import type { Deps } from '@csms/app/deps';
import { platformFeeOf } from '@csms/core';
import type Stripe from 'stripe';
import { confirmCard } from './cards.ts';
import { bookTopUp } from './top-up.ts';

/**
 * `POST /v1/webhooks/stripe`: the signature is verified on the raw body, the event is attributed to a tenant
 * by the metadata we put on every object we create (and checked against the tenant's connected account), and
 * handled once per event id. What it handles:
 * - `setup_intent.succeeded`: the card is saved (as by the confirm route) and open debt collected (P5);
 * - `payment_intent.succeeded` of a top-up: the top-up is booked if the API call did not book it already.
 * Anything else is acknowledged and ignored. A failure releases the event id, so Stripe's retry runs again.
 */
export type WebhookOutcome = 'handled' | 'duplicate' | 'ignored';

type Metadata = Record<string, string> | undefined;

export async function handleStripeWebhook(
  deps: Deps,
  rawBody: string,
  signature: string | undefined,
): Promise<WebhookOutcome> {
  const event = await deps.paymentEvents.verify(rawBody, signature);
  const object = event.data.object as { id?: string; metadata?: Metadata };
  const tenantId = object.metadata?.tenantId;
  const customerId = object.metadata?.customerId;
  if (!tenantId || !customerId || !object.id) return 'ignored';
  const tenant = await deps.tenants.getTenant(tenantId);
  // Only events from the tenant's own connected account may act on its customers.
  if (!tenant?.payoutAccount || event.account !== tenant.payoutAccount.accountId) {
    deps.log.warn('Stripe event for an unknown tenant or account ignored', {
      eventId: event.id,
      type: event.type,
    });
    return 'ignored';
  }
  if (!(await deps.stripeEvents.claimStripeEvent(tenantId, event.id, event.type))) return 'duplicate';
  try {
    return await dispatch(
      deps,
      event,
      tenantId,
      customerId,
      tenant.currency,
      tenant.settings.payments.platformFeeBasisPoints,
    );
  } catch (error) {
    await deps.stripeEvents.releaseStripeEvent(tenantId, event.id);
    throw error;
  }
}

async function dispatch(
  deps: Deps,
  event: Stripe.Event,
  tenantId: string,
  customerId: string,
  currency: string,
  basisPoints: number,
): Promise<WebhookOutcome> {
  const now = new Date(event.created * 1000);
  switch (event.type) {
    case 'setup_intent.succeeded':
      await confirmCard(deps, tenantId, customerId, event.data.object.id, deps.clock.now());
      return 'handled';
    case 'payment_intent.succeeded': {
      const paymentIntent = event.data.object;
      if (paymentIntent.metadata?.purpose !== 'top-up') return 'ignored';
      const amount = paymentIntent.amount_received;
      await bookTopUp(
        deps,
        tenantId,
        customerId,
        paymentIntent.id,
        amount,
        platformFeeOf(amount, basisPoints),
        currency,
        now,
      );
      return 'handled';
    }
    default:
      return 'ignored';
  }
}
