import { ConflictError, type IdToken, type IdTokenCreate, newIdToken, ValidationError } from '@csms/core';
import type { Deps } from '../deps.ts';
import { findCustomer, plausibleId } from './customer-lookup.ts';

/**
 * Issues an ID token (I1, I3) to an open customer, optionally to one of its drivers. idTags are unique per
 * tenant in any letter case (409).
 */
export async function issueIdToken(
  deps: Pick<Deps, 'customers' | 'idTokens' | 'clock'>,
  tenantId: string,
  command: IdTokenCreate,
): Promise<{ token: IdToken; at: Date }> {
  const customer = await findCustomer(deps, tenantId, command.customerId);
  if (!customer) {
    throw new ValidationError([{ field: 'customerId', message: `Unknown customer ${command.customerId}` }]);
  }
  if (customer.status === 'closed') throw new ConflictError(`Customer ${customer.id} is closed`);
  if (command.driverId !== undefined) {
    const driver = plausibleId(command.driverId)
      ? await deps.customers.getDriver(tenantId, customer.id, command.driverId)
      : undefined;
    if (!driver) {
      throw new ValidationError([
        { field: 'driverId', message: `Customer ${customer.id} has no driver ${command.driverId}` },
      ]);
    }
  }
  const at = deps.clock.now();
  const token = newIdToken(command, at);
  if (!(await deps.idTokens.createIdToken(tenantId, token))) {
    throw new ConflictError(`ID token ${command.idTag} already exists (idTags are compared in any case)`);
  }
  return { token, at };
}
