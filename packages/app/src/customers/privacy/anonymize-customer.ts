import type { Deps } from '@csms/app/deps';
import { anonymizeCustomer, anonymizeDriver, anonymizeIdToken, NotFoundError } from '@csms/core';
import { requireCustomer } from '../customer-lookup.ts';
import type { CustomerStanding } from '../customer-standing.ts';

/**
 * GDPR erasure of a customer (A5), rules in `@csms/core` `anonymization.ts`. The debt check comes first (a
 * debtor is refused before anything changes); drivers and tokens are scrubbed before the customer record,
 * which is marked last: a run cut short leaves a record that is not yet `anonymizedAt`, and the retry
 * completes it. A repeat on a finished erasure rewrites nothing. Answers the erased customer with the
 * tenant's Terms, by which its standing is shown.
 */
export async function anonymizeCustomerData(
  deps: Pick<Deps, 'customers' | 'idTokens' | 'terms' | 'clock'>,
  tenantId: string,
  customerId: string,
): Promise<CustomerStanding> {
  const now = deps.clock.now();
  const customer = await requireCustomer(deps, tenantId, customerId);
  // Only the check here (409 while debt is outstanding); the record itself is written last.
  anonymizeCustomer(customer, now);

  for (const driver of await deps.customers.listAllDrivers(tenantId, customerId)) {
    const scrubbed = anonymizeDriver(driver, now);
    if (scrubbed !== driver) await deps.customers.replaceDriver(tenantId, scrubbed);
  }
  for (const token of await deps.idTokens.listAllIdTokensOfCustomer(tenantId, customerId)) {
    await deps.idTokens.updateIdToken(tenantId, token.idTag, (current) => anonymizeIdToken(current, now));
  }
  const done = await deps.customers.updateCustomer(tenantId, customerId, (current) => {
    const next = anonymizeCustomer(current, now);
    return next === current ? undefined : { next, requireNoDebt: true };
  });
  if (!done) throw new NotFoundError(`Customer ${customerId}`);
  return { customer: done, terms: await deps.terms.listAllTermsDocuments(tenantId), at: now };
}
