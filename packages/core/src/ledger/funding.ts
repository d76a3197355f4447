import type { CustomerType } from '../customer.ts';
import { spendableVouchers, type VoucherFunds } from './vouchers.ts';

/**
 * Which means will fund a session (rule I4, P1), decided once from the customer's wallet and shared by
 * Authorize, StartTransaction, remote start and the hold at session start.
 *
 * The answer names the session's *backstop*, the means that pays whatever the prepaid funds do not:
 * - `card`: a saved card that is not failing, and card payments are set up for the tenant. A hold is placed at
 *   start and the rest of the cost is captured at the end; never stopped for lack of funds.
 * - `credit`: the contracted credit limit (P4) still has room. Invoiced monthly; never stopped either, and a
 *   running session may finish past the limit.
 * - `prepaid`: only vouchers and balance. The session is stopped when they run out (P2).
 * Vouchers, discount and balance are always used first at settlement, whatever the backstop.
 *
 * Default without any payment setup: a company is invoiced without a limit until the operator sets one (N3,
 * P4: corporate accounts are invoiced monthly); an individual needs a card, balance or a voucher.
 */
export type FundingMeans = 'card' | 'credit' | 'prepaid';

export interface WalletFunds {
  readonly balance: number;
  readonly vouchers: readonly VoucherFunds[];
  readonly card?: { readonly status: 'active' | 'failing' };
  /** Absent: the default for the customer type; null: no limit; a number: the limit, minor units. */
  readonly creditLimit?: number | null;
  readonly creditUsed: number;
}

export interface FundingSettings {
  /** Card payments are configured (Stripe key) and the tenant has a payout account to charge on. */
  readonly cardPayments: boolean;
}

export type FundingDecision =
  | { readonly usable: true; readonly means: FundingMeans; readonly prepaid: number }
  | {
      readonly usable: false;
      readonly reason: 'no-payment-means' | 'credit-limit-reached';
      readonly prepaid: number;
    };

/** null: unlimited. */
export function effectiveCreditLimit(
  wallet: Pick<WalletFunds, 'creditLimit'>,
  customerType: CustomerType,
): number | null {
  if (wallet.creditLimit !== undefined) return wallet.creditLimit;
  return customerType === 'company' ? null : 0;
}

/** What vouchers (unexpired) and balance hold right now. */
export function prepaidFunds(wallet: Pick<WalletFunds, 'balance' | 'vouchers'>, now: Date): number {
  return wallet.balance + spendableVouchers(wallet.vouchers, now).reduce((sum, v) => sum + v.remaining, 0);
}

export function decideFunding(
  wallet: WalletFunds,
  customer: { readonly type: CustomerType },
  settings: FundingSettings,
  now: Date,
): FundingDecision {
  const prepaid = prepaidFunds(wallet, now);
  if (settings.cardPayments && wallet.card?.status === 'active')
    return { usable: true, means: 'card', prepaid };
  const limit = effectiveCreditLimit(wallet, customer.type);
  // P4: the next session is refused once what was charged on credit reached the limit, until it is settled.
  if (limit === null || (limit > 0 && wallet.creditUsed < limit))
    return { usable: true, means: 'credit', prepaid };
  if (prepaid > 0) return { usable: true, means: 'prepaid', prepaid };
  const reason = limit > 0 ? 'credit-limit-reached' : 'no-payment-means';
  return { usable: false, reason, prepaid };
}
