import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  type LedgerTransaction,
  type Voucher,
  voucherAccount,
  voucherIssueTransaction,
} from '@csms/core';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import { type PostResult, postLedgerTransaction } from './ledger.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';
import { executeWrites, WriteSet } from './write-set.ts';

/**
 * Gift vouchers (access patterns L8–L10). The voucher item is its ledger account: `remaining` is the balance.
 * Until forfeited it sits in a sparse index by expiry, which the forfeiting job reads.
 */
const voucherSchema: z.ZodType<Voucher> = z.object({
  code: z.string(),
  amount: z.number(),
  /** Moved by the ledger (`ledger.ts`, an ADD on the voucher item). */
  remaining: z.number(),
  activateBy: z.string(),
  expiresAt: z.string(),
  /** Set when attached (`wallets.ts`). */
  customerId: z.string().optional(),
  attachedAt: z.string().optional(),
  forfeitedAt: z.string().optional(),
  createdAt: z.string(),
});

/** The voucher item of one tenant: it names its tenant beside the value, and sits in the expiry index. */
const voucherEntity = (tenantId: string) =>
  defineEntity({
    type: 'Voucher',
    schema: voucherSchema,
    key: (voucher) => keys.voucher(tenantId, voucher.code),
    index: (voucher) => ({
      gsi1pk: gsi1.vouchersByExpiry(tenantId),
      gsi1sk: gsi1.voucherExpirySortKey(voucher.expiresAt, voucher.code),
    }),
    derived: () => ({ tenantId }),
  });

/** Access pattern L8: issuing writes the voucher with its value and the ledger entry, atomically. */
export async function issueVoucher(
  table: TableClient,
  tenantId: string,
  voucher: Voucher,
  currency: string,
): Promise<void> {
  const tx = voucherIssueTransaction({
    code: voucher.code,
    amount: voucher.amount,
    at: new Date(voucher.createdAt),
    currency,
  });
  const writes = new WriteSet().put(
    voucherEntity(tenantId).toItem(voucher),
    'attribute_not_exists(pk)',
    () => new ConflictError(`Voucher code ${voucher.code} exists already`),
  );
  const result = await postLedgerTransaction(table, tenantId, tx, {
    writes,
    balancesWrittenByCaller: [voucherAccount(voucher.code)],
  });
  // The issue entry is keyed by the code: a duplicate means the code was issued before.
  if (result === 'duplicate') throw new ConflictError(`Voucher code ${voucher.code} exists already`);
}

/** Access pattern L9. */
export async function getVoucher(
  table: TableClient,
  tenantId: string,
  code: string,
): Promise<Voucher | undefined> {
  const { Item } = await table.get({
    Key: keys.voucher(tenantId, code),
    ConsistentRead: true,
  });
  return voucherEntity(tenantId).fromOptional(Item);
}

/** Access pattern L9: a customer's vouchers by code (consistent: funding reads them). */
export async function getVouchers(
  table: TableClient,
  tenantId: string,
  codes: readonly string[],
): Promise<Voucher[]> {
  const entity = voucherEntity(tenantId);
  const found: Voucher[] = [];
  for (let i = 0; i < codes.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
      [table.name]: {
        Keys: codes.slice(i, i + 100).map((code) => ({ ...keys.voucher(tenantId, code) })),
        ConsistentRead: true,
      },
    };
    while (request && Object.keys(request).length > 0) {
      const { Responses, UnprocessedKeys } = await table.documents.send(
        new BatchGetCommand({ RequestItems: request }),
      );
      found.push(...(Responses?.[table.name] ?? []).map((item) => entity.fromItem(item)));
      request = UnprocessedKeys as typeof request;
    }
  }
  return found;
}

/** Access pattern L10: vouchers expired by `now` and not yet forfeited, oldest expiry first. */
export async function listExpiredVouchers(
  table: TableClient,
  tenantId: string,
  now: Date,
  limit = 100,
): Promise<Voucher[]> {
  const { Items = [] } = await table.query({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :now',
    ExpressionAttributeValues: { ':pk': gsi1.vouchersByExpiry(tenantId), ':now': now.toISOString() },
    Limit: limit,
  });
  const entity = voucherEntity(tenantId);
  return Items.map((item) => entity.fromItem(item));
}

/**
 * Takes an expired voucher out of the expiry index, posting the ledger entry that forfeits what is left on it
 * (`forfeit`, none when nothing is left) in the same transaction. Only while it still sits in the index, so a
 * concurrent run forfeits it once: then `'duplicate'`.
 */
export async function forfeitVoucher(
  table: TableClient,
  tenantId: string,
  code: string,
  at: Date,
  forfeit: LedgerTransaction | undefined,
): Promise<PostResult> {
  const writes = new WriteSet();
  const item = writes.update(keys.voucher(tenantId, code));
  item.remove('gsi1pk').remove('gsi1sk').set('forfeitedAt', at.toISOString());
  item.condition(`${item.name('gsi1pk')} = ${item.value(gsi1.vouchersByExpiry(tenantId))}`);
  if (forfeit) return postLedgerTransaction(table, tenantId, forfeit, { writes });
  try {
    await executeWrites(table, writes);
    return 'posted';
  } catch {
    return 'duplicate';
  }
}

/** The vouchers repository: the functions above with the table given. */
export const createVouchersRepository = (table: TableClient) =>
  bindTable(table, { issueVoucher, getVoucher, getVouchers, listExpiredVouchers, forfeitVoucher });

export type VouchersRepository = ReturnType<typeof createVouchersRepository>;
