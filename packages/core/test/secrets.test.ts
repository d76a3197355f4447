import { describe, expect, it } from 'vitest';
import { issueApiKey, parseApiKey } from '../src/api-key.ts';
import { newId } from '../src/ids.ts';
import { generateSecret, hashSecret, verifySecret } from '../src/secrets.ts';

describe('secrets are stored hashed', () => {
  it('verifies the right secret and refuses any other', () => {
    const secret = generateSecret();
    const stored = hashSecret(secret);
    expect(stored).not.toContain(secret);
    expect(verifySecret(secret, stored)).toBe(true);
    expect(verifySecret(`${secret}x`, stored)).toBe(false);
    expect(verifySecret(secret, 'md5$abc$def')).toBe(false);
  });

  it('salts each hash, so equal secrets do not hash alike', () => {
    expect(hashSecret('same')).not.toBe(hashSecret('same'));
  });
});

describe('API keys carry their tenant and key id', () => {
  it('parses what it issues', () => {
    const tenantId = newId('t');
    const key = issueApiKey(tenantId);
    expect(parseApiKey(key.apiKey)).toEqual({ tenantId, keyId: key.keyId, secret: key.secret });
    expect(key.apiKey.startsWith(key.prefix)).toBe(true);
  });

  it.each([
    '',
    'csk',
    'csk.t1.k1.s',
    'Bearer x',
    `sk_live.${newId('t')}.${newId('k', 12)}.${'s'.repeat(40)}`,
  ])('rejects %j', (candidate) => {
    expect(parseApiKey(candidate)).toBeUndefined();
  });
});

describe('ids', () => {
  it('are random, prefixed and do not sort by creation', () => {
    const ids = Array.from({ length: 1000 }, () => newId('t'));
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^t[0-9a-hjkmnp-tv-z]{20}$/);
  });
});
