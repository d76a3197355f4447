import * as z from 'zod';
import { ConflictError, ValidationError } from '../errors.ts';
import { isoInstantSchema } from '../iso-instant.ts';
import { codeSchema } from './codes.ts';

/**
 * Gift vouchers (P2): a unique code worth an amount, attached to one customer before its activation
 * deadline, consumed oldest-attached first, not transferable, never paid out; what is left at expiry is
 * forfeited by a ledger entry.
 */
export const voucherCreateSchema = z
  .strictObject({
    code: codeSchema,
    amount: z.number().int().min(1).max(100_000_000).describe('Value in minor units of the tenant currency'),
    activateBy: isoInstantSchema.describe('Last moment a customer may attach it'),
    expiresAt: isoInstantSchema.describe('After this, what is left is forfeited'),
  })
  .superRefine((value, ctx) => {
    if (value.expiresAt <= value.activateBy) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'Must be after activateBy' });
    }
  });
export type VoucherCreate = z.infer<typeof voucherCreateSchema>;

export interface Voucher {
  /** Normalized (upper-case). */
  readonly code: string;
  readonly amount: number;
  /** The voucher account's balance, kept on the voucher itself. */
  readonly remaining: number;
  readonly activateBy: string;
  readonly expiresAt: string;
  readonly customerId?: string;
  readonly attachedAt?: string;
  readonly forfeitedAt?: string;
  readonly createdAt: string;
}

/** A customer's voucher as funding sees it. */
export interface VoucherFunds {
  readonly code: string;
  readonly remaining: number;
  readonly expiresAt: string;
  readonly attachedAt: string;
}

export function checkIssue(input: VoucherCreate, now: Date): void {
  if (Date.parse(input.expiresAt) <= now.getTime()) {
    throw new ValidationError([{ field: 'expiresAt', message: 'Must be in the future' }]);
  }
}

/** P2: before the activation deadline, once, by one customer (not transferable), while not expired. */
export function checkAttach(voucher: Voucher, customerId: string, now: Date): void {
  if (voucher.customerId !== undefined) {
    throw new ConflictError(
      voucher.customerId === customerId
        ? `Voucher ${voucher.code} is already attached to this customer`
        : `Voucher ${voucher.code} is already used by another customer; vouchers are not transferable`,
    );
  }
  if (now.toISOString() > voucher.activateBy) {
    throw new ConflictError(`Voucher ${voucher.code} had to be activated by ${voucher.activateBy}`);
  }
  if (isVoucherExpired(voucher, now)) throw new ConflictError(`Voucher ${voucher.code} has expired`);
}

export const isVoucherExpired = (voucher: Pick<Voucher, 'expiresAt'>, now: Date): boolean =>
  voucher.expiresAt <= now.toISOString();

/** Vouchers that can pay at `now`, oldest attached first (P2). */
export function spendableVouchers(vouchers: readonly VoucherFunds[], now: Date): VoucherFunds[] {
  return vouchers
    .filter((v) => v.remaining > 0 && !isVoucherExpired(v, now))
    .sort((a, b) => (a.attachedAt < b.attachedAt ? -1 : a.attachedAt > b.attachedAt ? 1 : 0));
}
