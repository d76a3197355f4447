import type { Page, PageRequest, TenantEvent } from '@csms/db';
import type { Deps } from '../deps.ts';

/** The tenant's event log (session.completed, …), newest first. */
export async function listTenantEvents(
  deps: Pick<Deps, 'tenantEvents'>,
  tenantId: string,
  page: PageRequest,
): Promise<Page<TenantEvent>> {
  return deps.tenantEvents.listTenantEvents(tenantId, page);
}
