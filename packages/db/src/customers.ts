import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  ConflictError,
  type Customer,
  type CustomerStatus,
  type CustomerType,
  customerStatuses,
  customerTypes,
  type Driver,
  termsKinds,
} from '@csms/core';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryAll, queryPage } from './query-page.ts';
import { storedAddressSchema } from './stored-address.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity, parseAttributes } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

export interface StoredCustomer extends Customer {
  readonly tenantId: string;
  /** Optimistic concurrency: every write of the record expects the revision it read. */
  readonly revision: number;
}

const emailLower = (email: string) => email.toLowerCase();

const customerShape = z.object({
  tenantId: z.string(),
  id: z.string(),
  type: z.enum(customerTypes),
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
  address: storedAddressSchema.optional(),
  vatId: z.string().optional(),
  status: z.enum(customerStatuses),
  statusReason: z.string().optional(),
  statusHistory: z.array(
    z.object({ status: z.enum(customerStatuses), reason: z.string().optional(), at: z.string() }),
  ),
  marketingOptIn: z.boolean(),
  consentHistory: z.array(
    z.object({
      purpose: z.literal('marketing'),
      granted: z.boolean(),
      at: z.string(),
      source: z.enum(['registration', 'update', 'anonymization']),
    }),
  ),
  termsAcceptances: z.array(
    z.object({
      termsId: z.string(),
      kind: z.enum(termsKinds),
      version: z.string(),
      acceptedAt: z.string(),
    }),
  ),
  /** Moved by `ADD` (`adjustOutstandingDebt`, the ledger's receivable); absent reads as 0, as ADD counts it. */
  outstandingDebt: z.number().default(0),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().optional(),
  anonymizedAt: z.string().optional(),
  revision: z.number(),
});

const storedCustomerSchema: z.ZodType<StoredCustomer> = customerShape;

/**
 * `type` names the kind of item in the whole table, so the customer's own type is stored as `customerType`;
 * `emailLower` serves the e-mail filter, which compares case-insensitively.
 */
const customerEntity = defineEntity({
  type: 'Customer',
  schema: storedCustomerSchema,
  key: (customer) => keys.customer(customer.tenantId, customer.id),
  index: (customer) => ({
    gsi1pk: gsi1.customersOfTenant(customer.tenantId),
    gsi1sk: gsi1.customerSortKey(customer.createdAt, customer.id),
  }),
  derived: (customer) => ({ emailLower: emailLower(customer.email) }),
  renamed: { type: 'customerType' },
});

const toCustomer = (item: Record<string, unknown>): StoredCustomer => customerEntity.fromItem(item);

/** A customer's status alone: what the local list's BatchGetItem projects (`local-auth-lists.ts`). */
export const customerStatusProjection: z.ZodType<Pick<StoredCustomer, 'id' | 'status'>> = customerShape.pick({
  id: true,
  status: true,
});

const driverSchema: z.ZodType<Driver> = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  email: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A driver item sits in its company's partition and names its tenant beside the value. */
const driverEntity = (tenantId: string) =>
  defineEntity({
    type: 'Driver',
    schema: driverSchema,
    key: (driver) => keys.driver(tenantId, driver.customerId, driver.id),
    derived: () => ({ tenantId }),
  });

/** Access pattern 20. */
export async function createCustomer(
  table: TableClient,
  tenantId: string,
  customer: Customer,
): Promise<StoredCustomer> {
  const stored: StoredCustomer = { ...customer, tenantId, revision: 1 };
  await table.put({
    Item: customerEntity.toItem(stored),
    ConditionExpression: 'attribute_not_exists(pk)',
  });
  return stored;
}

/** Access pattern 21. */
export async function getCustomer(
  table: TableClient,
  tenantId: string,
  customerId: string,
): Promise<StoredCustomer | undefined> {
  const { Item } = await table.get({
    Key: keys.customer(tenantId, customerId),
  });
  return customerEntity.fromOptional(Item);
}

export interface CustomerFilter {
  readonly status?: CustomerStatus | undefined;
  readonly type?: CustomerType | undefined;
  readonly email?: string | undefined;
}

/** Access pattern 22: newest first; filters are applied within the query (see `queryPage`). */
export async function listCustomers(
  table: TableClient,
  tenantId: string,
  filter: CustomerFilter,
  page: PageRequest,
): Promise<Page<StoredCustomer>> {
  const result = await queryPage(table, {
    tenantId,
    index: 'gsi1',
    partition: gsi1.customersOfTenant(tenantId),
    skPrefix: 'CUS#',
    forward: false,
    filters: {
      status: filter.status,
      customerType: filter.type,
      emailLower: filter.email === undefined ? undefined : emailLower(filter.email),
    },
    page,
  });
  return { items: result.items.map(toCustomer), nextCursor: result.nextCursor };
}

/** The attributes a customer update may write; never `outstandingDebt`, which the payments feature owns. */
const MUTABLE: readonly (keyof Customer)[] = [
  'name',
  'email',
  'phone',
  'address',
  'vatId',
  'status',
  'statusReason',
  'statusHistory',
  'marketingOptIn',
  'consentHistory',
  'termsAcceptances',
  'updatedAt',
  'closedAt',
  'anonymizedAt',
];

