import { NotFoundError } from '@csms/core';
import type { StoredCustomer } from '@csms/db';
import type { Deps } from '../deps.ts';

/**
 * Could this be one of our ids? Ids are short and alphanumeric; anything else cannot exist, and must not
 * reach a key (DynamoDB refuses keys over 2 KB with an error that would surface as a 500).
 */
export const plausibleId = (id: string): boolean => /^[A-Za-z0-9_-]{1,64}$/.test(id);

/** A customer of the tenant; another tenant's id reads as unknown, never as forbidden. */
export async function findCustomer(
  deps: Pick<Deps, 'customers'>,
  tenantId: string,
  customerId: string,
): Promise<StoredCustomer | undefined> {
  return plausibleId(customerId) ? deps.customers.getCustomer(tenantId, customerId) : undefined;
}

/** The same, or 404. */
export async function requireCustomer(
  deps: Pick<Deps, 'customers'>,
  tenantId: string,
  customerId: string,
): Promise<StoredCustomer> {
  const customer = await findCustomer(deps, tenantId, customerId);
  if (!customer) throw new NotFoundError(`Customer ${customerId}`);
  return customer;
}
