import { cardError, invalidRequest, paramError, resourceMissing, stateError } from '../errors.ts';
import { expandFields } from '../expand.ts';
import { clientSecret, stripeId } from '../ids.ts';
import type { FakeCharge, FakePaymentIntent, PaymentIntentStatus } from '../objects.ts';
import { Params } from '../params.ts';
import { emitEvent, type Handler, pathParam, type StripeRequest } from '../request-context.ts';
import type { Ledger } from '../state.ts';
import { declineMessage } from '../test-cards.ts';
import { findCustomer } from './customers.ts';
import { cardBehaviour, resolvePaymentMethod } from './payment-methods.ts';

const CANCELABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];
const CONFIRMABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];

export const createPaymentIntent: Handler = (req) => {
  const params = new Params(req.form, [
    'allowed_payment_method_types',
    'amount',
    'application_fee_amount',
    'automatic_payment_methods',
    'capture_method',
    'confirm',
    'currency',
    'customer',
    'description',
    'error_on_requires_action',
    'metadata',
    'off_session',
    'payment_method',
    'payment_method_types',
    'receipt_email',
    'return_url',
    'setup_future_usage',
    'statement_descriptor',
    'statement_descriptor_suffix',
  ]);
  const amount = params.requiredInteger('amount', 1);
  const currency = params.requiredString('currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw paramError(`Invalid currency: ${currency}.`, 'currency');
  const applicationFee = params.integer('application_fee_amount');
  if (applicationFee !== undefined && !req.connected) {
    // Without Stripe-Account this would be a charge on the platform itself, which has nobody to pay a fee to.
    throw invalidRequest(
      'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
      { param: 'application_fee_amount' },
    );
  }
  if (applicationFee !== undefined && applicationFee > amount) {
    throw paramError('The application fee cannot be greater than the amount.', 'application_fee_amount');
  }
  const confirmNow = params.boolean('confirm') ?? false;
  // `off_session` is a boolean or, in recent API versions, also `one_off` / `recurring`.
  const offSession = params.oneOf('off_session', ['false', 'one_off', 'recurring', 'true']);
  if (offSession && offSession !== 'false' && !confirmNow) {
    throw paramError('off_session can only be used when confirm=true.', 'off_session');
  }
  assertCanCharge(req);
  const customerId = params.string('customer');
  if (customerId) findCustomer(req, customerId, 'customer');
  const paymentMethod = params.string('payment_method');
  const types = params.paymentMethodTypes();

  const id = stripeId('pi');
  const paymentIntent: FakePaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: types ?? null,
    amount,
    amount_capturable: 0,
    amount_received: 0,
    application_fee_amount: applicationFee ?? null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method:
      params.oneOf('capture_method', ['automatic', 'automatic_async', 'manual']) ?? 'automatic_async',
    client_secret: clientSecret(id),
    confirmation_method: 'automatic',
    created: req.state.now(),
    currency,
    customer: customerId ?? null,
    description: params.string('description') ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: params.metadata(),
    next_action: null,
    payment_method: paymentMethod
      ? resolvePaymentMethod(req.ledger, paymentMethod, req.state.now()).id
      : null,
    payment_method_types: types ?? ['card'],
    statement_descriptor_suffix: params.string('statement_descriptor_suffix') ?? null,
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
  };
  req.ledger.paymentIntents.set(id, paymentIntent);
  emitEvent(req, 'payment_intent.created', paymentIntent);
  if (confirmNow) confirm(req, paymentIntent, undefined);
  return expandFields(paymentIntent, params.expand(), req.ledger);
};

/** Direct charges need the connected account's card_payments capability, which onboarding activates. */
function assertCanCharge(req: StripeRequest): void {
  if (!req.connected) return;
  const account = req.state.accounts.get(req.account);
  if (account && !account.charges_enabled) {
    throw invalidRequest(
      `The account ${account.id} cannot accept payments yet: its card_payments capability is not active (charges_enabled is false). Finish onboarding first.`,
      { code: 'account_invalid' },
    );
  }
}

