import type { StoredApiKey } from '@csms/db';
import type { Deps } from '../deps.ts';

/** All keys of the tenant (revoked ones too), newest first. */
export async function listApiKeys(deps: Pick<Deps, 'tenants'>, tenantId: string): Promise<StoredApiKey[]> {
  const keys = await deps.tenants.listApiKeys(tenantId);
  return [...keys].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
