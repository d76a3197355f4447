import type { Deps } from '@csms/app/deps';
import {
  type AttachedDiscount,
  type CustomerType,
  effectiveCreditLimit,
  type VoucherFunds,
  type WalletFunds,
} from '@csms/core';
import type { StoredWallet } from '@csms/db';

/**
 * A customer's wallet with what its pointers point to: the vouchers' remaining values (consistent reads, as
 * funding depends on them) and the attached discount codes with their use counts.
 */
export interface LoadedWallet {
  readonly wallet: StoredWallet;
  readonly vouchers: readonly (VoucherFunds & { readonly amount: number })[];
  readonly discounts: readonly AttachedDiscount[];
  readonly funds: WalletFunds;
}

export async function loadWallet(deps: Deps, tenantId: string, customerId: string): Promise<LoadedWallet> {
  const wallet = await deps.wallets.getWallet(tenantId, customerId);
  const [vouchers, codes] = await Promise.all([
    wallet.vouchers.length
      ? deps.vouchers.getVouchers(
          tenantId,
          wallet.vouchers.map((v) => v.code),
        )
      : [],
    deps.discountCodes.getDiscountCodes(
      tenantId,
      wallet.discounts.map((d) => d.code),
    ),
  ]);
  const byCode = new Map(vouchers.map((v) => [v.code, v]));
  const voucherFunds = wallet.vouchers.flatMap((pointer) => {
    const voucher = byCode.get(pointer.code);
    // Only the customer the voucher names may spend it (not transferable).
    if (!voucher || voucher.customerId !== customerId) return [];
    return [
      {
        code: voucher.code,
        amount: voucher.amount,
        remaining: voucher.remaining,
        expiresAt: voucher.expiresAt,
        attachedAt: pointer.attachedAt,
      },
    ];
  });
  const codeByName = new Map(codes.map((c) => [c.code, c]));
  const discounts = wallet.discounts.flatMap((pointer) => {
    const code = codeByName.get(pointer.code);
    return code
      ? [{ code, attachedAt: pointer.attachedAt, uses: wallet.discountUses[pointer.code] ?? 0 }]
      : [];
  });
  return {
    wallet,
    vouchers: voucherFunds,
    discounts,
    funds: {
      balance: wallet.balance,
      vouchers: voucherFunds,
      ...(wallet.card ? { card: { status: wallet.card.status } } : {}),
      ...(wallet.creditLimit === undefined ? {} : { creditLimit: wallet.creditLimit }),
      creditUsed: wallet.creditUsed,
    },
  };
}

export const creditLimitOf = (loaded: LoadedWallet, customerType: CustomerType): number | null =>
  effectiveCreditLimit(loaded.funds, customerType);
