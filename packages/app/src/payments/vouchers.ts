import {
  checkIssue,
  codeSchema,
  NotFoundError,
  normalizeCode,
  type Voucher,
  type VoucherCreate,
} from '@csms/core';
import type { Deps } from '../deps.ts';

/** Gift vouchers (P2): issued by the tenant, booked as a liability per voucher. */

/**
 * A new voucher worth its whole amount, stored under the normalized code together with its ledger entry
 * (in the tenant's currency, so the tenant must exist). A taken code is a 409 from the repository.
 */
export async function issueVoucher(
  deps: Pick<Deps, 'tenants' | 'vouchers' | 'clock'>,
  tenantId: string,
  command: VoucherCreate,
): Promise<Voucher> {
  const now = deps.clock.now();
  checkIssue(command, now);
  const tenant = await deps.tenants.getTenant(tenantId);
  if (!tenant) throw new NotFoundError('Tenant');
  const voucher: Voucher = {
    code: normalizeCode(command.code),
    amount: command.amount,
    remaining: command.amount,
    activateBy: command.activateBy,
    expiresAt: command.expiresAt,
    createdAt: now.toISOString(),
  };
  await deps.vouchers.issueVoucher(tenantId, voucher, tenant.currency);
  return voucher;
}

/** The voucher as written in any case; one that could never be a code is unknown (404) without a read. */
export async function getVoucher(
  deps: Pick<Deps, 'vouchers'>,
  tenantId: string,
  rawCode: string,
): Promise<Voucher> {
  const voucher = codeSchema.safeParse(rawCode).success
    ? await deps.vouchers.getVoucher(tenantId, normalizeCode(rawCode))
    : undefined;
  if (!voucher) throw new NotFoundError(`Voucher ${rawCode}`);
  return voucher;
}
