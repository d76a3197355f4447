import type { IdToken } from '@csms/core';
import type { Page, PageRequest } from '@csms/db';
import type { Deps } from '../deps.ts';
import { requireCustomer } from './customer-lookup.ts';

/** A page of tokens, of all customers or of one (404 for an unknown one), ordered by customer then idTag. */
export async function listIdTokens(
  deps: Pick<Deps, 'customers' | 'idTokens' | 'clock'>,
  tenantId: string,
  customerId: string | undefined,
  page: PageRequest,
): Promise<Page<IdToken> & { at: Date }> {
  if (customerId !== undefined) await requireCustomer(deps, tenantId, customerId);
  const found = await deps.idTokens.listIdTokens(tenantId, customerId, page);
  return { ...found, at: deps.clock.now() };
}
