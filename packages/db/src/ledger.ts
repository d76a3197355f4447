import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  balanceChanges,
  ConflictError,
  InsufficientFundsError,
  isBalanced,
  isGated,
  type LedgerTransaction,
  ledgerTransactionKinds,
  parseAccount,
  UnbalancedTransactionError,
} from '@csms/core';
import * as z from 'zod';
import { gsi1, type ItemKey, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';
import { WriteSet } from './write-set.ts';

/**
 * The ledger's storage (access patterns L1–L3). A transaction is one item, immutable, keyed by its id; it is
 * written in one TransactWriteItems together with the balance of every gated account it moves (customer
 * balance and credit used on the wallet item, debt as the customer's `outstandingDebt`, a voucher's
 * `remaining` on the voucher), each conditioned so it never goes below zero, and with whatever else the
 * caller changes in the same breath (`writes`: the session's funding record, a complaint's status…).
 * Either all of it is written or none.
 */
export type PostResult = 'posted' | 'duplicate';

export interface PostOptions {
  /** More writes in the same transaction; items they update may also carry balances. */
  readonly writes?: WriteSet;
  /** Accounts whose balance item the caller writes itself (a voucher created with its value). */
  readonly balancesWrittenByCaller?: readonly string[];
}

const MAX_CONFLICT_RETRIES = 4;

const ledgerTransactionSchema: z.ZodType<LedgerTransaction> = z.object({
  id: z.string(),
  kind: z.enum(ledgerTransactionKinds),
  at: z.string(),
  currency: z.string(),
  lines: z.array(z.object({ account: z.string(), side: z.enum(['debit', 'credit']), amount: z.number() })),
  customerId: z.string().optional(),
  sessionId: z.string().optional(),
  reference: z.string().optional(),
  memo: z.string().optional(),
});

const monthOf = (at: string) => at.slice(0, 7);

/** The journal item: immutable, names its tenant beside the value, and sits in its month's index partition. */
const ledgerTransactionEntity = (tenantId: string) =>
  defineEntity({
    type: 'LedgerTransaction',
    schema: ledgerTransactionSchema,
    key: (tx) => keys.ledgerTransaction(tenantId, tx.id),
    index: (tx) => ({
      gsi1pk: gsi1.ledgerOfTenantMonth(tenantId, monthOf(tx.at)),
      gsi1sk: gsi1.ledgerSortKey(tx.at, tx.id),
    }),
    derived: () => ({ tenantId }),
  });

/** Where a gated account's balance is kept; a wallet's names its customer, whose first movement creates it. */
type BalanceItem =
  | {
      readonly kind: 'wallet';
      readonly key: ItemKey;
      readonly attribute: string;
      readonly customerId: string;
    }
  | { readonly kind: 'customer' | 'voucher'; readonly key: ItemKey; readonly attribute: string };

function balanceItem(tenantId: string, account: string): BalanceItem {
  const parsed = parseAccount(account);
  if (parsed.scope === 'voucher') {
    return { key: keys.voucher(tenantId, parsed.code), attribute: 'remaining', kind: 'voucher' };
  }
  if (parsed.scope === 'customer') {
    if (parsed.name === 'receivable') {
      // Debt is the receivable's balance, kept where authorization reads it (the customer's debt seam).
      return {
        key: keys.customer(tenantId, parsed.customerId),
        attribute: 'outstandingDebt',
        kind: 'customer',
      };
    }
    const attribute = parsed.name === 'balance' ? 'balance' : 'creditUsed';
    return {
      key: keys.wallet(tenantId, parsed.customerId),
      attribute,
      kind: 'wallet',
      customerId: parsed.customerId,
    };
  }
  throw new Error(`${account} has no balance item`);
}

/** Adds the balance updates of `tx` to `writes`; exported for callers that need the write set itself. */
export function addBalanceWrites(
  tenantId: string,
  tx: LedgerTransaction,
  writes: WriteSet,
  skip: readonly string[] = [],
): void {
  for (const [account, change] of balanceChanges(tx)) {
    if (!isGated(account) || skip.includes(account)) continue;
    const item = balanceItem(tenantId, account);
    const update = writes.update(item.key);
    update.add(item.attribute, change);
    if (change < 0) {
      update.condition(`${update.name(item.attribute)} >= ${update.value(-change)}`);
      update.failure ??= () => new InsufficientFundsError(account);
    }
    if (item.kind === 'wallet') {
      // The wallet appears with its first movement.
      update.setIfNotExists('type', 'Wallet').setIfNotExists('customerId', item.customerId);
    } else {
      // Never create a customer or voucher out of a balance change.
      update.condition(`attribute_exists(${update.name('pk')})`);
      update.failure ??= () => new ConflictError(`${account} does not exist`);
    }
  }
}

export async function postLedgerTransaction(
  table: TableClient,
  tenantId: string,
  tx: LedgerTransaction,
  options: PostOptions = {},
): Promise<PostResult> {
  if (!isBalanced(tx)) throw new UnbalancedTransactionError(tx.id);
  const writes = options.writes ?? new WriteSet();
  writes.put(ledgerTransactionEntity(tenantId).toItem(tx), 'attribute_not_exists(pk)');
  addBalanceWrites(tenantId, tx, writes, options.balancesWrittenByCaller);
  const { items, failures } = writes.build();
  // The journal item is the first Put only if the caller added no Put of its own; find it by key.
  const journalIndex = items.findIndex((item) => item.Put?.Item?.type === 'LedgerTransaction');
  for (let attempt = 0; ; attempt++) {
    try {
      await table.transact(items);
      return 'posted';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[journalIndex]?.Code === 'ConditionalCheckFailed') return 'duplicate';
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (failed >= 0)
        throw failures[failed]?.() ?? new ConflictError(`Ledger transaction ${tx.id} was refused`);
      const conflict = reasons.some((r) => r.Code === 'TransactionConflict');
      if (!conflict || attempt >= MAX_CONFLICT_RETRIES) throw error;
      // Another transaction held one of the items: wait a little (jittered) and write again.
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt + Math.random() * 20));
    }
  }
}

export async function getLedgerTransaction(
  table: TableClient,
  tenantId: string,
  transactionId: string,
): Promise<LedgerTransaction | undefined> {
  const { Item } = await table.get({
    Key: keys.ledgerTransaction(tenantId, transactionId),
    ConsistentRead: true,
  });
  return ledgerTransactionEntity(tenantId).fromOptional(Item);
}

/** Access pattern L3: the journal of one month (`YYYY-MM`), in time order. */
export async function listLedgerTransactions(
  table: TableClient,
  tenantId: string,
  month: string,
  page: PageRequest,
): Promise<Page<LedgerTransaction>> {
  const result = await queryPage(table, {
    tenantId,
    index: 'gsi1',
    partition: gsi1.ledgerOfTenantMonth(tenantId, month),
    forward: true,
    page,
  });
  const entity = ledgerTransactionEntity(tenantId);
  return { items: result.items.map((item) => entity.fromItem(item)), nextCursor: result.nextCursor };
}

/** The ledger repository: the functions above with the table given. */
export const createLedgerRepository = (table: TableClient) =>
  bindTable(table, { postLedgerTransaction, getLedgerTransaction, listLedgerTransactions });

export type LedgerRepository = ReturnType<typeof createLedgerRepository>;
