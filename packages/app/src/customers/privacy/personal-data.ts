import type { Driver, IdToken } from '@csms/core';
import type { Deps } from '../../deps.ts';
import { summarizeWallet, type WalletSummary } from '../../payments/wallet-summary.ts';
import { requireCustomer } from '../customer-lookup.ts';
import type { CustomerStanding } from '../customer-standing.ts';

/**
 * Everything the tenant holds on one customer, for GDPR access and portability (A5), as domain data; the
 * HTTP layer renders each part as a section of the export. A feature that stores more personal data
 * (sessions, invoices, payment means…) adds its part here, and its section to the export view.
 */
export interface PersonalData {
  readonly exportedAt: Date;
  /** Profile, status, consents and Terms acceptances with their histories, and the Terms they are judged by. */
  readonly customer: CustomerStanding;
  readonly drivers: readonly Driver[];
  readonly idTokens: readonly IdToken[];
  /** Balance, vouchers, discount codes, card (brand and last 4 only), credit, debt. */
  readonly wallet: WalletSummary;
}

/** All personal data on the customer, read at the clock's now; an unknown customer is a 404. */
export async function exportPersonalData(
  deps: Deps,
  tenantId: string,
  customerId: string,
): Promise<PersonalData> {
  const now = deps.clock.now();
  const customer = await requireCustomer(deps, tenantId, customerId);
  const [terms, drivers, idTokens, wallet] = await Promise.all([
    deps.terms.listAllTermsDocuments(tenantId),
    deps.customers.listAllDrivers(tenantId, customer.id),
    deps.idTokens.listAllIdTokensOfCustomer(tenantId, customer.id),
    summarizeWallet(deps, tenantId, customer, now),
  ]);
  return { exportedAt: now, customer: { customer, terms, at: now }, drivers, idTokens, wallet };
}
