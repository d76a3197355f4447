import { NotFoundError, type SitePatch } from '@csms/core';
import type { StoredSite } from '@csms/db';
import type { Deps } from '../../deps.ts';
import { requireSite } from './site-lookup.ts';

/** Applies a PATCH (nested objects replaced whole); a site deleted meanwhile is 404 too. */
export async function updateSite(
  deps: Pick<Deps, 'sites' | 'clock'>,
  tenantId: string,
  id: string,
  patch: SitePatch,
): Promise<StoredSite> {
  await requireSite(deps, tenantId, id);
  const updated = await deps.sites.updateSite(tenantId, id, patch, deps.clock.now().toISOString());
  if (!updated) throw new NotFoundError('Site');
  return updated;
}
