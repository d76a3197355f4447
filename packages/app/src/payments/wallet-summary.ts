import {
  type Customer,
  type CustomerType,
  type DiscountCode,
  effectiveCreditLimit,
  type FundingMeans,
  isDiscountAvailable,
  isVoucherExpired,
} from '@csms/core';
import type { Deps } from '../deps.ts';
import { decideCustomerFunding } from './funding-decision.ts';

/**
 * What a customer's wallet holds and can do at an instant (P1–P5): the balance, the vouchers still spendable
 * in the order they are consumed, the attached discount codes with whether each would apply, the saved card
 * (provider brand and last 4 only, P7), credit and debt, and what would fund a session started now.
 */
export interface WalletSummary {
  readonly customerId: string;
  /** ISO 4217, the tenant currency; every amount is in its minor units. */
  readonly currency: string;
  readonly balance: number;
  readonly vouchers: readonly {
    readonly code: string;
    readonly amount: number;
    readonly remaining: number;
    readonly expiresAt: string;
    readonly attachedAt: string;
  }[];
  readonly discounts: readonly (Pick<DiscountCode, 'code' | 'kind' | 'value' | 'expiresAt' | 'status'> & {
    readonly uses: number;
    readonly usable: boolean;
  })[];
  readonly card?: {
    readonly brand: string;
    readonly last4: string;
    readonly status: 'active' | 'failing';
    readonly addedAt: string;
  };
  /** null: unlimited. */
  readonly creditLimit: number | null;
  readonly creditUsed: number;
  readonly debt: number;
  /** Undefined: charging is refused (debt, or no usable means). */
  readonly fundingMeans?: FundingMeans;
  readonly customerType: CustomerType;
}

/**
 * The wallet of `customer` at `now`. The whole `Deps` because the funding decision loads the tenant's payment
 * setup with the wallet.
 */
export async function summarizeWallet(
  deps: Deps,
  tenantId: string,
  customer: Customer,
  now: Date,
): Promise<WalletSummary> {
  // Debt is read fresh: it may have changed since the customer record in hand was read.
  const fresh = (await deps.customers.getCustomer(tenantId, customer.id)) ?? customer;
  const { decision, loaded, payments } = await decideCustomerFunding(deps, tenantId, fresh, now);
  const card = loaded.wallet.card;
  const fundingMeans = fresh.outstandingDebt > 0 || !decision.usable ? undefined : decision.means;
  return {
    customerId: customer.id,
    currency: payments.currency,
    balance: loaded.wallet.balance,
    vouchers: loaded.vouchers
      .filter((v) => v.remaining > 0 && !isVoucherExpired(v, now))
      .map((v) => ({
        code: v.code,
        amount: v.amount,
        remaining: v.remaining,
        expiresAt: v.expiresAt,
        attachedAt: v.attachedAt,
      })),
    discounts: loaded.discounts.map((d) => ({
      code: d.code.code,
      kind: d.code.kind,
      value: d.code.value,
      expiresAt: d.code.expiresAt,
      status: d.code.status,
      uses: d.uses,
      usable: isDiscountAvailable(d, fresh.type, now),
    })),
    ...(card
      ? { card: { brand: card.brand, last4: card.last4, status: card.status, addedAt: card.addedAt } }
      : {}),
    creditLimit: effectiveCreditLimit(loaded.funds, fresh.type),
    creditUsed: loaded.wallet.creditUsed,
    debt: fresh.outstandingDebt,
    ...(fundingMeans ? { fundingMeans } : {}),
    customerType: fresh.type,
  };
}
