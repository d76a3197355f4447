import * as z from 'zod';
import { ConflictError, ValidationError } from './errors.ts';
import { postalAddressSchema } from './tenant.ts';
import type { TermsAcceptance } from './terms.ts';

/**
 * Customers of a tenant (the drivers' accounts, rules A1, A3, A4, A5): individuals, or companies that hold
 * several drivers. Everything here is pure; storage is in `@csms/db`, HTTP in the functions package.
 */
export const customerTypes = ['individual', 'company'] as const;
export type CustomerType = (typeof customerTypes)[number];

/** `active` may charge; `suspended` and `blocked` may not (A3); `closed` is final (A4). */
export const customerStatuses = ['active', 'suspended', 'blocked', 'closed'] as const;
export type CustomerStatus = (typeof customerStatuses)[number];

/** By default an account unused for 60 months may be closed (rule A4); tenants may configure another period. */
export const DEFAULT_INACTIVE_CLOSURE_MONTHS = 60;

const personName = z.string().trim().min(1).max(200);
const email = z.email().max(254);
/** E.164, the one phone format every SMS provider accepts. */
const phone = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'Phone number in E.164 format, e.g. "+4915112345678"');
const vatId = z
  .string()
  .regex(
    /^[A-Z]{2}[0-9A-Za-z+*.]{2,13}$/,
    'VAT identification number with country prefix, e.g. "DE123456789"',
  );
const reason = z.string().trim().min(1).max(500);

export const customerCreateSchema = z
  .strictObject({
    type: z.enum(customerTypes),
    name: personName,
    email,
    phone: phone.optional(),
    address: postalAddressSchema.optional(),
    vatId: vatId.optional().describe('Companies only'),
    marketingOptIn: z.boolean().default(false).describe('Marketing consent, separate from the Terms (A1)'),
  })
  .superRefine((value, ctx) => {
    if (value.type !== 'company' && value.vatId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['vatId'], message: 'Only company customers have a VAT ID' });
    }
  });
export type CustomerCreate = z.infer<typeof customerCreateSchema>;

/** `null` removes an optional field (rectification, A5). */
export const customerPatchSchema = z
  .strictObject({
    name: personName.optional(),
    email: email.optional(),
    phone: phone.nullable().optional(),
    address: postalAddressSchema.nullable().optional(),
    vatId: vatId.nullable().optional().describe('Companies only'),
    marketingOptIn: z.boolean().optional(),
    status: z.enum(customerStatuses).optional(),
    reason: reason.optional().describe('Why the status changes (fraud, false data, unpaid debt…)'),
  })
  .superRefine((value, ctx) => {
    if (Object.keys(value).length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'Give at least one field to change' });
    }
    if (value.reason !== undefined && value.status === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'A reason goes with a status change' });
    }
  });
export type CustomerPatch = z.infer<typeof customerPatchSchema>;

/** One change of the marketing consent; kept forever as proof of what the customer agreed to and when. */
export interface ConsentEvent {
  readonly purpose: 'marketing';
  readonly granted: boolean;
  readonly at: string;
  /** What made the change: the registration, a later update, or the erasure of the account. */
  readonly source: 'registration' | 'update' | 'anonymization';
}

export interface CustomerStatusChange {
  readonly status: CustomerStatus;
  readonly reason?: string;
  readonly at: string;
}

export interface Customer {
  readonly id: string;
  readonly type: CustomerType;
  readonly name: string;
  readonly email: string;
  readonly phone?: string;
  readonly address?: z.infer<typeof postalAddressSchema>;
  readonly vatId?: string;
  readonly status: CustomerStatus;
  readonly statusReason?: string;
  readonly statusHistory: readonly CustomerStatusChange[];
  readonly marketingOptIn: boolean;
  readonly consentHistory: readonly ConsentEvent[];
  readonly termsAcceptances: readonly TermsAcceptance[];
  /**
   * Unpaid amount in minor units of the tenant currency. Written by the payments feature (P5: a failed payment
   * becomes debt); here it only blocks closing, anonymization and charging.
   */
  readonly outstandingDebt: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt?: string;
  readonly anonymizedAt?: string;
}

