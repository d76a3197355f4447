import { ConflictError } from '@csms/core';
import type { Deps } from '../deps.ts';
import { isApiKeyActive, requireActiveApiKey } from './api-key-state.ts';

/** Revokes an active key at once; the last active admin key is refused (the tenant would be locked out). */
export async function revokeApiKey(
  deps: Pick<Deps, 'tenants' | 'clock'>,
  tenantId: string,
  keyId: string,
): Promise<void> {
  const { key, all, now } = await requireActiveApiKey(deps, tenantId, keyId);
  const otherAdmins = all.filter(
    (k) => k.role === 'admin' && k.keyId !== key.keyId && isApiKeyActive(k, now),
  );
  if (key.role === 'admin' && otherAdmins.length === 0) {
    throw new ConflictError('This is the last active admin key; create another admin key first');
  }
  await deps.tenants.revokeApiKey(tenantId, key.keyId, now);
}
