import { InsufficientFundsError, voucherForfeitTransaction } from '@csms/core';
import {
  executeWrites,
  getVoucher,
  gsi1,
  keys,
  listExpiredVouchers,
  postLedgerTransaction,
  WriteSet,
} from '@csms/db';
import { loadTenantPayments } from './tenant-payments.ts';

/**
 * P2: what is left on expired vouchers is forfeited, each by a ledger entry (voucher liability → forfeited
 * income), and the voucher leaves the expiry index. For the scheduler: run per tenant, e.g. daily; safe to run
 * any number of times (a forfeited voucher is no longer listed, and its entry is keyed by the code).
 */
export interface ForfeitResult {
  readonly forfeited: readonly { readonly code: string; readonly amount: number }[];
}

const PAGE = 100;
const MAX_PAGES = 1_000;

export async function forfeitExpiredVouchers(tenantId: string, now: Date): Promise<ForfeitResult> {
  const { currency } = await loadTenantPayments(tenantId);
  const forfeited: { code: string; amount: number }[] = [];
  // Bounded: the index is eventually consistent, so a page may repeat vouchers just forfeited.
  for (let page = 0; page < MAX_PAGES; page++) {
    const expired = await listExpiredVouchers(tenantId, now, PAGE);
    for (const listed of expired) {
      const amount = await forfeitOne(tenantId, listed.code, now, currency);
      if (amount > 0) forfeited.push({ code: listed.code, amount });
    }
    if (expired.length < PAGE) break;
  }
  return { forfeited };
}

async function forfeitOne(tenantId: string, code: string, now: Date, currency: string): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const voucher = await getVoucher(tenantId, code);
    if (!voucher || voucher.forfeitedAt) return 0;
    const writes = new WriteSet();
    const item = writes.update(keys.voucher(tenantId, code));
    item.remove('gsi1pk').remove('gsi1sk').set('forfeitedAt', now.toISOString());
    // Only while it still sits in the index under this expiry, so a concurrent run forfeits it once.
    item.condition(`${item.name('gsi1pk')} = ${item.value(gsi1.vouchersByExpiry(tenantId))}`);
    if (voucher.remaining === 0) {
      try {
        await executeWrites(writes);
      } catch {
        // Taken out of the index concurrently: nothing left to do.
      }
      return 0;
    }
    try {
      const tx = voucherForfeitTransaction({
        code,
        remaining: voucher.remaining,
        at: now,
        currency,
        ...(voucher.customerId ? { customerId: voucher.customerId } : {}),
      });
      const result = await postLedgerTransaction(tenantId, tx, { writes });
      return result === 'posted' ? voucher.remaining : 0;
    } catch (error) {
      // Spent in between (a settlement just before expiry): read again and forfeit what is left.
      if (!(error instanceof InsufficientFundsError)) throw error;
    }
  }
  return 0;
}
