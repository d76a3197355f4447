import { cardError, invalidRequest, resourceMissing, StripeApiError, stateError } from '../errors.ts';
import { expandFields } from '../expand.ts';
import { clientSecret, stripeId } from '../ids.ts';
import type { FakeEvent, FakeSetupIntent } from '../objects.ts';
import { Params } from '../params.ts';
import { type Handler, pathParam, type StripeRequest } from '../request-context.ts';
import type { FakeState, Ledger } from '../state.ts';
import { declineMessage } from '../test-cards.ts';
import { findCustomer } from './customers.ts';
import { cardBehaviour, resolvePaymentMethod } from './payment-methods.ts';

export const createSetupIntent: Handler = (req) => {
  const params = new Params(req.form, [
    'allowed_payment_method_types',
    'automatic_payment_methods',
    'confirm',
    'customer',
    'description',
    'metadata',
    'payment_method',
    'payment_method_types',
    'return_url',
    'usage',
  ]);
  const customerId = params.string('customer');
  if (customerId) findCustomer(req, customerId, 'customer');
  const paymentMethod = params.string('payment_method');
  const types = params.paymentMethodTypes();
  const id = stripeId('seti');
  const setupIntent: FakeSetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: types ?? null,
    cancellation_reason: null,
    client_secret: clientSecret(id),
    created: req.state.now(),
    customer: customerId ?? null,
    description: params.string('description') ?? null,
    last_setup_error: null,
    livemode: false,
    metadata: params.metadata(),
    next_action: null,
    payment_method: paymentMethod
      ? resolvePaymentMethod(req.ledger, paymentMethod, req.state.now()).id
      : null,
    payment_method_types: types ?? ['card'],
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    usage: params.oneOf('usage', ['off_session', 'on_session']) ?? 'off_session',
  };
  req.ledger.setupIntents.set(id, setupIntent);
  if (params.boolean('confirm'))
    confirm(req.state, req.ledger, req.account, setupIntent, undefined, origin(req));
  return expandFields(setupIntent, params.expand(), req.ledger);
};

export const retrieveSetupIntent: Handler = (req) => {
  const params = new Params(req.form, ['client_secret']);
  return expandFields(findSetupIntent(req.ledger, pathParam(req)), params.expand(), req.ledger);
};

export const confirmSetupIntent: Handler = (req) => {
  const params = new Params(req.form, ['payment_method', 'return_url']);
  const setupIntent = findSetupIntent(req.ledger, pathParam(req));
  confirm(req.state, req.ledger, req.account, setupIntent, params.string('payment_method'), origin(req));
  return expandFields(setupIntent, params.expand(), req.ledger);
};

const origin = (req: StripeRequest): FakeEvent['request'] => ({
  id: req.requestId,
  idempotency_key: req.idempotencyKey,
});

function findSetupIntent(ledger: Ledger, id: string): FakeSetupIntent {
  const setupIntent = ledger.setupIntents.get(id);
  if (!setupIntent) throw resourceMissing('setup_intent', id, 'intent');
  return setupIntent;
}

/**
 * Saving a card: the card is checked (a test card may decline here), then attached to the SetupIntent's
 * customer so later off-session PaymentIntents can use it.
 */
function confirm(
  state: FakeState,
  ledger: Ledger,
  account: string,
  setupIntent: FakeSetupIntent,
  paymentMethodParam: string | undefined,
  /** The API call that confirmed it, if any (a client-side confirmation has none we know of). */
  request?: FakeEvent['request'],
): void {
  if (setupIntent.status === 'succeeded' || setupIntent.status === 'canceled') {
    throw stateError(
      'setup_intent_unexpected_state',
      `You cannot confirm this SetupIntent because it has a status of ${setupIntent.status}.`,
    );
  }
  const paymentMethodId = paymentMethodParam ?? setupIntent.payment_method;
  if (!paymentMethodId) {
    throw stateError(
      'setup_intent_unexpected_state',
      "You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a payment method and then confirm it again.",
    );
  }
  const paymentMethod = resolvePaymentMethod(ledger, paymentMethodId, state.now());
  if (paymentMethod.customer && paymentMethod.customer !== setupIntent.customer) {
    throw invalidRequest('The provided PaymentMethod is attached to a different Customer.', {
      param: 'payment_method',
    });
  }
  const decline = cardBehaviour(paymentMethod)?.declineOnSetup;
  if (decline) {
    const message = declineMessage(decline);
    setupIntent.status = 'requires_payment_method';
    setupIntent.payment_method = null;
    setupIntent.last_setup_error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: decline,
      message,
      payment_method: paymentMethod,
    };
    state.emit('setup_intent.setup_failed', setupIntent, account, request);
    throw cardError(decline, message, { setup_intent: setupIntent, payment_method: paymentMethod });
  }
  setupIntent.status = 'succeeded';
  setupIntent.payment_method = paymentMethod.id;
  setupIntent.last_setup_error = null;
  if (setupIntent.customer) paymentMethod.customer = setupIntent.customer;
  state.emit('setup_intent.succeeded', setupIntent, account, request);
}

/**
 * What Stripe.js / the mobile SDKs do in the driver's browser or app with the client secret: confirm the
 * SetupIntent with a card. Returns `{ setupIntent }` or `{ error }`, the shape Stripe.js resolves with.
 */
export function confirmSetupIntentAsClient(
  state: FakeState,
  account: string,
  setupIntentId: string,
  paymentMethod: string,
):
  | { setupIntent: FakeSetupIntent; error?: undefined }
  | { setupIntent?: undefined; error: StripeApiError['body'] } {
  const ledger = state.ledger(account);
  try {
    const setupIntent = findSetupIntent(ledger, setupIntentId);
    confirm(state, ledger, account, setupIntent, paymentMethod);
    return { setupIntent };
  } catch (error) {
    if (error instanceof StripeApiError) return { error: error.body };
    throw error;
  }
}
