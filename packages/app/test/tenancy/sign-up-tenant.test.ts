import { RateLimitedError, ValidationError } from '@csms/core';
import type { StoredApiKey, StoredTenant } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { signUpTenant } from '../../src/tenancy/sign-up-tenant.ts';
import { verifyTenantEmail } from '../../src/tenancy/verify-tenant-email.ts';
import { fakeDeps } from '../support/fake-deps.ts';

const signup = { name: 'Volt GmbH', email: 'ops@volt.example', country: 'DE', currency: 'EUR' };

/** Tenants and their keys, and a per-address token bucket counting signups per window. */
function world(options: { signupsPerHour?: number } = {}) {
  const tenants = new Map<string, StoredTenant>();
  const keys: StoredApiKey[] = [];
  const taken = new Map<string, number>();
  const verified: { tenantId: string; at: string }[] = [];
  const deps = fakeDeps({
    settings: { signupsPerHour: options.signupsPerHour ?? 2 },
    repositories: {
      rateLimits: {
        takeRateLimitToken: async (bucket: string, subject: string, limit: number) => {
          const count = (taken.get(`${bucket}/${subject}`) ?? 0) + 1;
          taken.set(`${bucket}/${subject}`, count);
          return count <= limit;
        },
      },
      tenants: {
        createTenantWithApiKey: async (tenant: StoredTenant, key: StoredApiKey) => {
          tenants.set(tenant.id, tenant);
          keys.push(key);
        },
        getTenant: async (id: string) => tenants.get(id),
        markTenantEmailVerified: async (tenantId: string, at: string) => {
          verified.push({ tenantId, at });
          const tenant = tenants.get(tenantId)!;
          tenants.set(tenantId, { ...tenant, emailVerifiedAt: at });
        },
      },
    },
  });
  return { deps, tenants, keys, verified };
}

/** The token of the verification e-mail, as the tenant would copy it. */
const tokenOf = (text: string) => /"token": "([^"]+)"/.exec(text)![1]!;

describe('tenant signup', () => {
  it('creates the tenant with its first admin key and e-mails a verification token', async () => {
    const { deps, tenants, keys } = world();
    const { tenant, apiKey } = await signUpTenant(deps, { signup, clientAddress: '203.0.113.7' });
    expect(tenants.get(tenant.id)).toMatchObject({ ...signup, createdAt: '2026-03-15T12:00:00.000Z' });
    expect(tenant.emailVerification?.expiresAt).toBe('2026-03-18T12:00:00.000Z');
    expect(keys).toEqual([
      expect.objectContaining({
        tenantId: tenant.id,
        role: 'admin',
        name: 'Signup key',
        createdAt: tenant.createdAt,
      }),
    ]);
    expect(apiKey.startsWith(keys[0]!.prefix)).toBe(true);
    expect(deps.sent.emails).toHaveLength(1);
    const [email] = deps.sent.emails;
    expect(email).toMatchObject({
      kind: 'tenant-verification',
      to: 'ops@volt.example',
      subject: 'Verify your e-mail address for your CSMS account',
    });
    expect(email!.text).toContain('Welcome, Volt GmbH.');
    expect(email!.text).toContain(`POST /v1/tenants/verify-email {"tenantId": "${tenant.id}", "token": "`);
    expect(email!.text).toContain('within 72 hours.');
    // Only a hash of the token is stored.
    expect(tenant.emailVerification?.tokenHash).not.toBe(tokenOf(email!.text));
  });

  it('refuses signups beyond the hourly limit of one address with a rate-limit error (429)', async () => {
    const { deps, tenants } = world({ signupsPerHour: 2 });
    await signUpTenant(deps, { signup, clientAddress: '203.0.113.7' });
    await signUpTenant(deps, { signup, clientAddress: '203.0.113.7' });
    const third = signUpTenant(deps, { signup, clientAddress: '203.0.113.7' });
    await expect(third).rejects.toBeInstanceOf(RateLimitedError);
    await expect(third).rejects.toMatchObject({
      kind: 'rate-limited',
      message: 'At most 2 signups per hour from one address',
    });
    expect(tenants.size).toBe(2);
    expect(deps.sent.emails).toHaveLength(2);
    // Another address is not affected.
    await signUpTenant(deps, { signup, clientAddress: '198.51.100.1' });
    expect(tenants.size).toBe(3);
  });

  it('verifies the address with the e-mailed token, once; a repeat succeeds without writing', async () => {
    const { deps, verified } = world();
    const { tenant } = await signUpTenant(deps, { signup, clientAddress: '203.0.113.7' });
    const token = tokenOf(deps.sent.emails[0]!.text);
    deps.setNow('2026-03-16T08:00:00Z');
    await verifyTenantEmail(deps, { tenantId: tenant.id, token });
    await verifyTenantEmail(deps, { tenantId: tenant.id, token: 'anything' });
    expect(verified).toEqual([{ tenantId: tenant.id, at: '2026-03-16T08:00:00.000Z' }]);
  });

  it('refuses a wrong or expired token, and an unknown tenant', async () => {
    const { deps, verified } = world();
    const { tenant } = await signUpTenant(deps, { signup, clientAddress: '203.0.113.7' });
    const token = tokenOf(deps.sent.emails[0]!.text);
    await expect(verifyTenantEmail(deps, { tenantId: tenant.id, token: 'wrong' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(verifyTenantEmail(deps, { tenantId: 't_unknown', token })).rejects.toThrow(
      'token: Unknown, used or expired verification token',
    );
    deps.setNow('2026-03-18T12:00:01Z');
    await expect(verifyTenantEmail(deps, { tenantId: tenant.id, token })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(verified).toEqual([]);
  });
});
