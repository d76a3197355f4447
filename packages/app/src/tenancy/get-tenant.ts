import { NotFoundError } from '@csms/core';
import type { StoredTenant } from '@csms/db';
import type { Deps } from '../deps.ts';

export async function getTenant(deps: Pick<Deps, 'tenants'>, tenantId: string): Promise<StoredTenant> {
  const tenant = await deps.tenants.getTenant(tenantId);
  if (!tenant) throw new NotFoundError('Tenant');
  return tenant;
}
