import type { Driver } from '@csms/core';
import type { Page, PageRequest } from '@csms/db';
import type { Deps } from '../deps.ts';
import { requireCustomer } from './customer-lookup.ts';

/** A page of a customer's drivers, in id order; 404 for an unknown customer. */
export async function listDrivers(
  deps: Pick<Deps, 'customers'>,
  tenantId: string,
  customerId: string,
  page: PageRequest,
): Promise<Page<Driver>> {
  await requireCustomer(deps, tenantId, customerId);
  return deps.customers.listDrivers(tenantId, customerId, page);
}
