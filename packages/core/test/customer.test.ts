import { describe, expect, it } from 'vitest';
import {
  addMonthsUtc,
  applyCustomerPatch,
  type Customer,
  canClose,
  customerCreateSchema,
  customerPatchSchema,
  isInactiveFor,
  newCustomer,
} from '../src/customer.ts';
import { ConflictError, ValidationError } from '../src/errors.ts';

const created = new Date('2025-01-01T00:00:00Z');
const later = new Date('2025-02-01T00:00:00Z');
const customer = (overrides: Partial<Customer> = {}): Customer => ({
  ...newCustomer(
    customerCreateSchema.parse({ type: 'individual', name: 'Jane Doe', email: 'jane@example.com' }),
    'c1',
    created,
  ),
  ...overrides,
});
const patch = (c: Customer, body: unknown) => applyCustomerPatch(c, customerPatchSchema.parse(body), later);

describe('creating a customer (A1)', () => {
  it('starts active, without debt, with the marketing choice recorded as consent history', () => {
    const c = newCustomer(
      customerCreateSchema.parse({
        type: 'company',
        name: 'ACME',
        email: 'f@acme.example',
        marketingOptIn: true,
      }),
      'c2',
      created,
    );
    expect(c).toMatchObject({
      status: 'active',
      outstandingDebt: 0,
      marketingOptIn: true,
      termsAcceptances: [],
    });
    expect(c.consentHistory).toEqual([
      { purpose: 'marketing', granted: true, at: created.toISOString(), source: 'registration' },
    ]);
  });

  it('gives a VAT ID only to companies, naming the field', () => {
    const result = customerCreateSchema.safeParse({
      type: 'individual',
      name: 'Jane',
      email: 'jane@example.com',
      vatId: 'DE123456789',
    });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['vatId']);
  });
});

describe('changing a customer', () => {
  it('records each change of the marketing consent with its time, and only real changes', () => {
    const optedIn = patch(customer(), { marketingOptIn: true });
    const same = applyCustomerPatch(optedIn, { marketingOptIn: true }, later);
    expect(same.consentHistory).toHaveLength(2);
    expect(optedIn.consentHistory.at(-1)).toEqual({
      purpose: 'marketing',
      granted: true,
      at: later.toISOString(),
      source: 'update',
    });
  });

  it('rectifies data; null removes an optional field', () => {
    const withPhone = patch(customer(), { phone: '+4915112345678', name: 'Jane Roe' });
    expect(withPhone).toMatchObject({ phone: '+4915112345678', name: 'Jane Roe' });
    expect(patch(withPhone, { phone: null }).phone).toBeUndefined();
  });

  it('suspends and blocks with a reason kept in the status history (A3)', () => {
    const blocked = patch(customer(), { status: 'blocked', reason: 'fraud' });
    expect(blocked).toMatchObject({ status: 'blocked', statusReason: 'fraud' });
    expect(blocked.statusHistory.at(-1)).toEqual({
      status: 'blocked',
      reason: 'fraud',
      at: later.toISOString(),
    });
    expect(patch(blocked, { status: 'active' }).statusReason).toBeUndefined();
  });

  it('closes only without outstanding debt (A4)', () => {
    expect(canClose(customer())).toBe(true);
    expect(canClose(customer({ outstandingDebt: 1 }))).toBe(false);
    expect(() => patch(customer({ outstandingDebt: 500 }), { status: 'closed' })).toThrow(ConflictError);
    expect(patch(customer(), { status: 'closed' })).toMatchObject({
      status: 'closed',
      closedAt: later.toISOString(),
    });
  });

  it('never reopens a closed account: closing is irrevocable (A4)', () => {
    const closed = patch(customer(), { status: 'closed' });
    expect(() => patch(closed, { status: 'active' })).toThrow(ConflictError);
    expect(patch(closed, { status: 'closed' }).status).toBe('closed');
  });

  it('refuses a VAT ID for an individual and any change to an anonymized account', () => {
    expect(() => patch(customer(), { vatId: 'DE123456789' })).toThrow(ValidationError);
    expect(() => patch(customer({ anonymizedAt: later.toISOString() }), { name: 'Back' })).toThrow(
      ConflictError,
    );
  });

  it('wants at least one field, and a reason only with a status', () => {
    expect(customerPatchSchema.safeParse({}).success).toBe(false);
    const reasonAlone = customerPatchSchema.safeParse({ reason: 'x' });
    expect(reasonAlone.error?.issues.map((i) => i.path.join('.'))).toEqual(['reason']);
  });
});

describe('inactive accounts (A4: closable after a configurable period, default 60 months)', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  it('counts calendar months from the last activity, or from creation when it never charged', () => {
    const c = customer();
    expect(isInactiveFor(c, undefined, 60, now)).toBe(true);
    expect(isInactiveFor(c, undefined, 61, now)).toBe(false);
    expect(isInactiveFor(c, '2025-01-02T00:00:00.000Z', 60, now)).toBe(false);
  });

  it('never selects an account that is already closed', () => {
    expect(isInactiveFor(customer({ status: 'closed' }), undefined, 1, now)).toBe(false);
  });

  it('adds months like a calendar: the 31st plus one month is the last day of the next month', () => {
    expect(addMonthsUtc(new Date('2025-01-31T10:00:00Z'), 1).toISOString()).toBe('2025-02-28T10:00:00.000Z');
    expect(addMonthsUtc(new Date('2024-02-29T00:00:00Z'), 12).toISOString()).toBe('2025-02-28T00:00:00.000Z');
  });
});
