import type { Deps } from '@csms/app/deps';
import { ConflictError, newId, platformFeeOf, topUpTransaction } from '@csms/core';
import { idempotencyKey } from './idempotency-key.ts';
import { loadTenantPayments, requireCardPayments } from './tenant-payments.ts';

/**
 * P1: the prepaid balance topped up from the saved card (a PaymentIntent captured at once). The ledger entry
 * is keyed by the PaymentIntent, so the `payment_intent.succeeded` webhook books the same top-up only once.
 */
export type TopUpResult =
  | {
      readonly status: 'succeeded';
      readonly paymentIntentId: string;
      readonly amount: number;
      readonly balance: number;
    }
  | { readonly status: 'declined'; readonly declineCode: string | null; readonly message: string };

export async function topUpBalance(
  deps: Deps,
  tenantId: string,
  customerId: string,
  amount: number,
  now: Date,
  /**
   * The client's Idempotency-Key for this top-up, when it sent one. The provider call is keyed by it, so a
   * client retrying after our own idempotency record expired (a killed request) is still charged once.
   */
  requestKey?: string,
): Promise<TopUpResult> {
  const payments = await loadTenantPayments(deps, tenantId);
  const { provider, connectedAccountId } = requireCardPayments(deps, payments);
  const wallet = await deps.wallets.getWallet(tenantId, customerId);
  if (!wallet.card || !wallet.providerCustomerId)
    throw new ConflictError('No card on file; add a card first');
  const bps = payments.settings.payments.platformFeeBasisPoints;
  const result = await provider.chargeSavedCard({
    amount,
    currency: payments.currency,
    customerId: wallet.providerCustomerId,
    paymentMethodId: wallet.card.paymentMethodId,
    connectedAccountId,
    applicationFeeAmount: platformFeeOf(amount, bps),
    idempotencyKey: idempotencyKey(tenantId, customerId, 'top-up', requestKey ?? newId('tu')),
    metadata: { tenantId, customerId, purpose: 'top-up' },
  });
  if (result.outcome === 'declined') {
    await deps.wallets.markCardFailing(tenantId, customerId, wallet.card.paymentMethodId);
    return { status: 'declined', declineCode: result.declineCode, message: result.message };
  }
  await bookTopUp(
    deps,
    tenantId,
    customerId,
    result.paymentIntentId,
    result.amountReceived,
    platformFeeOf(result.amountReceived, bps),
    payments.currency,
    now,
  );
  return {
    status: 'succeeded',
    paymentIntentId: result.paymentIntentId,
    amount: result.amountReceived,
    balance: (await deps.wallets.getWallet(tenantId, customerId)).balance,
  };
}

/** Books a top-up once, whoever reports it first (this API call or the webhook). */
export async function bookTopUp(
  deps: Deps,
  tenantId: string,
  customerId: string,
  paymentIntentId: string,
  amount: number,
  fee: number,
  currency: string,
  now: Date,
): Promise<void> {
  await deps.ledger.postLedgerTransaction(
    tenantId,
    topUpTransaction({ customerId, amount, fee, paymentIntentId, at: now, currency }),
  );
}
