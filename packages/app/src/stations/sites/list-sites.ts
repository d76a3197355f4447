import type { Page, PageRequest, StoredSite } from '@csms/db';
import type { Deps } from '../../deps.ts';

/** One page of the tenant's sites, in id order. */
export async function listSites(
  deps: Pick<Deps, 'sites'>,
  tenantId: string,
  page: PageRequest,
): Promise<Page<StoredSite>> {
  return deps.sites.listSites(tenantId, page);
}
