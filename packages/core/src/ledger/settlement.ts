import { customerAccounts, tenantAccounts, voucherAccount } from './accounts.ts';
import { type LedgerTransaction, linesOf, type Posting } from './transaction.ts';
import type { VoucherFunds } from './vouchers.ts';

/**
 * Funding a finished session (P1, P2, P3, P5): the discount first, since it lowers the price rather than
 * paying it (a voucher must not pay for what the discount waives); then the money, in the order the rules
 * give: vouchers oldest-attached first, the prepaid balance, then the backstop (card capture or credit). What
 * nobody pays is debt.
 *
 * Settlement is booked in two transactions so that nothing irreversible happens in between: first
 * `settlement:<session>` books the price and every prepaid means, parking the card's part in `card-pending`;
 * then, once the processor answered, `card-result:<session>` moves what was captured to card clearing and
 * what was declined to the customer's receivable (debt).
 */
export type Backstop = 'card' | 'credit' | 'none';

export interface SettlementInput {
  readonly gross: number;
  /** The VAT included in `gross`. */
  readonly vat: number;
  readonly discount?: { readonly code: string; readonly amount: number };
  /** Spendable at settlement time, oldest attached first (see `spendableVouchers`). */
  readonly vouchers: readonly Pick<VoucherFunds, 'code' | 'remaining'>[];
  readonly balance: number;
  readonly backstop: Backstop;
}

export interface SettlementPlan {
  readonly gross: number;
  readonly vat: number;
  /** `vat`: the VAT share of the discount, which lowers VAT payable rather than revenue. */
  readonly discount: { readonly code: string; readonly amount: number; readonly vat: number } | null;
  readonly vouchers: readonly { readonly code: string; readonly amount: number }[];
  readonly balance: number;
  readonly card: number;
  readonly credit: number;
  readonly debt: number;
}

export function planSettlement(input: SettlementInput): SettlementPlan {
  if (!Number.isSafeInteger(input.gross) || input.gross < 0) throw new RangeError('gross must be ≥ 0');
  if (!Number.isSafeInteger(input.vat) || input.vat < 0 || input.vat > input.gross) {
    throw new RangeError('vat must be between 0 and gross');
  }
  let open = input.gross;
  const take = (available: number) => {
    const amount = Math.max(0, Math.min(available, open));
    open -= amount;
    return amount;
  };
  const discountAmount = input.discount ? take(input.discount.amount) : 0;
  const discount =
    input.discount && discountAmount > 0
      ? {
          code: input.discount.code,
          amount: discountAmount,
          // Proportional, rounded half up: the discount lowers net and VAT alike.
          vat:
            input.gross === 0
              ? 0
              : Math.floor((discountAmount * input.vat * 2 + input.gross) / (2 * input.gross)),
        }
      : null;
  const vouchers: { code: string; amount: number }[] = [];
  for (const voucher of input.vouchers) {
    const amount = take(voucher.remaining);
    if (amount > 0) vouchers.push({ code: voucher.code, amount });
  }
  const balance = take(input.balance);
  const card = input.backstop === 'card' ? take(open) : 0;
  const credit = input.backstop === 'credit' ? take(open) : 0;
  return { gross: input.gross, vat: input.vat, discount, vouchers, balance, card, credit, debt: open };
}

export interface SettlementMeta {
  readonly sessionId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly at: Date;
}

export function settlementTransaction(plan: SettlementPlan, meta: SettlementMeta): LedgerTransaction {
  const receivable = customerAccounts.receivable(meta.customerId);
  const postings: Posting[] = [
    // The price: the customer owes gross; net is revenue, the rest VAT.
    { debit: receivable, credit: tenantAccounts.revenue, amount: plan.gross - plan.vat },
    { debit: receivable, credit: tenantAccounts.vatPayable, amount: plan.vat },
  ];
  if (plan.discount) {
    postings.push(
      {
        debit: tenantAccounts.discounts,
        credit: receivable,
        amount: plan.discount.amount - plan.discount.vat,
      },
      { debit: tenantAccounts.vatPayable, credit: receivable, amount: plan.discount.vat },
    );
  }
  for (const v of plan.vouchers)
    postings.push({ debit: voucherAccount(v.code), credit: receivable, amount: v.amount });
  postings.push(
    { debit: customerAccounts.balance(meta.customerId), credit: receivable, amount: plan.balance },
    { debit: tenantAccounts.cardPending, credit: receivable, amount: plan.card },
    { debit: customerAccounts.credit(meta.customerId), credit: receivable, amount: plan.credit },
  );
  // What is left on the receivable is the debt (P5): no posting, it simply stays there.
  return {
    id: `settlement:${meta.sessionId}`,
    kind: 'session-settlement',
    at: meta.at.toISOString(),
    currency: meta.currency,
    customerId: meta.customerId,
    sessionId: meta.sessionId,
    ...(plan.discount ? { reference: plan.discount.code } : {}),
    lines: linesOf(postings),
  };
}

export interface CardOutcome {
  /** Captured (or charged) on the card. */
  readonly collected: number;
  /** Declined: becomes debt. */
  readonly uncollected: number;
  readonly fee: number;
  readonly paymentIntentId?: string;
}

/** The card part of a settlement once the processor answered: collected → card clearing, declined → debt. */
export function cardResultTransaction(outcome: CardOutcome, meta: SettlementMeta): LedgerTransaction {
  return {
    id: `card-result:${meta.sessionId}`,
    kind: 'card-result',
    at: meta.at.toISOString(),
    currency: meta.currency,
    customerId: meta.customerId,
    sessionId: meta.sessionId,
    ...(outcome.paymentIntentId ? { reference: outcome.paymentIntentId } : {}),
    lines: linesOf([
      { debit: tenantAccounts.cardClearing, credit: tenantAccounts.cardPending, amount: outcome.collected },
      { debit: tenantAccounts.platformFee, credit: tenantAccounts.cardClearing, amount: outcome.fee },
      {
        debit: customerAccounts.receivable(meta.customerId),
        credit: tenantAccounts.cardPending,
        amount: outcome.uncollected,
      },
    ]),
  };
}

/**
 * The VAT included in a gross amount at a percentage rate ("19", "7.7"), rounded half up on the net: for a
 * settlement given only its gross (the pricing engine's breakdown, when at hand, gives VAT exactly).
 */
export function vatIncluded(gross: number, ratePercent: string): number {
  const basisPoints = Math.round(Number(ratePercent) * 100);
  if (!Number.isFinite(basisPoints) || basisPoints < 0)
    throw new RangeError(`Invalid VAT rate ${ratePercent}`);
  const divisor = 10_000 + basisPoints;
  const net = Math.floor((gross * 10_000 * 2 + divisor) / (2 * divisor));
  return gross - net;
}
