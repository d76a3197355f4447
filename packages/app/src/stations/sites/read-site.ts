import type { StoredSite } from '@csms/db';
import type { Deps } from '../../deps.ts';
import { requireSite } from './site-lookup.ts';

/** A site of the tenant; unknown, foreign or malformed ids: 404. */
export async function readSite(deps: Pick<Deps, 'sites'>, tenantId: string, id: string): Promise<StoredSite> {
  return requireSite(deps, tenantId, id);
}