export const retrievePaymentIntent: Handler = (req) => {
  const params = new Params(req.form, ['client_secret']);
  return expandFields(findPaymentIntent(req.ledger, pathParam(req)), params.expand(), req.ledger);
};

export const confirmPaymentIntent: Handler = (req) => {
  const params = new Params(req.form, ['off_session', 'payment_method', 'return_url']);
  const paymentIntent = findPaymentIntent(req.ledger, pathParam(req));
  assertCanCharge(req);
  confirm(req, paymentIntent, params.string('payment_method'));
  return expandFields(paymentIntent, params.expand(), req.ledger);
};

/**
 * Authorise the card: a test card may decline (402, the PaymentIntent falls back to requires_payment_method
 * with `last_payment_error`); otherwise a manual-capture intent holds the amount (requires_capture) and an
 * automatic one is paid at once.
 */
function confirm(
  req: StripeRequest,
  paymentIntent: FakePaymentIntent,
  paymentMethodParam: string | undefined,
): void {
  const { state, ledger } = req;
  if (!CONFIRMABLE.includes(paymentIntent.status)) {
    throw stateError(
      'payment_intent_unexpected_state',
      `You cannot confirm this PaymentIntent because it has a status of ${paymentIntent.status}.`,
    );
  }
  const paymentMethodId = paymentMethodParam ?? paymentIntent.payment_method;
  if (!paymentMethodId) {
    throw stateError(
      'payment_intent_unexpected_state',
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a PaymentMethod, specify `payment_method`.",
    );
  }
  const paymentMethod = resolvePaymentMethod(ledger, paymentMethodId, state.now());
  if (paymentMethod.customer && paymentMethod.customer !== paymentIntent.customer) {
    throw invalidRequest(
      `The provided PaymentMethod ${paymentMethod.id} belongs to a Customer other than the one on this PaymentIntent.`,
      { param: 'payment_method' },
    );
  }
  const decline = cardBehaviour(paymentMethod)?.declineOnCharge;
  const charge: FakeCharge = {
    id: stripeId('ch'),
    object: 'charge',
    amount: paymentIntent.amount,
    amount_captured: 0,
    amount_refunded: 0,
    application_fee: null,
    application_fee_amount: null,
    captured: false,
    created: state.now(),
    currency: paymentIntent.currency,
    customer: paymentIntent.customer,
    failure_code: decline ? 'card_declined' : null,
    paid: !decline,
    payment_intent: paymentIntent.id,
    payment_method: paymentMethod.id,
    refunded: false,
    status: decline ? 'failed' : 'succeeded',
  };
  ledger.charges.set(charge.id, charge);
  paymentIntent.latest_charge = charge.id;

  if (decline) {
    const message = declineMessage(decline);
    paymentIntent.status = 'requires_payment_method';
    paymentIntent.payment_method = null;
    paymentIntent.last_payment_error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: decline,
      message,
      payment_method: paymentMethod,
    };
    emitEvent(req, 'payment_intent.payment_failed', paymentIntent);
    throw cardError(decline, message, {
      charge: charge.id,
      payment_intent: paymentIntent,
      payment_method: paymentMethod,
    });
  }

  paymentIntent.payment_method = paymentMethod.id;
  paymentIntent.last_payment_error = null;
  if (paymentIntent.capture_method === 'manual') {
    paymentIntent.status = 'requires_capture';
    paymentIntent.amount_capturable = paymentIntent.amount;
    emitEvent(req, 'payment_intent.amount_capturable_updated', paymentIntent);
    return;
  }
  settle(req, paymentIntent, charge, paymentIntent.amount, paymentIntent.application_fee_amount);
}

