import type { SiteCreate } from '@csms/core';
import type { StoredSite } from '@csms/db';
import type { Deps } from '../../deps.ts';

/** A new site under a fresh `s…` id, with no charge points yet. */
export async function createSite(
  deps: Pick<Deps, 'sites' | 'ids' | 'clock'>,
  tenantId: string,
  command: SiteCreate,
): Promise<StoredSite> {
  const now = deps.clock.now().toISOString();
  const site: StoredSite = {
    ...command,
    id: deps.ids.newId('s'),
    tenantId,
    chargePointCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  await deps.sites.createSite(site);
  return site;
}
