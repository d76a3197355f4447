import type { IdToken } from '@csms/core';
import type { StoredCustomer } from '@csms/db';
import {
  customerView,
  driverView,
  toCustomerView,
  toDriverView,
} from '@csms/functions/http/routes/customer-view';
import { idTokenView, toIdTokenView } from '@csms/functions/http/routes/id-token-view';
import { walletView, walletViewOf } from '@csms/functions/http/routes/payments/wallet-view';
import * as z from 'zod';
import type { Deps } from '../../deps.ts';

/**
 * Everything the tenant holds on one customer, for GDPR access and portability (A5). Each kind of data is a
 * section; a feature that stores more personal data (sessions, invoices, payment means…) adds its section
 * here and the export and its documented schema grow with it.
 */
export interface PersonalDataSection<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly schema: S;
  readonly collect: (
    deps: Deps,
    tenantId: string,
    customer: StoredCustomer,
    now: Date,
  ) => Promise<z.infer<S>>;
}

const section = <S extends z.ZodType>(s: PersonalDataSection<S>): PersonalDataSection => s;

export const personalDataSections: readonly PersonalDataSection[] = [
  section({
    name: 'customer',
    schema: customerView.describe('Profile, status, consents and Terms acceptances with their histories'),
    collect: async (deps, tenantId, customer, now) =>
      toCustomerView(customer, await deps.terms.listAllTermsDocuments(tenantId), now),
  }),
  section({
    name: 'drivers',
    schema: z.array(driverView),
    collect: async (deps, tenantId, customer) =>
      (await deps.customers.listAllDrivers(tenantId, customer.id)).map(toDriverView),
  }),
  section({
    name: 'idTokens',
    schema: z.array(idTokenView),
    collect: async (deps, tenantId, customer, now) =>
      (await deps.idTokens.listAllIdTokensOfCustomer(tenantId, customer.id)).map((t: IdToken) =>
        toIdTokenView(t, now),
      ),
  }),
  section({
    name: 'wallet',
    schema: walletView.describe(
      'Balance, vouchers, discount codes, card (brand and last 4 only), credit, debt',
    ),
    collect: (deps, tenantId, customer, now) => walletViewOf(deps, tenantId, customer, now),
  }),
];

export const personalDataExportView = z
  .object({
    exportedAt: z.string().describe('ISO 8601 timestamp (UTC)'),
    ...Object.fromEntries(personalDataSections.map((s) => [s.name, s.schema])),
  })
  .meta({ id: 'PersonalDataExport' });

export async function exportPersonalData(
  deps: Deps,
  tenantId: string,
  customer: StoredCustomer,
  now: Date,
): Promise<Record<string, unknown>> {
  const parts = await Promise.all(
    personalDataSections.map(async (s) => [s.name, await s.collect(deps, tenantId, customer, now)] as const),
  );
  return { exportedAt: now.toISOString(), ...Object.fromEntries(parts) };
}