export function newCustomer(input: CustomerCreate, id: string, now: Date): Customer {
  const at = now.toISOString();
  return {
    id,
    type: input.type,
    name: input.name,
    email: input.email,
    ...(input.phone === undefined ? {} : { phone: input.phone }),
    ...(input.address === undefined ? {} : { address: input.address }),
    ...(input.vatId === undefined ? {} : { vatId: input.vatId }),
    status: 'active',
    statusHistory: [{ status: 'active', at }],
    marketingOptIn: input.marketingOptIn,
    consentHistory: [{ purpose: 'marketing', granted: input.marketingOptIn, at, source: 'registration' }],
    termsAcceptances: [],
    outstandingDebt: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** A4: an account closes only without outstanding debt. */
export function canClose(customer: Pick<Customer, 'outstandingDebt'>): boolean {
  return customer.outstandingDebt <= 0;
}

/**
 * Applies a PATCH. Throws a 409 for transitions the rules forbid: leaving `closed` (closing is irrevocable,
 * A4), closing with debt (A4), editing an anonymized account (its personal data is gone for good, A5).
 */
export function applyCustomerPatch(customer: Customer, patch: CustomerPatch, now: Date): Customer {
  const at = now.toISOString();
  if (customer.anonymizedAt !== undefined) {
    throw new ConflictError(`Customer ${customer.id} was anonymized; it cannot be changed`);
  }
  if (patch.vatId != null && customer.type !== 'company') {
    throw new ValidationError([{ field: 'vatId', message: 'Only company customers have a VAT ID' }]);
  }
  let next: Customer = { ...customer, updatedAt: at };
  if (patch.name !== undefined) next = { ...next, name: patch.name };
  if (patch.email !== undefined) next = { ...next, email: patch.email };
  next = withOptional(next, 'phone', patch.phone);
  next = withOptional(next, 'address', patch.address);
  next = withOptional(next, 'vatId', patch.vatId);

  if (patch.marketingOptIn !== undefined && patch.marketingOptIn !== customer.marketingOptIn) {
    next = {
      ...next,
      marketingOptIn: patch.marketingOptIn,
      consentHistory: [
        ...customer.consentHistory,
        { purpose: 'marketing', granted: patch.marketingOptIn, at, source: 'update' },
      ],
    };
  }
  if (patch.status !== undefined) next = changeStatus(next, patch.status, patch.reason, at);
  return next;
}

function changeStatus(
  customer: Customer,
  status: CustomerStatus,
  reason: string | undefined,
  at: string,
): Customer {
  if (customer.status === 'closed') {
    if (status === 'closed') return customer;
    throw new ConflictError(`Customer ${customer.id} is closed; closing is irrevocable`);
  }
  if (status === 'closed' && !canClose(customer)) {
    throw new ConflictError(`Customer ${customer.id} has outstanding debt; settle it before closing`);
  }
  if (status === customer.status && reason === customer.statusReason) return customer;
  const { statusReason: _old, closedAt: _closed, ...rest } = customer;
  return {
    ...rest,
    status,
    ...(reason === undefined ? {} : { statusReason: reason }),
    ...(status === 'closed' ? { closedAt: at } : {}),
    statusHistory: [...customer.statusHistory, { status, ...(reason === undefined ? {} : { reason }), at }],
  };
}

function withOptional<K extends 'phone' | 'address' | 'vatId'>(
  customer: Customer,
  key: K,
  value: Customer[K] | null | undefined,
): Customer {
  if (value === undefined) return customer;
  if (value === null) {
    const { [key]: _removed, ...rest } = customer;
    return rest as Customer;
  }
  return { ...customer, [key]: value };
}

/**
 * A4: may this account be closed for inactivity? True when it is not closed yet and nothing happened on it for
 * `months` calendar months (from its last activity, or its creation if it never charged). The scheduled job
 * that closes such accounts (with `DEFAULT_INACTIVE_CLOSURE_MONTHS` or the tenant's setting) comes with the
 * sessions feature, which knows the last activity.
 */
export function isInactiveFor(
  customer: Pick<Customer, 'status' | 'createdAt'>,
  lastActivityAt: string | undefined,
  months: number,
  now: Date,
): boolean {
  if (customer.status === 'closed') return false;
  const last = new Date(lastActivityAt ?? customer.createdAt);
  return addMonthsUtc(last, months).getTime() <= now.getTime();
}

/** Calendar months in UTC; the 31st plus one month lands on the last day of a shorter month. */
export function addMonthsUtc(date: Date, months: number): Date {
  const target = new Date(date.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}
