import { ConflictError, checkAttach, NotFoundError, normalizeCode } from '@csms/core';
import type { StoredCustomer } from '@csms/db';
import { requireCustomer } from '../customers/customer-lookup.ts';
import type { Deps } from '../deps.ts';
import { creditBalance, recordCreditPayment } from './balance.ts';
import { collectDebt, type DebtCollection } from './debt.ts';
import { type TopUpResult, topUpBalance } from './top-up.ts';

/**
 * A customer's wallet (P1–P5): balance, vouchers, discount codes, credit limit, debt. Each change answers
 * the customer and the instant it was made at, from which the caller reads the wallet after it.
 */
export interface WalletChange {
  readonly customer: StoredCustomer;
  readonly at: Date;
}

/** The customer whose wallet to read, and now. */
export async function openWallet(
  deps: Pick<Deps, 'customers' | 'clock'>,
  tenantId: string,
  customerId: string,
): Promise<WalletChange> {
  const at = deps.clock.now();
  return { customer: await requireCustomer(deps, tenantId, customerId), at };
}

/** P1: goodwill, a correction, a payment taken at a desk, booked in the ledger with its reason. */
export async function creditCustomerBalance(
  deps: Deps,
  tenantId: string,
  customerId: string,
  command: { readonly amount: number; readonly reason: string },
): Promise<WalletChange> {
  const at = deps.clock.now();
  const customer = await requireCustomer(deps, tenantId, customerId);
  await creditBalance(deps, tenantId, customer.id, command.amount, command.reason, at);
  return { customer, at };
}

/** P1: the balance topped up from the saved card at once; a decline is an answer, not an error. */
export async function topUpCustomerBalance(
  deps: Deps,
  tenantId: string,
  customerId: string,
  command: { readonly amount: number; readonly idempotencyKey?: string | undefined },
): Promise<WalletChange & { readonly result: TopUpResult }> {
  const at = deps.clock.now();
  const customer = await requireCustomer(deps, tenantId, customerId);
  const result = await topUpBalance(deps, tenantId, customer.id, command.amount, at, command.idempotencyKey);
  return { customer, at, result };
}

/** P4: contracted credit; `null` is no limit, `0` no credit. */
export async function setCustomerCreditLimit(
  deps: Pick<Deps, 'customers' | 'wallets' | 'clock'>,
  tenantId: string,
  customerId: string,
  creditLimit: number | null,
): Promise<WalletChange> {
  const customer = await requireCustomer(deps, tenantId, customerId);
  await deps.wallets.setCreditLimit(tenantId, customer.id, creditLimit);
  return { customer, at: deps.clock.now() };
}

/** P4: an invoice paid by bank transfer lowers the credit used. */
export async function recordCustomerCreditPayment(
  deps: Deps,
  tenantId: string,
  customerId: string,
  command: { readonly amount: number; readonly reference: string },
): Promise<WalletChange> {
  const at = deps.clock.now();
  const customer = await requireCustomer(deps, tenantId, customerId);
  await recordCreditPayment(deps, tenantId, customer.id, command.amount, command.reference, at);
  return { customer, at };
}

/** P2: a gift voucher, before its activation deadline, once; a voucher is not transferable. */
export async function attachVoucherToCustomer(
  deps: Pick<Deps, 'customers' | 'vouchers' | 'wallets' | 'clock'>,
  tenantId: string,
  customerId: string,
  rawCode: string,
): Promise<WalletChange> {
  const at = deps.clock.now();
  const customer = await requireCustomer(deps, tenantId, customerId);
  const code = normalizeCode(rawCode);
  const voucher = await deps.vouchers.getVoucher(tenantId, code);
  if (!voucher) throw new NotFoundError(`Voucher ${rawCode}`);
  checkAttach(voucher, customer.id, at);
  const pointer = { code, attachedAt: at.toISOString(), expiresAt: voucher.expiresAt };
  if (!(await deps.wallets.attachVoucher(tenantId, customer.id, pointer))) {
    throw new ConflictError(`Voucher ${code} was just attached or has expired`);
  }
  return { customer, at };
}

/** P3: a discount code that is neither cancelled nor expired, once per customer. */
export async function attachDiscountCodeToCustomer(
  deps: Pick<Deps, 'customers' | 'discountCodes' | 'wallets' | 'clock'>,
  tenantId: string,
  customerId: string,
  rawCode: string,
): Promise<WalletChange> {
  const at = deps.clock.now();
  const customer = await requireCustomer(deps, tenantId, customerId);
  const discount = await deps.discountCodes.getDiscountCode(tenantId, normalizeCode(rawCode));
  if (!discount) throw new NotFoundError(`Discount code ${rawCode}`);
  if (discount.status === 'cancelled') throw new ConflictError(`Discount code ${discount.code} is cancelled`);
  if (discount.expiresAt <= at.toISOString())
    throw new ConflictError(`Discount code ${discount.code} has expired`);
  const attached = await deps.wallets.attachDiscountCode(tenantId, customer.id, {
    code: discount.code,
    attachedAt: at.toISOString(),
  });
  if (!attached) {
    throw new ConflictError(`Discount code ${discount.code} is already attached to this customer`);
  }
  return { customer, at };
}

/** P5: the whole outstanding debt, charged to the saved card at once. */
export async function payCustomerDebt(
  deps: Deps,
  tenantId: string,
  customerId: string,
): Promise<DebtCollection> {
  const customer = await requireCustomer(deps, tenantId, customerId);
  return collectDebt(deps, tenantId, customer.id, deps.clock.now());
}
