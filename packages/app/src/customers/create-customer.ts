import { type CustomerCreate, newCustomer } from '@csms/core';
import type { Deps } from '../deps.ts';
import type { CustomerStanding } from './customer-standing.ts';

/** A new individual or company customer; marketing consent is recorded with its time (A1). */
export async function createCustomer(
  deps: Pick<Deps, 'customers' | 'terms' | 'clock' | 'ids'>,
  tenantId: string,
  command: CustomerCreate,
): Promise<CustomerStanding> {
  const at = deps.clock.now();
  const customer = await deps.customers.createCustomer(
    tenantId,
    newCustomer(command, deps.ids.newId('c'), at),
  );
  return { customer, terms: await deps.terms.listAllTermsDocuments(tenantId), at };
}