export const capturePaymentIntent: Handler = (req) => {
  const params = new Params(req.form, [
    'amount_to_capture',
    'application_fee_amount',
    'final_capture',
    'metadata',
    'statement_descriptor',
    'statement_descriptor_suffix',
  ]);
  const paymentIntent = findPaymentIntent(req.ledger, pathParam(req));
  if (paymentIntent.status !== 'requires_capture') {
    throw stateError(
      'payment_intent_unexpected_state',
      `This PaymentIntent could not be captured because it has a status of ${paymentIntent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
    );
  }
  const amountToCapture = params.integer('amount_to_capture', 1) ?? paymentIntent.amount_capturable;
  if (amountToCapture > paymentIntent.amount_capturable) {
    throw paramError(
      `The amount to capture (${amountToCapture}) must be less than or equal to the amount capturable (${paymentIntent.amount_capturable}).`,
      'amount_to_capture',
      'amount_too_large',
    );
  }
  const feeParam = params.integer('application_fee_amount');
  if (feeParam !== undefined && !req.connected) {
    throw invalidRequest(
      'Can only apply an application_fee_amount when the PaymentIntent is a direct payment.',
      {
        param: 'application_fee_amount',
      },
    );
  }
  Object.assign(paymentIntent.metadata, params.metadata());
  const charge = req.ledger.charges.get(paymentIntent.latest_charge ?? '');
  if (!charge) throw new Error(`PaymentIntent ${paymentIntent.id} in requires_capture without a charge`);
  if (feeParam !== undefined) paymentIntent.application_fee_amount = feeParam;
  settle(req, paymentIntent, charge, amountToCapture, paymentIntent.application_fee_amount);
  return expandFields(paymentIntent, params.expand(), req.ledger);
};

/**
 * Money moves: the charge is captured for `amount` (the rest of a hold is released) and, on a direct charge,
 * the application fee, capped at the captured amount as Stripe does, goes to the platform.
 */
function settle(
  req: StripeRequest,
  paymentIntent: FakePaymentIntent,
  charge: FakeCharge,
  amount: number,
  applicationFee: number | null,
): void {
  charge.captured = true;
  charge.amount_captured = amount;
  paymentIntent.amount_received = amount;
  paymentIntent.amount_capturable = 0;
  paymentIntent.status = 'succeeded';
  if (req.connected && applicationFee) {
    const fee = Math.min(applicationFee, amount);
    const platform = req.state.ledger(req.state.platformAccountId);
    const feeId = stripeId('fee');
    platform.applicationFees.set(feeId, {
      id: feeId,
      object: 'application_fee',
      account: req.account,
      amount: fee,
      amount_refunded: 0,
      charge: charge.id,
      created: req.state.now(),
      currency: charge.currency,
      originating_transaction: charge.id,
      refunded: false,
    });
    charge.application_fee = feeId;
    charge.application_fee_amount = fee;
  }
  emitEvent(req, 'charge.captured', charge);
  emitEvent(req, 'payment_intent.succeeded', paymentIntent);
}

export const cancelPaymentIntent: Handler = (req) => {
  const params = new Params(req.form, ['cancellation_reason']);
  const reason = params.oneOf('cancellation_reason', [
    'abandoned',
    'duplicate',
    'fraudulent',
    'requested_by_customer',
  ]);
  const paymentIntent = findPaymentIntent(req.ledger, pathParam(req));
  if (!CANCELABLE.includes(paymentIntent.status)) {
    throw stateError(
      'payment_intent_unexpected_state',
      `You cannot cancel this PaymentIntent because it has a status of ${paymentIntent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
    );
  }
  // Cancelling a hold releases the authorisation: the uncaptured charge is refunded in full.
  const charge = req.ledger.charges.get(paymentIntent.latest_charge ?? '');
  if (charge && charge.status === 'succeeded' && !charge.captured) {
    charge.amount_refunded = charge.amount;
    charge.refunded = true;
  }
  paymentIntent.status = 'canceled';
  paymentIntent.canceled_at = req.state.now();
  paymentIntent.cancellation_reason = reason ?? null;
  paymentIntent.amount_capturable = 0;
  emitEvent(req, 'payment_intent.canceled', paymentIntent);
  return expandFields(paymentIntent, params.expand(), req.ledger);
};

export function findPaymentIntent(ledger: Ledger, id: string, param = 'intent'): FakePaymentIntent {
  const paymentIntent = ledger.paymentIntents.get(id);
  if (!paymentIntent) throw resourceMissing('payment_intent', id, param);
  return paymentIntent;
}
