import type { ApiKeyRole } from '@csms/core';
import { parseApiKey, UnauthenticatedError, verifySecret } from '@csms/core';
import type { Deps } from '../deps.ts';

export interface ApiPrincipal {
  readonly tenantId: string;
  readonly keyId: string;
  readonly role: ApiKeyRole;
}

/** `Authorization: Bearer csk.<tenant>.<key>.<secret>` → who is calling. Any failure is the same 401. */
export async function authenticate(
  deps: Pick<Deps, 'tenants' | 'clock'>,
  authorization: string | undefined,
): Promise<ApiPrincipal> {
  const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const parsed = token ? parseApiKey(token) : undefined;
  if (!parsed) throw new UnauthenticatedError();
  const stored = await deps.tenants.getApiKey(parsed.tenantId, parsed.keyId);
  // A rotated key stays valid until its grace period ends (`revokedAt` in the future).
  const revoked = stored?.revokedAt !== undefined && stored.revokedAt <= deps.clock.now().toISOString();
  if (!stored || revoked || !verifySecret(parsed.secret, stored.secretHash)) {
    throw new UnauthenticatedError();
  }
  return { tenantId: stored.tenantId, keyId: stored.keyId, role: stored.role };
}
