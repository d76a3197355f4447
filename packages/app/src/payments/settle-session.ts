import type { Deps } from '@csms/app/deps';
import {
  type Backstop,
  bestDiscount,
  type CardOutcome,
  ConflictError,
  cardResultTransaction,
  InsufficientFundsError,
  NotFoundError,
  planSettlement,
  platformFeeOf,
  type SettlementMeta,
  type SettlementPlan,
  settlementTransaction,
  spendableVouchers,
  vatIncluded,
} from '@csms/core';
import type { SessionFunding } from '@csms/db';
import { decideCustomerFunding } from './funding-decision.ts';
import { idempotencyKey } from './idempotency-key.ts';
import type { PaymentProvider } from './payment-provider.ts';
import { PaymentProviderError } from './payment-provider-error.ts';
import { loadTenantPayments, requireCardPayments, type TenantPayments } from './tenant-payments.ts';
import { loadWallet } from './wallet-funds.ts';

/**
 * The session lifecycle's last payment step (P1–P5): funds a finished session's gross cost from the discount,
 * vouchers (oldest first), the balance, then the card (capture of the hold) or the credit limit; what cannot
 * be collected becomes debt, which blocks charging. Idempotent per session: every step is recorded on the
 * session's funding record and a re-run continues where the last one stopped; card calls carry
 * deterministic idempotency keys (`tenant:session:capture`, `…:charge`, `…:excess`, `…:cancel`).
 */
export interface SettlementResult {
  readonly sessionId: string;
  readonly status: 'settled' | 'no-customer';
  readonly plan?: SettlementPlan;
  readonly card?: SessionFunding['card'];
  /** Uncollected, added to the customer's debt. */
  readonly debt: number;
}

export interface SettleOptions {
  /** The VAT included in the gross (from the pricing breakdown); else derived from the default VAT rate. */
  readonly vat?: number;
}

const MAX_BOOKING_ATTEMPTS = 5;

export async function settleSession(
  deps: Deps,
  tenantId: string,
  sessionId: string,
  grossAmount: number,
  now: Date,
  options: SettleOptions = {},
): Promise<SettlementResult> {
  if (!Number.isSafeInteger(grossAmount) || grossAmount < 0) {
    throw new RangeError(`grossAmount must be a non-negative integer (minor units), got ${grossAmount}`);
  }
  const session = await deps.sessions.getSession(tenantId, sessionId);
  if (!session) throw new NotFoundError(`Session ${sessionId}`);
  if (session.status === 'active') throw new ConflictError(`Session ${sessionId} is still running`);
  const customer = session.customerId
    ? await deps.customers.getCustomer(tenantId, session.customerId)
    : undefined;
  if (!customer) return { sessionId, status: 'no-customer', debt: 0 };
  const payments = await loadTenantPayments(deps, tenantId);
  const meta: SettlementMeta = { sessionId, customerId: customer.id, currency: payments.currency, at: now };

  let funding = await deps.sessionFunding.getSessionFunding(tenantId, sessionId);
  for (let attempt = 1; !funding?.plan; attempt++) {
    try {
      await bookSettlement(deps, tenantId, customer, grossAmount, options, payments, funding, meta);
    } catch (error) {
      // Someone spent the same balance or voucher in between: read again and plan again.
      const retry = error instanceof InsufficientFundsError || error instanceof ConflictError;
      if (!retry || attempt >= MAX_BOOKING_ATTEMPTS) throw error;
    }
    funding = await deps.sessionFunding.getSessionFunding(tenantId, sessionId);
  }
  if (funding.status === 'awaiting-card')
    funding = await collectCardPart(deps, tenantId, funding, payments, meta);
  if (funding.hold && (funding.plan?.card ?? 0) === 0) await releaseHold(deps, tenantId, funding, payments);
  const plan = funding.plan;
  return {
    sessionId,
    status: 'settled',
    ...(plan ? { plan } : {}),
    ...(funding.card ? { card: funding.card } : {}),
    debt: (plan?.debt ?? 0) + (funding.card?.uncollected ?? 0),
  };
}

