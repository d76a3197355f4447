import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, type Voucher, voucherAccount, voucherIssueTransaction } from '@csms/core';
import { db, tableName } from './client.ts';
import { gsi1, keys } from './keys.ts';
import { postLedgerTransaction } from './ledger.ts';
import { WriteSet } from './write-set.ts';

/**
 * Gift vouchers (access patterns L8–L10). The voucher item is its ledger account: `remaining` is the balance.
 * Until forfeited it sits in a sparse index by expiry, which the forfeiting job reads.
 */
const toVoucher = (item: Record<string, unknown>): Voucher => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _t, tenantId: _tenant, ...voucher } = item;
  return voucher as unknown as Voucher;
};

/** Access pattern L8: issuing writes the voucher with its value and the ledger entry, atomically. */
export async function issueVoucher(tenantId: string, voucher: Voucher, currency: string): Promise<void> {
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
  const result = await postLedgerTransaction(tenantId, tx, {
    writes,
    balancesWrittenByCaller: [voucherAccount(voucher.code)],
  });
  // The issue entry is keyed by the code: a duplicate means the code was issued before.
  if (result === 'duplicate') throw new ConflictError(`Voucher code ${voucher.code} exists already`);
}

/** Access pattern L9. */
export async function getVoucher(tenantId: string, code: string): Promise<Voucher | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.voucher(tenantId, code), ConsistentRead: true }),
  );
  return Item ? toVoucher(Item) : undefined;
}

/** Access pattern L9: a customer's vouchers by code (consistent: funding reads them). */
export async function getVouchers(tenantId: string, codes: readonly string[]): Promise<Voucher[]> {
  const found: Voucher[] = [];
  for (let i = 0; i < codes.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
      [tableName()]: {
        Keys: codes.slice(i, i + 100).map((code) => ({ ...keys.voucher(tenantId, code) })),
        ConsistentRead: true,
      },
    };
    while (request && Object.keys(request).length > 0) {
      const { Responses, UnprocessedKeys } = await db().send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(Responses?.[tableName()] ?? []).map(toVoucher));
      request = UnprocessedKeys as typeof request;
    }
  }
  return found;
}

/** Access pattern L10: vouchers expired by `now` and not yet forfeited, oldest expiry first. */
export async function listExpiredVouchers(tenantId: string, now: Date, limit = 100): Promise<Voucher[]> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :now',
      ExpressionAttributeValues: { ':pk': gsi1.vouchersByExpiry(tenantId), ':now': now.toISOString() },
      Limit: limit,
    }),
  );
  return Items.map(toVoucher);
}
