import type { Deps } from '@csms/app/deps';
import { decideFunding, NotFoundError, platformFeeOf } from '@csms/core';
import type { SessionFunding } from '@csms/db';
import { decideCustomerFunding } from './funding-decision.ts';
import { idempotencyKey } from './idempotency-key.ts';
import { requestRemoteStop } from './remote-stop.ts';
import { wasRefusedAtStart } from './session-funding-check.ts';
import { requireCardPayments } from './tenant-payments.ts';

/**
 * The session lifecycle's first payment step: decide how the session is funded and, for a card, reserve the
 * tenant's authorization amount (`settings.payments.cardAuthorizationAmount`) with a manual-capture
 * PaymentIntent, a direct charge on the tenant's account with the platform fee (P1). Idempotent: a retry
 * finds the funding recorded, and the hold's idempotency key (`tenant:session:hold`) replays Stripe's answer.
 *
 * A declined hold marks the card as failing and falls back to credit or prepaid funds; with nothing left the
 * session is stopped (RemoteStopTransaction) and whatever it cost until then becomes debt at settlement.
 */
export async function holdSessionFunds(
  deps: Deps,
  tenantId: string,
  sessionId: string,
  now: Date,
): Promise<SessionFunding> {
  const existing = await deps.sessionFunding.getSessionFunding(tenantId, sessionId);
  if (existing) return existing;
  const session = await deps.sessions.getSession(tenantId, sessionId);
  if (!session) throw new NotFoundError(`Session ${sessionId}`);
  const customer = session.customerId
    ? await deps.customers.getCustomer(tenantId, session.customerId)
    : undefined;
  const base = {
    sessionId,
    customerId: session.customerId ?? '',
    decidedAt: now.toISOString(),
    status: 'open' as const,
  };
  // An unknown idTag bills nobody; the charger was told so at start and the session is flagged for review.
  if (!customer) return deps.sessionFunding.recordSessionFunding(tenantId, { ...base, means: 'none' });

  const { decision, loaded, payments } = await decideCustomerFunding(deps, tenantId, customer, now);
  let funding: SessionFunding;
  if (decision.usable && decision.means === 'card') {
    const amount = payments.settings.payments.cardAuthorizationAmount;
    const card = loaded.wallet.card;
    const providerCustomerId = loaded.wallet.providerCustomerId;
    if (amount === 0 || !card || !providerCustomerId) {
      // No reservation configured: the card is charged once, at settlement.
      funding = { ...base, means: 'card' };
    } else {
      const { provider, connectedAccountId } = requireCardPayments(deps, payments);
      const hold = await provider.createPaymentIntentHold({
        amount,
        currency: payments.currency,
        customerId: providerCustomerId,
        paymentMethodId: card.paymentMethodId,
        connectedAccountId,
        applicationFeeAmount: platformFeeOf(amount, payments.settings.payments.platformFeeBasisPoints),
        idempotencyKey: idempotencyKey(tenantId, sessionId, 'hold'),
        metadata: { tenantId, customerId: customer.id, sessionId, purpose: 'session' },
      });
      if (hold.outcome === 'authorized') {
        funding = { ...base, means: 'card', hold: { paymentIntentId: hold.paymentIntentId, amount } };
      } else {
        await deps.wallets.markCardFailing(tenantId, customer.id, card.paymentMethodId);
        const fallback = decideFunding(
          { ...loaded.funds, card: { status: 'failing' } },
          customer,
          { cardPayments: payments.cardPayments },
          now,
        );
        funding = {
          ...base,
          means: fallback.usable ? fallback.means : 'none',
          holdDeclined: { code: hold.code, declineCode: hold.declineCode, message: hold.message },
        };
      }
    }
  } else {
    funding = { ...base, means: decision.usable ? decision.means : 'none' };
  }
  const recorded = await deps.sessionFunding.recordSessionFunding(tenantId, funding);
  // A session accepted at start whose means are gone is stopped; one refused at start is the charger's to stop.
  if (
    recorded === funding &&
    funding.means === 'none' &&
    session.status === 'active' &&
    !wasRefusedAtStart(session)
  ) {
    deps.log.info('Session has no usable payment means; stopping it', { tenantId, sessionId });
    await requestRemoteStop(deps, session, 'no usable payment means at start');
  }
  return recorded;
}
