import { ConflictError } from '../errors.ts';
import { isGated } from './accounts.ts';
import { balanceChanges, isBalanced, type LedgerTransaction } from './transaction.ts';

/** A gated account (balance, voucher, debt, credit used) would go below zero. */
export class InsufficientFundsError extends ConflictError {
  constructor(readonly account: string) {
    super(`Not enough funds on ${account}; nothing was booked`);
    this.name = 'InsufficientFundsError';
  }
}

export class UnbalancedTransactionError extends Error {
  constructor(id: string) {
    super(`Ledger transaction ${id} does not balance`);
    this.name = 'UnbalancedTransactionError';
  }
}

/**
 * The ledger's rules applied to balances in memory: the transaction must balance, and no gated account may
 * go negative. Storage enforces the very same two rules with one TransactWriteItems (conditions on the
 * balance items), so this is both the reference for it and what the property test runs against.
 */
export function applyTransaction(
  balances: ReadonlyMap<string, number>,
  tx: LedgerTransaction,
): Map<string, number> {
  const next = new Map(balances);
  postTransaction(next, tx);
  return next;
}

/**
 * `applyTransaction` on a mutable book, for long runs (the property test): every rule is checked before
 * anything changes, so a refused transaction leaves the book as it was.
 */
export function postTransaction(balances: Map<string, number>, tx: LedgerTransaction): void {
  if (!isBalanced(tx)) throw new UnbalancedTransactionError(tx.id);
  const changes = balanceChanges(tx);
  for (const [account, change] of changes) {
    if (change < 0 && isGated(account) && (balances.get(account) ?? 0) + change < 0) {
      throw new InsufficientFundsError(account);
    }
  }
  for (const [account, change] of changes) balances.set(account, (balances.get(account) ?? 0) + change);
}

/** Sum of all debits minus all credits over every account: zero for a ledger of balanced transactions. */
export function trialBalance(transactions: Iterable<LedgerTransaction>): number {
  let sum = 0;
  for (const tx of transactions) {
    for (const line of tx.lines) sum += line.side === 'debit' ? line.amount : -line.amount;
  }
  return sum;
}
