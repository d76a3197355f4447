import type { Deps } from '../deps.ts';
import { requireActiveApiKey } from './api-key-state.ts';
import { type IssuedApiKey, issueApiKey } from './issue-api-key.ts';

/** A new key with the same role and name; the old one keeps working for the grace period, then stops. */
export async function rotateApiKey(
  deps: Pick<Deps, 'tenants' | 'clock'>,
  tenantId: string,
  keyId: string,
  command: { gracePeriodSeconds: number },
): Promise<IssuedApiKey> {
  const { key } = await requireActiveApiKey(deps, tenantId, keyId);
  const fresh = await issueApiKey(deps, tenantId, { role: key.role, name: key.name });
  const until = new Date(deps.clock.now().getTime() + command.gracePeriodSeconds * 1000).toISOString();
  await deps.tenants.revokeApiKey(tenantId, key.keyId, until);
  return fresh;
}
