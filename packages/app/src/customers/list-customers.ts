import type { TermsDocument } from '@csms/core';
import type { CustomerFilter, Page, PageRequest, StoredCustomer } from '@csms/db';
import type { Deps } from '../deps.ts';

/** A page of customers, newest first, with the tenant's Terms versions their standing is judged by. */
export async function listCustomers(
  deps: Pick<Deps, 'customers' | 'terms' | 'clock'>,
  tenantId: string,
  filter: CustomerFilter,
  page: PageRequest,
): Promise<Page<StoredCustomer> & { terms: readonly TermsDocument[]; at: Date }> {
  const at = deps.clock.now();
  const [found, terms] = await Promise.all([
    deps.customers.listCustomers(tenantId, filter, page),
    deps.terms.listAllTermsDocuments(tenantId),
  ]);
  return { ...found, terms, at };
}
