import { ConflictError, isSiteId, NotFoundError } from '@csms/core';
import type { Deps } from '../../deps.ts';

/** Deletes a site; refused (409) while charge points are assigned to it. Unknown or malformed ids: 404. */
export async function deleteSite(deps: Pick<Deps, 'sites'>, tenantId: string, id: string): Promise<void> {
  const outcome = isSiteId(id) ? await deps.sites.deleteSite(tenantId, id) : 'not-found';
  if (outcome === 'not-found') throw new NotFoundError('Site');
  if (outcome === 'in-use') {
    throw new ConflictError(`Site ${id} still has charge points; move or decommission them first`);
  }
}
