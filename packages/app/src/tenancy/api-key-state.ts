import { NotFoundError } from '@csms/core';
import type { StoredApiKey } from '@csms/db';
import type { Deps } from '../deps.ts';

/** A key works until its `revokedAt` (revoked at once, or at the end of a rotation's grace period). */
export const isApiKeyActive = (key: StoredApiKey, at: string): boolean =>
  key.revokedAt === undefined || key.revokedAt > at;

/** An active key of the tenant, with all its keys and the time they were judged at; else 404. */
export async function requireActiveApiKey(
  deps: Pick<Deps, 'tenants' | 'clock'>,
  tenantId: string,
  keyId: string,
): Promise<{ key: StoredApiKey; all: StoredApiKey[]; now: string }> {
  const now = deps.clock.now().toISOString();
  const all = await deps.tenants.listApiKeys(tenantId);
  const key = all.find((k) => k.keyId === keyId && isApiKeyActive(k, now));
  if (!key) throw new NotFoundError(`API key ${keyId}`);
  return { key, all, now };
}