export interface CustomerChange {
  readonly next: Customer;
  /** Write only if no debt is outstanding at the time of writing (closing, anonymizing: A4, A5). */
  readonly requireNoDebt?: boolean;
}

/**
 * Access pattern 23: read, apply a pure change, write back if nobody wrote in between (else re-read and apply
 * again). Debt is re-checked by the write itself, so a debt booked concurrently can never be lost by a
 * closure. `change` may throw domain errors; it returns undefined when there is nothing to write.
 */
export async function updateCustomer(
  table: TableClient,
  tenantId: string,
  customerId: string,
  change: (current: StoredCustomer) => CustomerChange | undefined,
): Promise<StoredCustomer | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await getCustomer(table, tenantId, customerId);
    if (!current) return undefined;
    const result = change(current);
    if (!result) return current;
    const next = result.next;
    const names: Record<string, string> = { '#revision': 'revision' };
    const values: Record<string, unknown> = {
      ':expected': current.revision,
      ':revision': current.revision + 1,
      ':emailLower': emailLower(next.email),
    };
    const set = ['#revision = :revision', 'emailLower = :emailLower'];
    const remove: string[] = [];
    for (const field of MUTABLE) {
      names[`#${field}`] = field;
      const value = next[field];
      if (value === undefined) remove.push(`#${field}`);
      else {
        values[`:${field}`] = value;
        set.push(`#${field} = :${field}`);
      }
    }
    let condition = '#revision = :expected';
    if (result.requireNoDebt) {
      condition += ' AND (attribute_not_exists(outstandingDebt) OR outstandingDebt <= :zero)';
      values[':zero'] = 0;
    }
    try {
      await table.update({
        Key: keys.customer(tenantId, customerId),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      });
      return { ...next, tenantId, revision: current.revision + 1, outstandingDebt: current.outstandingDebt };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Someone wrote in between (or debt appeared): apply the change again to what is there now.
    }
  }
  throw new ConflictError(`Customer ${customerId} is being changed concurrently; retry`);
}

/**
 * Access pattern 24, the seam for the payments feature (P5): a failed payment adds debt, a payment subtracts
 * it. Atomic, and independent of `revision`, so it never conflicts with profile changes.
 */
export async function adjustOutstandingDebt(
  table: TableClient,
  tenantId: string,
  customerId: string,
  deltaMinorUnits: number,
): Promise<number> {
  const { Attributes } = await table.update({
    Key: keys.customer(tenantId, customerId),
    UpdateExpression: 'ADD outstandingDebt :d',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':d': deltaMinorUnits },
    ReturnValues: 'UPDATED_NEW',
  });
  return parseAttributes(
    `Customer item ${customerId} outstanding debt`,
    z.object({ outstandingDebt: z.number().default(0) }),
    Attributes,
  ).outstandingDebt;
}

/** Access pattern 25. */
export async function putDriver(table: TableClient, tenantId: string, driver: Driver): Promise<void> {
  await table.put({
    Item: driverEntity(tenantId).toItem(driver),
  });
}

/** Access pattern 25 (rewrite): only a driver that still exists, so a concurrent removal stays removed. */
export async function replaceDriver(table: TableClient, tenantId: string, driver: Driver): Promise<void> {
  try {
    await table.put({
      Item: driverEntity(tenantId).toItem(driver),
      ConditionExpression: 'attribute_exists(pk)',
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Access pattern 26. */
export async function getDriver(
  table: TableClient,
  tenantId: string,
  customerId: string,
  driverId: string,
): Promise<Driver | undefined> {
  const { Item } = await table.get({
    Key: keys.driver(tenantId, customerId, driverId),
  });
  return driverEntity(tenantId).fromOptional(Item);
}

/** Access pattern 27: a company's drivers, in id order. */
export async function listDrivers(
  table: TableClient,
  tenantId: string,
  customerId: string,
  page: PageRequest,
): Promise<Page<Driver>> {
  const result = await queryPage(table, {
    tenantId,
    partition: keys.customerPk(tenantId, customerId),
    skPrefix: 'DRIVER#',
    forward: true,
    page,
  });
  const entity = driverEntity(tenantId);
  return { items: result.items.map((item) => entity.fromItem(item)), nextCursor: result.nextCursor };
}

export async function listAllDrivers(
  table: TableClient,
  tenantId: string,
  customerId: string,
): Promise<Driver[]> {
  const items = await queryAll(table, {
    tenantId,
    partition: keys.customerPk(tenantId, customerId),
    skPrefix: 'DRIVER#',
  });
  const entity = driverEntity(tenantId);
  return items.map((item) => entity.fromItem(item));
}

/** Access pattern 28. Returns false when there was no such driver. */
export async function deleteDriver(
  table: TableClient,
  tenantId: string,
  customerId: string,
  driverId: string,
): Promise<boolean> {
  try {
    await table.delete({
      Key: keys.driver(tenantId, customerId, driverId),
      ConditionExpression: 'attribute_exists(pk)',
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The customers repository: the functions above with the table given. */
export const createCustomersRepository = (table: TableClient) =>
  bindTable(table, {
    createCustomer,
    getCustomer,
    listCustomers,
    updateCustomer,
    adjustOutstandingDebt,
    putDriver,
    replaceDriver,
    getDriver,
    listDrivers,
    listAllDrivers,
    deleteDriver,
  });

export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
