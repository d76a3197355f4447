import type { Deps } from '@csms/app/deps';
import { InsufficientFundsError, voucherForfeitTransaction } from '@csms/core';
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

export async function forfeitExpiredVouchers(
  deps: Deps,
  tenantId: string,
  now: Date,
): Promise<ForfeitResult> {
  const { currency } = await loadTenantPayments(deps, tenantId);
  const forfeited: { code: string; amount: number }[] = [];
  // Bounded: the index is eventually consistent, so a page may repeat vouchers just forfeited.
  for (let page = 0; page < MAX_PAGES; page++) {
    const expired = await deps.vouchers.listExpiredVouchers(tenantId, now, PAGE);
    for (const listed of expired) {
      const amount = await forfeitOne(deps, tenantId, listed.code, now, currency);
      if (amount > 0) forfeited.push({ code: listed.code, amount });
    }
    if (expired.length < PAGE) break;
  }
  return { forfeited };
}

async function forfeitOne(
  deps: Deps,
  tenantId: string,
  code: string,
  now: Date,
  currency: string,
): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const voucher = await deps.vouchers.getVoucher(tenantId, code);
    if (!voucher || voucher.forfeitedAt) return 0;
    // Nothing left: only out of the index (a concurrent run may have done it already).
    if (voucher.remaining === 0) {
      await deps.vouchers.forfeitVoucher(tenantId, code, now, undefined);
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
      const result = await deps.vouchers.forfeitVoucher(tenantId, code, now, tx);
      return result === 'posted' ? voucher.remaining : 0;
    } catch (error) {
      // Spent in between (a settlement just before expiry): read again and forfeit what is left.
      if (!(error instanceof InsufficientFundsError)) throw error;
    }
  }
  return 0;
}
