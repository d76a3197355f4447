import { invalidRequest, paramError, stateError } from '../errors.ts';
import { stripeId } from '../ids.ts';
import type { FakeCharge, FakeRefund } from '../objects.ts';
import { Params } from '../params.ts';
import { emitEvent, type Handler, type StripeRequest } from '../request-context.ts';
import { findPaymentIntent } from './payment-intents.ts';

export const createRefund: Handler = (req) => {
  const params = new Params(req.form, [
    'amount',
    'charge',
    'metadata',
    'payment_intent',
    'reason',
    'refund_application_fee',
    'reverse_transfer',
  ]);
  const charge = chargeToRefund(req, params);
  const refundable = charge.amount_captured - charge.amount_refunded;
  if (refundable <= 0) {
    throw stateError('charge_already_refunded', `Charge ${charge.id} has already been refunded.`);
  }
  const amount = params.integer('amount', 1) ?? refundable;
  if (amount > refundable) {
    throw paramError(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`,
      'amount',
      'amount_too_large',
    );
  }
  const refundFee = params.boolean('refund_application_fee') ?? false;
  if (refundFee && !req.connected) {
    throw invalidRequest(
      'refund_application_fee can only be used when refunding a direct charge on a connected account.',
      {
        param: 'refund_application_fee',
      },
    );
  }
  const reason = params.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer']);

  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount_captured;
  if (refundFee && charge.application_fee) refundApplicationFee(req, charge, amount);

  const refund: FakeRefund = {
    id: stripeId('re'),
    object: 'refund',
    amount,
    charge: charge.id,
    created: req.state.now(),
    currency: charge.currency,
    metadata: params.metadata(),
    payment_intent: charge.payment_intent,
    reason: reason ?? null,
    status: 'succeeded',
  };
  req.ledger.refunds.set(refund.id, refund);
  emitEvent(req, 'charge.refunded', charge);
  emitEvent(req, 'refund.created', refund);
  return refund;
};

function chargeToRefund(req: StripeRequest, params: Params): FakeCharge {
  const paymentIntentId = params.string('payment_intent');
  const chargeId = params.string('charge');
  if (!paymentIntentId && !chargeId) {
    throw paramError(
      'One of the following params should be provided for this request: payment_intent or charge.',
      undefined,
      'parameter_missing',
    );
  }
  if (paymentIntentId) {
    const paymentIntent = findPaymentIntent(req.ledger, paymentIntentId, 'payment_intent');
    const charge = req.ledger.charges.get(paymentIntent.latest_charge ?? '');
    if (paymentIntent.status !== 'succeeded' || !charge) {
      throw invalidRequest(
        `This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund (status ${paymentIntent.status}); cancel it instead to release an uncaptured amount.`,
        { param: 'payment_intent' },
      );
    }
    return charge;
  }
  const charge = req.ledger.charges.get(chargeId ?? '');
  if (!charge?.captured) {
    throw paramError(`No such charge: '${chargeId}'`, 'charge', 'resource_missing');
  }
  return charge;
}

/** Returns the platform's fee in proportion to the refunded share of the captured amount. */
function refundApplicationFee(req: StripeRequest, charge: FakeCharge, refunded: number): void {
  const fee = req.state.ledger(req.state.platformAccountId).applicationFees.get(charge.application_fee ?? '');
  if (!fee) return;
  const share = Math.round((fee.amount * refunded) / charge.amount_captured);
  fee.amount_refunded = Math.min(fee.amount, fee.amount_refunded + share);
  fee.refunded = fee.amount_refunded === fee.amount;
}