/** The backstop the session was started with, or the one the wallet offers now if none was recorded. */
async function backstopOf(
  deps: Deps,
  tenantId: string,
  customer: { id: string; type: 'individual' | 'company' },
  funding: SessionFunding | undefined,
  payments: TenantPayments,
  now: Date,
): Promise<Backstop> {
  if (funding?.hold) return 'card';
  // P4: a session started on credit finishes on credit, even past the limit.
  if (funding?.means === 'credit') return 'credit';
  const { decision, loaded } = await decideCustomerFunding(deps, tenantId, customer, now, payments);
  if (funding?.means === 'card' && loaded.wallet.card && payments.cardPayments) return 'card';
  if (decision.usable && (decision.means === 'card' || decision.means === 'credit')) return decision.means;
  return 'none';
}

async function bookSettlement(
  deps: Deps,
  tenantId: string,
  customer: { id: string; type: 'individual' | 'company' },
  gross: number,
  options: SettleOptions,
  payments: TenantPayments,
  funding: SessionFunding | undefined,
  meta: SettlementMeta,
): Promise<void> {
  const now = meta.at;
  const [loaded, backstop] = await Promise.all([
    loadWallet(deps, tenantId, customer.id),
    backstopOf(deps, tenantId, customer, funding, payments, now),
  ]);
  const vat = options.vat ?? vatIncluded(gross, payments.settings.defaultVatRate);
  const discount = bestDiscount(loaded.discounts, gross, customer.type, now);
  const plan = planSettlement({
    gross,
    vat,
    ...(discount ? { discount } : {}),
    vouchers: spendableVouchers(loaded.vouchers, now),
    balance: loaded.wallet.balance,
    backstop,
  });
  const used = plan.discount
    ? loaded.discounts.find((d) => d.code.code === plan.discount?.code)?.code
    : undefined;
  const maxUses = used?.conditions?.maxUsesPerCustomer;
  await deps.settlements.bookSettlementPlan(
    tenantId,
    {
      sessionId: meta.sessionId,
      customerId: customer.id,
      means: backstop === 'none' ? 'prepaid' : backstop,
      plan,
      at: now,
      vouchers: plan.vouchers.map((v) => v.code),
      ...(plan.discount
        ? {
            discount: {
              code: plan.discount.code,
              ...(maxUses !== undefined ? { maxUsesPerCustomer: maxUses } : {}),
            },
          }
        : {}),
    },
    settlementTransaction(plan, meta),
  );
}

/** Captures the card's part (from the hold, charging any excess) and books the outcome. */
async function collectCardPart(
  deps: Deps,
  tenantId: string,
  funding: SessionFunding,
  payments: TenantPayments,
  meta: SettlementMeta,
): Promise<SessionFunding> {
  const amount = funding.plan?.card ?? 0;
  const outcome = await chargeCard(deps, tenantId, funding, amount, payments);
  await deps.settlements.bookCardResult(
    tenantId,
    meta.sessionId,
    {
      collected: outcome.collected,
      uncollected: outcome.uncollected,
      ...(outcome.paymentIntentId ? { paymentIntentId: outcome.paymentIntentId } : {}),
    },
    meta.at,
    cardResultTransaction(outcome, meta),
  );
  return (await deps.sessionFunding.getSessionFunding(tenantId, meta.sessionId)) ?? funding;
}

