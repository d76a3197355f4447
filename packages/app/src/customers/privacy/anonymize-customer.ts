import { anonymizeCustomer, anonymizeDriver, anonymizeIdToken, NotFoundError } from '@csms/core';
import {
  getCustomer,
  listAllDrivers,
  listAllIdTokensOfCustomer,
  replaceDriver,
  type StoredCustomer,
  updateCustomer,
  updateIdToken,
} from '@csms/db';

/**
 * GDPR erasure of a customer (A5), rules in `@csms/core` `anonymization.ts`. The debt check comes first (a
 * debtor is refused before anything changes); drivers and tokens are scrubbed before the customer record,
 * which is marked last: a run cut short leaves a record that is not yet `anonymizedAt`, and the retry
 * completes it. A repeat on a finished erasure rewrites nothing.
 */
export async function anonymizeCustomerData(
  tenantId: string,
  customerId: string,
  now: Date,
): Promise<StoredCustomer> {
  const customer = await getCustomer(tenantId, customerId);
  if (!customer) throw new NotFoundError(`Customer ${customerId}`);
  // Only the check here (409 while debt is outstanding); the record itself is written last.
  anonymizeCustomer(customer, now);

  for (const driver of await listAllDrivers(tenantId, customerId)) {
    const scrubbed = anonymizeDriver(driver, now);
    if (scrubbed !== driver) await replaceDriver(tenantId, scrubbed);
  }
  for (const token of await listAllIdTokensOfCustomer(tenantId, customerId)) {
    await updateIdToken(tenantId, token.idTag, (current) => anonymizeIdToken(current, now));
  }
  const done = await updateCustomer(tenantId, customerId, (current) => {
    const next = anonymizeCustomer(current, now);
    return next === current ? undefined : { next, requireNoDebt: true };
  });
  if (!done) throw new NotFoundError(`Customer ${customerId}`);
  return done;
}
