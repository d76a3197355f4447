import { resourceMissing } from '../errors.ts';
import { stripeId } from '../ids.ts';
import type { FakePaymentMethod } from '../objects.ts';
import { type Handler, pathParam } from '../request-context.ts';
import type { Ledger } from '../state.ts';
import { type TestCard, testCards } from '../test-cards.ts';

/**
 * A `payment_method` parameter: a test token such as `pm_card_visa` mints a new PaymentMethod on the account
 * the call acts on (as Stripe does in test mode); any other id must already exist on that account.
 */
export function resolvePaymentMethod(ledger: Ledger, id: string, now: number, param = 'payment_method') {
  const card = testCards[id];
  if (card) {
    const paymentMethod: FakePaymentMethod = {
      id: stripeId('pm'),
      object: 'payment_method',
      billing_details: { email: null, name: null },
      card: {
        brand: card.brand,
        country: card.country,
        exp_month: 12,
        exp_year: new Date(now * 1000).getUTCFullYear() + 3,
        funding: card.funding,
        last4: card.last4,
      },
      created: now,
      customer: null,
      livemode: false,
      metadata: {},
      type: 'card',
    };
    ledger.paymentMethods.set(paymentMethod.id, paymentMethod);
    return paymentMethod;
  }
  const existing = ledger.paymentMethods.get(id);
  if (!existing) throw resourceMissing('PaymentMethod', id, param);
  return existing;
}

/** How the card behind a PaymentMethod answers authorisations; the test card is known by its last 4. */
export function cardBehaviour(paymentMethod: FakePaymentMethod): TestCard | undefined {
  return Object.values(testCards).find((card) => card.last4 === paymentMethod.card.last4);
}

export const retrievePaymentMethod: Handler = (req) => {
  const id = pathParam(req);
  const paymentMethod = req.ledger.paymentMethods.get(id);
  if (!paymentMethod) throw resourceMissing('PaymentMethod', id, 'id');
  return paymentMethod;
};