async function chargeCard(
  deps: Deps,
  tenantId: string,
  funding: SessionFunding,
  amount: number,
  payments: TenantPayments,
): Promise<CardOutcome> {
  const declined: CardOutcome = { collected: 0, uncollected: amount, fee: 0 };
  if (!payments.cardPayments) return declined;
  const { provider, connectedAccountId } = requireCardPayments(deps, payments);
  const wallet = (await loadWallet(deps, tenantId, funding.customerId)).wallet;
  const bps = payments.settings.payments.platformFeeBasisPoints;
  const charge = (part: number, step: string) =>
    wallet.card && wallet.providerCustomerId
      ? provider.chargeSavedCard({
          amount: part,
          currency: payments.currency,
          customerId: wallet.providerCustomerId,
          paymentMethodId: wallet.card.paymentMethodId,
          connectedAccountId,
          applicationFeeAmount: platformFeeOf(part, bps),
          idempotencyKey: idempotencyKey(tenantId, funding.sessionId, step),
          metadata: {
            tenantId,
            customerId: funding.customerId,
            sessionId: funding.sessionId,
            purpose: 'session',
          },
        })
      : Promise.resolve({
          outcome: 'declined' as const,
          paymentIntentId: null,
          code: 'no_card',
          declineCode: null,
          message: 'No card on file',
        });

  let collected = 0;
  let paymentIntentId: string | undefined;
  let open = amount;
  if (funding.hold) {
    const fromHold = Math.min(open, funding.hold.amount);
    const captured = await capture(deps, provider, connectedAccountId, tenantId, funding, fromHold, bps);
    if (captured) {
      collected += captured;
      open -= captured;
      paymentIntentId = funding.hold.paymentIntentId;
    }
  }
  if (open > 0) {
    // Beyond the hold (or without one, or the hold could not be captured): charge the rest off-session.
    const result = await charge(open, funding.hold ? 'excess' : 'charge');
    if (result.outcome === 'succeeded') {
      collected += result.amountReceived;
      open -= result.amountReceived;
      paymentIntentId ??= result.paymentIntentId;
    } else if (wallet.card) {
      await deps.wallets.markCardFailing(tenantId, funding.customerId, wallet.card.paymentMethodId);
    }
  }
  return {
    collected,
    uncollected: open,
    fee: platformFeeOf(collected, bps),
    ...(paymentIntentId ? { paymentIntentId } : {}),
  };
}

/** The captured amount, or 0 when the hold can no longer be captured (expired after ~7 days, canceled). */
async function capture(
  deps: Deps,
  provider: PaymentProvider,
  connectedAccountId: string,
  tenantId: string,
  funding: SessionFunding,
  amount: number,
  basisPoints: number,
): Promise<number> {
  if (!funding.hold) return 0;
  try {
    const result = await provider.capturePaymentIntent({
      id: funding.hold.paymentIntentId,
      amountToCapture: amount,
      connectedAccountId,
      // The fee on the hold was on the authorised amount: set it on what is actually captured.
      applicationFeeAmount: platformFeeOf(amount, basisPoints),
      idempotencyKey: idempotencyKey(tenantId, funding.sessionId, 'capture'),
    });
    return result.amountReceived;
  } catch (error) {
    if (!(error instanceof PaymentProviderError) || error.reason !== 'invalid-request') throw error;
    deps.log.warn('Hold could not be captured; charging instead', {
      tenantId,
      sessionId: funding.sessionId,
      code: error.code,
    });
    return 0;
  }
}

/** Nothing to take from the card: release the reservation (best effort, it expires anyway). */
async function releaseHold(
  deps: Deps,
  tenantId: string,
  funding: SessionFunding,
  payments: TenantPayments,
): Promise<void> {
  if (!funding.hold || !payments.cardPayments) return;
  try {
    const { provider, connectedAccountId } = requireCardPayments(deps, payments);
    await provider.cancelPaymentIntent({
      id: funding.hold.paymentIntentId,
      connectedAccountId,
      idempotencyKey: idempotencyKey(tenantId, funding.sessionId, 'cancel'),
      reason: 'abandoned',
    });
  } catch (error) {
    deps.log.warn('Hold could not be released', {
      tenantId,
      sessionId: funding.sessionId,
      error: String(error),
    });
  }
}
