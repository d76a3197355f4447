import type { Deps } from '../deps.ts';
import { requireCustomer } from './customer-lookup.ts';
import type { CustomerStanding } from './customer-standing.ts';

export async function getCustomer(
  deps: Pick<Deps, 'customers' | 'terms' | 'clock'>,
  tenantId: string,
  customerId: string,
): Promise<CustomerStanding> {
  const [customer, terms] = await Promise.all([
    requireCustomer(deps, tenantId, customerId),
    deps.terms.listAllTermsDocuments(tenantId),
  ]);
  return { customer, terms, at: deps.clock.now() };
}
