import { normalSide } from './accounts.ts';

/**
 * One balanced money movement: immutable once written. Its id is derived from the business event
 * (`settlement:<sessionId>`, `top-up:<paymentIntentId>`…), so booking the same event twice is refused by
 * storage instead of counting it twice; a correction is a new transaction, never an edit.
 */
export const ledgerTransactionKinds = [
  'session-settlement',
  'card-result',
  'top-up',
  'operator-credit',
  'voucher-issue',
  'voucher-forfeit',
  'debt-payment',
  'refund',
  'credit-payment',
] as const;
export type LedgerTransactionKind = (typeof ledgerTransactionKinds)[number];

export interface LedgerLine {
  readonly account: string;
  readonly side: 'debit' | 'credit';
  /** Positive integer, minor units. */
  readonly amount: number;
}

export interface LedgerTransaction {
  readonly id: string;
  readonly kind: LedgerTransactionKind;
  readonly at: string;
  readonly currency: string;
  readonly lines: readonly LedgerLine[];
  readonly customerId?: string;
  readonly sessionId?: string;
  /** The provider's or our own reference (PaymentIntent, refund, complaint, voucher code). */
  readonly reference?: string;
  readonly memo?: string;
}

/** A debit and a credit of the same amount; zero amounts produce nothing (a session without discount…). */
export interface Posting {
  readonly debit: string;
  readonly credit: string;
  readonly amount: number;
}

export function linesOf(postings: readonly Posting[]): LedgerLine[] {
  return postings.flatMap((p) => {
    if (!Number.isSafeInteger(p.amount) || p.amount < 0) {
      throw new RangeError(`Ledger amounts are non-negative integers in minor units, got ${p.amount}`);
    }
    if (p.amount === 0) return [];
    return [
      { account: p.debit, side: 'debit' as const, amount: p.amount },
      { account: p.credit, side: 'credit' as const, amount: p.amount },
    ];
  });
}

export function isBalanced(tx: Pick<LedgerTransaction, 'lines'>): boolean {
  let sum = 0;
  for (const line of tx.lines) {
    if (!Number.isSafeInteger(line.amount) || line.amount <= 0) return false;
    sum += line.side === 'debit' ? line.amount : -line.amount;
  }
  return sum === 0;
}

/**
 * What a transaction does to each account's balance, read on the account's normal side (see `accounts.ts`):
 * `+500` on `customer:c1:balance` means the customer has 5.00 more.
 */
export function balanceChanges(tx: Pick<LedgerTransaction, 'lines'>): Map<string, number> {
  const changes = new Map<string, number>();
  for (const line of tx.lines) {
    const sign = line.side === normalSide(line.account) ? 1 : -1;
    changes.set(line.account, (changes.get(line.account) ?? 0) + sign * line.amount);
  }
  for (const [account, change] of changes) if (change === 0) changes.delete(account);
  return changes;
}
