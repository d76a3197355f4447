import { customerAccounts, tenantAccounts, voucherAccount } from './accounts.ts';
import { type LedgerTransaction, linesOf, type Posting } from './transaction.ts';

/**
 * The money movements other than settlement, one builder each, so every place that moves money books it the
 * same way. Ids name the business event; a repeated event (webhook and API both reporting a top-up) is
 * therefore booked once.
 */
interface Common {
  readonly at: Date;
  readonly currency: string;
}

/** The platform's application fee, rounded down: the tenant is never charged more than its rate. */
export function platformFeeOf(amount: number, basisPoints: number): number {
  return Math.floor((amount * basisPoints) / 10_000);
}

const feePostings = (fee: number): Posting[] => [
  { debit: tenantAccounts.platformFee, credit: tenantAccounts.cardClearing, amount: fee },
];

export function topUpTransaction(
  input: Common & { customerId: string; amount: number; fee: number; paymentIntentId: string },
): LedgerTransaction {
  return cardPaymentInto(
    `top-up:${input.paymentIntentId}`,
    'top-up',
    customerAccounts.balance(input.customerId),
    input,
  );
}

export function operatorCreditTransaction(
  input: Common & { id: string; customerId: string; amount: number; reason: string },
): LedgerTransaction {
  return {
    id: `operator-credit:${input.id}`,
    kind: 'operator-credit',
    at: input.at.toISOString(),
    currency: input.currency,
    customerId: input.customerId,
    memo: input.reason,
    lines: linesOf([
      {
        debit: tenantAccounts.goodwill,
        credit: customerAccounts.balance(input.customerId),
        amount: input.amount,
      },
    ]),
  };
}

export function voucherIssueTransaction(input: Common & { code: string; amount: number }): LedgerTransaction {
  return {
    id: `voucher-issue:${input.code}`,
    kind: 'voucher-issue',
    at: input.at.toISOString(),
    currency: input.currency,
    reference: input.code,
    lines: linesOf([
      { debit: tenantAccounts.voucherIssuance, credit: voucherAccount(input.code), amount: input.amount },
    ]),
  };
}

export function voucherForfeitTransaction(
  input: Common & { code: string; remaining: number; customerId?: string },
): LedgerTransaction {
  return {
    id: `voucher-forfeit:${input.code}`,
    kind: 'voucher-forfeit',
    at: input.at.toISOString(),
    currency: input.currency,
    reference: input.code,
    ...(input.customerId ? { customerId: input.customerId } : {}),
    lines: linesOf([
      {
        debit: voucherAccount(input.code),
        credit: tenantAccounts.forfeitedVouchers,
        amount: input.remaining,
      },
    ]),
  };
}

export function debtPaymentTransaction(
  input: Common & {
    attemptId: string;
    customerId: string;
    amount: number;
    fee: number;
    paymentIntentId: string;
  },
): LedgerTransaction {
  return cardPaymentInto(
    `debt-payment:${input.attemptId}`,
    'debt-payment',
    customerAccounts.receivable(input.customerId),
    input,
  );
}

/** Money taken from a card into one customer account, less the platform's fee: top-ups and debt payments. */
function cardPaymentInto(
  id: string,
  kind: 'top-up' | 'debt-payment',
  account: string,
  input: Common & { customerId: string; amount: number; fee: number; paymentIntentId: string },
): LedgerTransaction {
  return {
    id,
    kind,
    at: input.at.toISOString(),
    currency: input.currency,
    customerId: input.customerId,
    reference: input.paymentIntentId,
    lines: linesOf([
      { debit: tenantAccounts.cardClearing, credit: account, amount: input.amount },
      ...feePostings(input.fee),
    ]),
  };
}

/** P6: an accepted complaint's refund, to the card (through the processor) or onto the prepaid balance. */
export function refundTransaction(
  input: Common & {
    complaintId: string;
    customerId: string;
    sessionId: string;
    amount: number;
    to: 'card' | 'balance';
    reference?: string;
  },
): LedgerTransaction {
  const credit =
    input.to === 'card' ? tenantAccounts.cardClearing : customerAccounts.balance(input.customerId);
  return {
    id: `refund:${input.complaintId}`,
    kind: 'refund',
    at: input.at.toISOString(),
    currency: input.currency,
    customerId: input.customerId,
    sessionId: input.sessionId,
    ...(input.reference ? { reference: input.reference } : {}),
    lines: linesOf([{ debit: tenantAccounts.refunds, credit, amount: input.amount }]),
  };
}

/** P4: a payment of invoiced credit (bank transfer) frees the credit limit again. */
export function creditPaymentTransaction(
  input: Common & { id: string; customerId: string; amount: number; reference: string },
): LedgerTransaction {
  return {
    id: `credit-payment:${input.id}`,
    kind: 'credit-payment',
    at: input.at.toISOString(),
    currency: input.currency,
    customerId: input.customerId,
    reference: input.reference,
    lines: linesOf([
      { debit: tenantAccounts.bank, credit: customerAccounts.credit(input.customerId), amount: input.amount },
    ]),
  };
}
