import { isSiteId, NotFoundError } from '@csms/core';
import type { StoredSite } from '@csms/db';
import type { Deps } from '../../deps.ts';

/** Ids we never minted name nothing: 404 without a read, like an unknown or foreign id. */
export async function requireSite(
  deps: Pick<Deps, 'sites'>,
  tenantId: string,
  id: string,
): Promise<StoredSite> {
  const site = isSiteId(id) ? await deps.sites.getSite(tenantId, id) : undefined;
  if (!site) throw new NotFoundError('Site');
  return site;
}
