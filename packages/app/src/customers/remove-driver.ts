import { blockIdToken, NotFoundError } from '@csms/core';
import type { Deps } from '../deps.ts';
import { plausibleId, requireCustomer } from './customer-lookup.ts';

/**
 * Removes a driver from a company's account and blocks the driver's ID tokens at once (reason "Driver
 * removed"): a card must not outlive the driver's place in the company. The tokens stay, for the sessions
 * already charged with them.
 */
export async function removeDriver(
  deps: Pick<Deps, 'customers' | 'idTokens' | 'clock'>,
  tenantId: string,
  customerId: string,
  driverId: string,
): Promise<void> {
  await requireCustomer(deps, tenantId, customerId);
  const removed =
    plausibleId(driverId) && (await deps.customers.deleteDriver(tenantId, customerId, driverId));
  if (!removed) throw new NotFoundError(`Driver ${driverId}`);
  const now = deps.clock.now();
  const tokens = await deps.idTokens.listAllIdTokensOfCustomer(tenantId, customerId);
  for (const token of tokens.filter((t) => t.driverId === driverId && t.status !== 'Blocked')) {
    await deps.idTokens.updateIdToken(tenantId, token.idTag, (current) =>
      blockIdToken(current, 'Driver removed', now),
    );
  }
}
