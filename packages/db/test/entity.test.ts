import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEntity, ItemShapeError } from '../src/table/entity.ts';

const customer = defineEntity({
  type: 'Customer',
  schema: z.object({
    tenantId: z.string(),
    id: z.string(),
    type: z.enum(['individual', 'company']),
    email: z.string(),
  }),
  key: (c) => ({ pk: `T#${c.tenantId}#CUS#${c.id}`, sk: 'CUSTOMER' }),
  index: (c) => ({ gsi1pk: `T#${c.tenantId}#CUSTOMERS`, gsi1sk: `CUS#${c.id}` }),
  derived: (c) => ({ emailLower: c.email.toLowerCase() }),
  renamed: { type: 'customerType' },
});

const value = { tenantId: 't1', id: 'c1', type: 'company' as const, email: 'Ops@Example.com' };

describe('a typed item mapping', () => {
  it('writes keys, index keys, the item type, derived attributes and renamed ones', () => {
    expect(customer.toItem(value)).toEqual({
      pk: 'T#t1#CUS#c1',
      sk: 'CUSTOMER',
      gsi1pk: 'T#t1#CUSTOMERS',
      gsi1sk: 'CUS#c1',
      type: 'Customer',
      customerType: 'company',
      emailLower: 'ops@example.com',
      tenantId: 't1',
      id: 'c1',
      email: 'Ops@Example.com',
    });
  });

  it('reads back exactly the declared value, without table or derived attributes', () => {
    expect(customer.fromItem(customer.toItem(value))).toEqual(value);
    expect(customer.fromOptional(undefined)).toBeUndefined();
  });

  it('refuses an item that does not fit its schema, naming the item and the attribute', () => {
    const broken = { ...customer.toItem(value), customerType: 'martian' };
    expect(() => customer.fromItem(broken)).toThrow(ItemShapeError);
    expect(() => customer.fromItem(broken)).toThrow(/T#t1#CUS#c1 \/ CUSTOMER.*type/);
  });
});
