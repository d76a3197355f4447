import { issueApiKey as generateApiKey, hashSecret } from '@csms/core';
import type { StoredApiKey } from '@csms/db';
import type { Deps } from '../deps.ts';

export interface IssuedApiKey {
  readonly key: StoredApiKey;
  /** The secret key, shown once; only its hash is stored. */
  readonly apiKey: string;
}

/** A new API key of the tenant with this role and name. */
export async function issueApiKey(
  deps: Pick<Deps, 'tenants' | 'clock'>,
  tenantId: string,
  command: { role: StoredApiKey['role']; name: string },
): Promise<IssuedApiKey> {
  const generated = generateApiKey(tenantId);
  const key: StoredApiKey = {
    tenantId,
    keyId: generated.keyId,
    prefix: generated.prefix,
    role: command.role,
    name: command.name,
    secretHash: hashSecret(generated.secret),
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.tenants.putApiKey(key);
  return { key, apiKey: generated.apiKey };
}
