import { ConflictError, type Driver, type DriverCreate, newDriver, ValidationError } from '@csms/core';
import type { Deps } from '../deps.ts';
import { requireCustomer } from './customer-lookup.ts';

/** A driver on a company customer's account (A1); individuals hold none, closed customers get none. */
export async function addDriver(
  deps: Pick<Deps, 'customers' | 'clock' | 'ids'>,
  tenantId: string,
  customerId: string,
  command: DriverCreate,
): Promise<Driver> {
  const customer = await requireCustomer(deps, tenantId, customerId);
  if (customer.type !== 'company') {
    throw new ValidationError([
      { field: 'id', in: 'path', message: 'Only company customers hold drivers; this one is an individual' },
    ]);
  }
  if (customer.status === 'closed') throw new ConflictError(`Customer ${customer.id} is closed`);
  const driver = newDriver(command, deps.ids.newId('d'), customer.id, deps.clock.now());
  await deps.customers.putDriver(tenantId, driver);
  return driver;
}
