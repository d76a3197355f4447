import { ConflictError, NotFoundError } from '@csms/core';
import type { StoredApiKey } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/tenancy/issue-api-key.ts';
import { listApiKeys } from '../../src/tenancy/list-api-keys.ts';
import { revokeApiKey } from '../../src/tenancy/revoke-api-key.ts';
import { rotateApiKey } from '../../src/tenancy/rotate-api-key.ts';
import { fakeDeps } from '../support/fake-deps.ts';

/** The tenant's API keys, by key id, as `putApiKey`/`revokeApiKey` leave them. */
function keyStore(initial: StoredApiKey[] = []) {
  const keys = new Map(initial.map((k) => [k.keyId, k]));
  return {
    keys,
    tenants: {
      putApiKey: async (key: StoredApiKey) => void keys.set(key.keyId, key),
      listApiKeys: async (tenantId: string) => [...keys.values()].filter((k) => k.tenantId === tenantId),
      revokeApiKey: async (_tenantId: string, keyId: string, revokedAt: string) => {
        const key = keys.get(keyId);
        if (key) keys.set(keyId, { ...key, revokedAt });
      },
    },
  };
}

const stored = (
  keyId: string,
  role: StoredApiKey['role'],
  extra: Partial<StoredApiKey> = {},
): StoredApiKey => ({
  tenantId: 't_1',
  keyId,
  prefix: `csms_${keyId}`,
  role,
  name: `Key ${keyId}`,
  secretHash: 'hash',
  createdAt: '2026-03-01T00:00:00.000Z',
  ...extra,
});

describe('API keys', () => {
  it('issues a key whose secret is returned once and stored only as a hash', async () => {
    const store = keyStore();
    const deps = fakeDeps({ repositories: { tenants: store.tenants } });
    const issued = await issueApiKey(deps, 't_1', { role: 'operator', name: 'Ops' });
    const kept = store.keys.get(issued.key.keyId);
    expect(kept).toMatchObject({
      tenantId: 't_1',
      role: 'operator',
      name: 'Ops',
      createdAt: '2026-03-15T12:00:00.000Z',
    });
    expect(issued.apiKey.startsWith(kept!.prefix)).toBe(true);
    expect(kept!.secretHash).not.toContain(issued.apiKey);
    expect(JSON.stringify(kept)).not.toContain(issued.apiKey);
  });

  it('lists the keys newest first', async () => {
    const store = keyStore([
      stored('k_old', 'admin', { createdAt: '2026-01-01T00:00:00.000Z' }),
      stored('k_new', 'finance', { createdAt: '2026-03-01T00:00:00.000Z' }),
      stored('k_mid', 'operator', { createdAt: '2026-02-01T00:00:00.000Z' }),
    ]);
    const deps = fakeDeps({ repositories: { tenants: store.tenants } });
    expect((await listApiKeys(deps, 't_1')).map((k) => k.keyId)).toEqual(['k_new', 'k_mid', 'k_old']);
  });

  it('refuses to revoke the last active admin key', async () => {
    const store = keyStore([
      stored('k_admin', 'admin'),
      stored('k_op', 'operator'),
      stored('k_gone', 'admin', { revokedAt: '2026-03-10T00:00:00.000Z' }),
    ]);
    const deps = fakeDeps({ repositories: { tenants: store.tenants } });
    const refusal = revokeApiKey(deps, 't_1', 'k_admin');
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toThrow(
      'This is the last active admin key; create another admin key first',
    );
    expect(store.keys.get('k_admin')!.revokedAt).toBeUndefined();
  });

  it('revokes an admin key at once when another admin key is active', async () => {
    const store = keyStore([stored('k_a', 'admin'), stored('k_b', 'admin')]);
    const deps = fakeDeps({ repositories: { tenants: store.tenants } });
    await revokeApiKey(deps, 't_1', 'k_a');
    expect(store.keys.get('k_a')!.revokedAt).toBe('2026-03-15T12:00:00.000Z');
    // The remaining one is now the last: refused.
    await expect(revokeApiKey(deps, 't_1', 'k_b')).rejects.toBeInstanceOf(ConflictError);
  });

  it('answers 404 for an unknown or already revoked key', async () => {
    const store = keyStore([stored('k_op', 'operator', { revokedAt: '2026-03-15T11:00:00.000Z' })]);
    const deps = fakeDeps({ repositories: { tenants: store.tenants } });
    await expect(revokeApiKey(deps, 't_1', 'k_op')).rejects.toThrow(new NotFoundError('API key k_op'));
    await expect(revokeApiKey(deps, 't_1', 'k_nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rotates a key: same role and name, the old one works until its grace period ends', async () => {
    const store = keyStore([stored('k_op', 'operator', { name: 'Gateway' })]);
    const deps = fakeDeps({ repositories: { tenants: store.tenants } });
    const fresh = await rotateApiKey(deps, 't_1', 'k_op', { gracePeriodSeconds: 3600 });
    expect(fresh.key).toMatchObject({ role: 'operator', name: 'Gateway' });
    expect(fresh.key.keyId).not.toBe('k_op');
    expect(store.keys.get('k_op')!.revokedAt).toBe('2026-03-15T13:00:00.000Z');
    // Within the grace period the old key is still active (it can be rotated or revoked again)…
    deps.setNow('2026-03-15T12:59:59Z');
    await revokeApiKey(deps, 't_1', 'k_op');
    expect(store.keys.get('k_op')!.revokedAt).toBe('2026-03-15T12:59:59.000Z');
  });

  it('a rotated key without grace period stops at once', async () => {
    const store = keyStore([stored('k_op', 'operator')]);
    const deps = fakeDeps({ repositories: { tenants: store.tenants } });
    await rotateApiKey(deps, 't_1', 'k_op', { gracePeriodSeconds: 0 });
    expect(store.keys.get('k_op')!.revokedAt).toBe('2026-03-15T12:00:00.000Z');
    await expect(rotateApiKey(deps, 't_1', 'k_op', { gracePeriodSeconds: 0 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('after the grace period the old key is gone', async () => {
    const store = keyStore([stored('k_op', 'operator')]);
    const deps = fakeDeps({ repositories: { tenants: store.tenants } });
    await rotateApiKey(deps, 't_1', 'k_op', { gracePeriodSeconds: 60 });
    deps.setNow('2026-03-15T12:01:00Z');
    await expect(revokeApiKey(deps, 't_1', 'k_op')).rejects.toBeInstanceOf(NotFoundError);
  });
});
