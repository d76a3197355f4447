import type { Deps } from '@csms/app/deps';
import { ConflictError, debtPaymentTransaction, NotFoundError, newId, platformFeeOf } from '@csms/core';
import { idempotencyKey } from './idempotency-key.ts';
import { loadTenantPayments, requireCardPayments } from './tenant-payments.ts';

/**
 * P5: collects a customer's whole outstanding debt from the saved card, automatically when a card is added or
 * on request (`POST /v1/customers/{id}/debt/pay`). One collection at a time per customer: the attempt id is
 * claimed on the wallet first and keys the provider call, so a retry after a crash replays the same charge
 * instead of charging twice.
 */
export type DebtCollection =
  | { readonly status: 'nothing-to-collect'; readonly debt: 0 }
  | {
      readonly status: 'collected';
      readonly amount: number;
      readonly paymentIntentId: string;
      readonly debt: number;
    }
  | {
      readonly status: 'declined';
      readonly amount: number;
      readonly declineCode: string | null;
      readonly message: string;
      readonly debt: number;
    };

export async function collectDebt(
  deps: Deps,
  tenantId: string,
  customerId: string,
  now: Date,
): Promise<DebtCollection> {
  const customer = await deps.customers.getCustomer(tenantId, customerId);
  if (!customer) throw new NotFoundError(`Customer ${customerId}`);
  const debt = customer.outstandingDebt;
  if (debt <= 0) return { status: 'nothing-to-collect', debt: 0 };
  const payments = await loadTenantPayments(deps, tenantId);
  const { provider, connectedAccountId } = requireCardPayments(deps, payments);
  const wallet = await deps.wallets.getWallet(tenantId, customerId);
  if (!wallet.card || !wallet.providerCustomerId) {
    throw new ConflictError('No card on file to collect the debt from; add a card first');
  }
  const attempt = await deps.wallets.claimDebtCollection(tenantId, customerId, {
    attemptId: newId('dc'),
    amount: debt,
  });
  const bps = payments.settings.payments.platformFeeBasisPoints;
  const result = await provider.chargeSavedCard({
    amount: attempt.amount,
    currency: payments.currency,
    customerId: wallet.providerCustomerId,
    paymentMethodId: wallet.card.paymentMethodId,
    connectedAccountId,
    applicationFeeAmount: platformFeeOf(attempt.amount, bps),
    idempotencyKey: idempotencyKey(tenantId, customerId, 'debt', attempt.attemptId),
    metadata: { tenantId, customerId, purpose: 'debt' },
  });
  if (result.outcome === 'declined') {
    await deps.wallets.releaseDebtCollection(tenantId, customerId, attempt.attemptId);
    await deps.wallets.markCardFailing(tenantId, customerId, wallet.card.paymentMethodId);
    return {
      status: 'declined',
      amount: attempt.amount,
      declineCode: result.declineCode,
      message: result.message,
      debt,
    };
  }
  // The payment, the lower debt, the end of the attempt and a working card are one write.
  await deps.settlements.bookDebtPayment(
    tenantId,
    customerId,
    wallet.card,
    debtPaymentTransaction({
      attemptId: attempt.attemptId,
      customerId,
      amount: result.amountReceived,
      fee: platformFeeOf(result.amountReceived, bps),
      paymentIntentId: result.paymentIntentId,
      at: now,
      currency: payments.currency,
    }),
  );
  const after = await deps.customers.getCustomer(tenantId, customerId);
  return {
    status: 'collected',
    amount: result.amountReceived,
    paymentIntentId: result.paymentIntentId,
    debt: after?.outstandingDebt ?? 0,
  };
}
