import type { Deps } from '@csms/app/deps';
import { creditPaymentTransaction, newId, operatorCreditTransaction } from '@csms/core';
import { loadTenantPayments } from './tenant-payments.ts';

/** P1: the operator credits a customer's prepaid balance (goodwill, a correction, a cash payment at a desk). */
export async function creditBalance(
  deps: Deps,
  tenantId: string,
  customerId: string,
  amount: number,
  reason: string,
  now: Date,
): Promise<string> {
  const { currency } = await loadTenantPayments(deps, tenantId);
  const tx = operatorCreditTransaction({ id: newId('oc'), customerId, amount, reason, at: now, currency });
  await deps.ledger.postLedgerTransaction(tenantId, tx);
  return tx.id;
}

/** P4: an invoice paid by bank transfer lowers the credit used, so the customer may charge again. */
export async function recordCreditPayment(
  deps: Deps,
  tenantId: string,
  customerId: string,
  amount: number,
  reference: string,
  now: Date,
): Promise<string> {
  const { currency } = await loadTenantPayments(deps, tenantId);
  const tx = creditPaymentTransaction({ id: newId('cp'), customerId, amount, reference, at: now, currency });
  await deps.ledger.postLedgerTransaction(tenantId, tx);
  return tx.id;
}
