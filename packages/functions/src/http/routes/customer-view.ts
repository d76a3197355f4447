import {
  customerStatuses,
  customerTypes,
  type Driver,
  postalAddressSchema,
  type TermsDocument,
  termsStatusOf,
} from '@csms/core';
import type { StoredCustomer } from '@csms/db';
import * as z from 'zod';
import { isoTimestamp } from '../schemas.ts';
import { termsAcceptanceView, termsStatusView, toTermsStatus } from './terms-view.ts';

export const customerView = z
  .object({
    id: z.string(),
    type: z.enum(customerTypes),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    address: postalAddressSchema.nullable(),
    vatId: z.string().nullable(),
    status: z.enum(customerStatuses),
    statusReason: z.string().nullable(),
    statusHistory: z.array(
      z.object({ status: z.enum(customerStatuses), reason: z.string().optional(), at: isoTimestamp }),
    ),
    marketingOptIn: z.boolean(),
    consentHistory: z
      .array(
        z.object({
          purpose: z.literal('marketing'),
          granted: z.boolean(),
          at: isoTimestamp,
          source: z.enum(['registration', 'update', 'anonymization']),
        }),
      )
      .describe('Every change of the marketing consent, oldest first'),
    termsStatus: termsStatusView,
    termsAcceptances: z.array(termsAcceptanceView),
    outstandingDebt: z.number().int().describe('Unpaid amount in minor units; blocks charging and closing'),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
    closedAt: isoTimestamp.nullable(),
    anonymizedAt: isoTimestamp.nullable(),
  })
  .meta({ id: 'Customer' });

/** `termsDocuments`: the tenant's Terms versions, from which the customer's standing is computed. */
export function toCustomerView(
  customer: StoredCustomer,
  termsDocuments: readonly TermsDocument[],
  now: Date,
): z.infer<typeof customerView> {
  return {
    id: customer.id,
    type: customer.type,
    name: customer.name,
    email: customer.email,
    phone: customer.phone ?? null,
    address: customer.address ?? null,
    vatId: customer.vatId ?? null,
    status: customer.status,
    statusReason: customer.statusReason ?? null,
    statusHistory: [...customer.statusHistory],
    marketingOptIn: customer.marketingOptIn,
    consentHistory: [...customer.consentHistory],
    termsStatus: toTermsStatus(termsStatusOf(termsDocuments, customer.termsAcceptances, now)),
    termsAcceptances: [...customer.termsAcceptances],
    outstandingDebt: customer.outstandingDebt,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    closedAt: customer.closedAt ?? null,
    anonymizedAt: customer.anonymizedAt ?? null,
  };
}

export const driverView = z
  .object({
    id: z.string(),
    customerId: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'Driver' });

export const toDriverView = (driver: Driver): z.infer<typeof driverView> => ({
  id: driver.id,
  customerId: driver.customerId,
  name: driver.name,
  email: driver.email ?? null,
  createdAt: driver.createdAt,
  updatedAt: driver.updatedAt,
});
