import { newId } from './ids.ts';
import { generateSecret } from './secrets.ts';

/**
 * API keys read `csk.<tenantId>.<keyId>.<secret>`. The tenant and key id travel in the clear so the key's
 * record is found with one GetItem in the tenant's own partition (no global lookup index that would mix
 * tenants); only the secret part is verified against its stored hash. `csk.<tenantId>.<keyId>` is the
 * visible prefix shown in listings.
 */
export interface IssuedApiKey {
  readonly keyId: string;
  readonly prefix: string;
  readonly apiKey: string;
  readonly secret: string;
}

export function issueApiKey(tenantId: string): IssuedApiKey {
  const keyId = newId('k', 12);
  const secret = generateSecret(32);
  const prefix = `csk.${tenantId}.${keyId}`;
  return { keyId, prefix, secret, apiKey: `${prefix}.${secret}` };
}

export interface ParsedApiKey {
  readonly tenantId: string;
  readonly keyId: string;
  readonly secret: string;
}

export function parseApiKey(apiKey: string): ParsedApiKey | undefined {
  const parts = apiKey.split('.');
  if (parts.length !== 4 || parts[0] !== 'csk') return undefined;
  const [, tenantId, keyId, secret] = parts as [string, string, string, string];
  if (!/^t[0-9a-z]{20}$/.test(tenantId) || !/^k[0-9a-z]{12}$/.test(keyId) || secret.length < 20)
    return undefined;
  return { tenantId, keyId, secret };
}
