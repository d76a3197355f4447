import * as z from 'zod';
import { type CustomerType, customerTypes } from '../customer.ts';
import { isoInstantSchema } from '../iso-instant.ts';
import { codeSchema } from './codes.ts';

/**
 * Discount codes (P3): an amount or a percentage off a session, with an expiry and optional conditions; the
 * operator can suspend (and resume) or cancel (for good) a code. Customers attach codes; at settlement the
 * one attached code that gives the largest reduction applies, once per session.
 */
export const discountKinds = ['amount', 'percentage'] as const;
export const discountStatuses = ['active', 'suspended', 'cancelled'] as const;
export type DiscountStatus = (typeof discountStatuses)[number];

export const discountConditionsSchema = z.strictObject({
  minSessionAmount: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Applies only to sessions costing at least this'),
  maxDiscountAmount: z.number().int().min(1).optional().describe('Cap of a percentage discount, minor units'),
  customerTypes: z
    .array(z.enum(customerTypes))
    .min(1)
    .optional()
    .describe('Only for these kinds of customer'),
  maxUsesPerCustomer: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Sessions per customer; unlimited if absent'),
});
export type DiscountConditions = z.infer<typeof discountConditionsSchema>;

export const discountCodeCreateSchema = z
  .strictObject({
    code: codeSchema,
    kind: z.enum(discountKinds),
    value: z
      .number()
      .int()
      .min(1)
      .describe('`amount`: minor units off each session; `percentage`: whole percent off (1–100)'),
    expiresAt: isoInstantSchema,
    conditions: discountConditionsSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'percentage' && value.value > 100) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'A percentage is at most 100' });
    }
  });
export type DiscountCodeCreate = z.infer<typeof discountCodeCreateSchema>;

export const discountCodePatchSchema = z.strictObject({
  status: z
    .enum(discountStatuses)
    .describe('`suspended` pauses the code, `active` resumes it, `cancelled` is final'),
});

export interface DiscountCode extends Omit<DiscountCodeCreate, 'conditions'> {
  readonly conditions?: DiscountConditions;
  readonly status: DiscountStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A code attached to a customer, with how often it was used. */
export interface AttachedDiscount {
  readonly code: DiscountCode;
  readonly attachedAt: string;
  readonly uses: number;
}

export function canChangeStatus(current: DiscountStatus, next: DiscountStatus): boolean {
  return current !== 'cancelled' || next === 'cancelled';
}

export function isDiscountUsable(code: Pick<DiscountCode, 'status' | 'expiresAt'>, now: Date): boolean {
  return code.status === 'active' && code.expiresAt > now.toISOString();
}

/** What the code takes off a session of `gross` for this customer, 0 when a condition is not met. */
export function discountAmount(
  attached: AttachedDiscount,
  gross: number,
  customerType: CustomerType,
  now: Date,
): number {
  const { code, uses } = attached;
  const conditions = code.conditions ?? {};
  if (!isDiscountUsable(code, now) || gross <= 0) return 0;
  if (conditions.minSessionAmount !== undefined && gross < conditions.minSessionAmount) return 0;
  if (conditions.customerTypes && !conditions.customerTypes.includes(customerType)) return 0;
  if (conditions.maxUsesPerCustomer !== undefined && uses >= conditions.maxUsesPerCustomer) return 0;
  // Percentages round half up to the minor unit; the result never exceeds the session itself.
  let amount = code.kind === 'amount' ? code.value : Math.floor((gross * code.value + 50) / 100);
  if (conditions.maxDiscountAmount !== undefined) amount = Math.min(amount, conditions.maxDiscountAmount);
  return Math.min(amount, gross);
}

/** The attached code worth most for this session (the oldest attached on a tie), if any is worth anything. */
export function bestDiscount(
  attached: readonly AttachedDiscount[],
  gross: number,
  customerType: CustomerType,
  now: Date,
): { readonly code: string; readonly amount: number } | undefined {
  let best: { code: string; amount: number; attachedAt: string } | undefined;
  for (const a of attached) {
    const amount = discountAmount(a, gross, customerType, now);
    if (amount <= 0) continue;
    if (!best || amount > best.amount || (amount === best.amount && a.attachedAt < best.attachedAt)) {
      best = { code: a.code.code, amount, attachedAt: a.attachedAt };
    }
  }
  return best ? { code: best.code, amount: best.amount } : undefined;
}

/** Could the code still reduce some session of this customer (active, unexpired, type allowed, uses left)? */
export function isDiscountAvailable(
  attached: AttachedDiscount,
  customerType: CustomerType,
  now: Date,
): boolean {
  const conditions = attached.code.conditions ?? {};
  return (
    isDiscountUsable(attached.code, now) &&
    (!conditions.customerTypes || conditions.customerTypes.includes(customerType)) &&
    (conditions.maxUsesPerCustomer === undefined || attached.uses < conditions.maxUsesPerCustomer)
  );
}
