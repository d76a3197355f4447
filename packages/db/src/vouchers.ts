import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  type LedgerTransaction,
  type Voucher,
  voucherAccount,
  voucherIssueTransaction,
} from '@csms/core';
import { gsi1, keys } from './keys.ts';
import { type PostResult, postLedgerTransaction } from './ledger.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';
import { executeWrites, WriteSet } from './write-set.ts';

/**
 * Gift vouchers (access patterns L8–L10). The voucher item is its ledger account: `remaining` is the balance.
 * Until forfeited it sits in a sparse index by expiry, which the forfeiting job reads.
 */
const toVoucher = (item: Record<string, unknown>): Voucher => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _t, tenantId: _tenant, ...voucher } = item;
  return voucher as unknown as Voucher;
};

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
    {
      ...keys.voucher(tenantId, voucher.code),
      gsi1pk: gsi1.vouchersByExpiry(tenantId),
      gsi1sk: gsi1.voucherExpirySortKey(voucher.expiresAt, voucher.code),
      type: 'Voucher',
      tenantId,
      ...voucher,
    },
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
  return Item ? toVoucher(Item) : undefined;
}

/** Access pattern L9: a customer's vouchers by code (consistent: funding reads them). */
export async function getVouchers(
  table: TableClient,
  tenantId: string,
  codes: readonly string[],
): Promise<Voucher[]> {
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
      found.push(...(Responses?.[table.name] ?? []).map(toVoucher));
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
  return Items.map(toVoucher);
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
