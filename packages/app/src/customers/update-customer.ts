import { applyCustomerPatch, type CustomerPatch, NotFoundError } from '@csms/core';
import type { Deps } from '../deps.ts';
import { plausibleId } from './customer-lookup.ts';
import type { CustomerStanding } from './customer-standing.ts';

/**
 * Rectifies personal data, changes the marketing consent or the status (A3). Closing is refused while debt
 * is outstanding and is irrevocable (A4, 409).
 */
export async function updateCustomer(
  deps: Pick<Deps, 'customers' | 'terms' | 'clock'>,
  tenantId: string,
  customerId: string,
  patch: CustomerPatch,
): Promise<CustomerStanding> {
  if (!plausibleId(customerId)) throw new NotFoundError(`Customer ${customerId}`);
  const at = deps.clock.now();
  const customer = await deps.customers.updateCustomer(tenantId, customerId, (current) => ({
    next: applyCustomerPatch(current, patch, at),
    // Re-checked by the write itself: debt booked meanwhile still prevents the closure.
    requireNoDebt: patch.status === 'closed' && current.status !== 'closed',
  }));
  if (!customer) throw new NotFoundError(`Customer ${customerId}`);
  return { customer, terms: await deps.terms.listAllTermsDocuments(tenantId), at };
}
