import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { apiClient, startTestStack } from './support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function signUp(email = 'owner@charge.example') {
  const res = await apiClient(stack)<{ tenant: { id: string; emailVerified: boolean }; apiKey: string }>(
    'POST',
    '/v1/tenants',
    { name: 'Charge Co', email, country: 'AT', currency: 'EUR' },
  );
  expect(res.status).toBe(201);
  return {
    tenantId: res.body.tenant.id,
    api: apiClient(stack, res.body.apiKey),
    apiKey: res.body.apiKey,
    tenant: res.body.tenant,
  };
}

function outboxMailTo(address: string): string {
  const file = readdirSync(stack.outboxDir).find((name) => name.includes(address));
  if (!file) throw new Error(`no mail to ${address} in ${stack.outboxDir}`);
  return readFileSync(join(stack.outboxDir, file), 'utf8');
}

describe('signup sends an e-mail verification through the outbox', () => {
  it('verifies the address with the token from the e-mail, once', async () => {
    const { tenantId, api, tenant } = await signUp('verify-me@charge.example');
    expect(tenant.emailVerified).toBe(false);
    const mail = outboxMailTo('verify-me@charge.example');
    const token = /"token": "([^"]+)"/.exec(mail)?.[1];
    expect(token).toBeTruthy();

    const wrong = await apiClient(stack)('POST', '/v1/tenants/verify-email', { tenantId, token: 'nope' });
    expect(wrong.status).toBe(422);
    const verified = await apiClient(stack)('POST', '/v1/tenants/verify-email', { tenantId, token });
    expect(verified.status).toBe(200);
    expect((await api('GET', '/v1/tenant')).body.emailVerified).toBe(true);
  });
});

describe('tenant settings', () => {
  it('starts with defaults and accepts a partial update, validating each field', async () => {
    const { api } = await signUp();
    const initial = await api<{ settings: Record<string, unknown> }>('GET', '/v1/tenant');
    expect(initial.body.settings).toMatchObject({ heartbeatIntervalSeconds: 300, priceChangeNoticeDays: 3 });

    const changed = await api('PATCH', '/v1/tenant/settings', {
      legalName: 'Charge Co GmbH',
      vatId: 'ATU12345678',
      defaultVatRate: '20',
      address: { line1: 'Ring 1', postalCode: '1010', city: 'Wien', country: 'AT' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ legalName: 'Charge Co GmbH', heartbeatIntervalSeconds: 300 });

    const bad = await api('PATCH', '/v1/tenant/settings', {
      heartbeatIntervalSeconds: 900,
      defaultVatRate: 20,
    });
    expect(bad.status).toBe(422);
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['defaultVatRate', 'heartbeatIntervalSeconds']);
  });
});

describe('API keys with roles', () => {
  it('issues a key shown once, lists it by prefix only, and enforces its role on every route', async () => {
    const { api } = await signUp();
    const issued = await api<{ id: string; apiKey: string; prefix: string }>('POST', '/v1/api-keys', {
      role: 'finance',
      name: 'Accounting export',
    });
    expect(issued.status).toBe(201);
    expect(issued.body.apiKey.startsWith(issued.body.prefix)).toBe(true);

    const listed = await api<{ items: Record<string, unknown>[] }>('GET', '/v1/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.apiKey);
    expect(listed.body.items.map((k) => k.role).sort()).toEqual(['admin', 'finance']);

    const finance = apiClient(stack, issued.body.apiKey);
    expect((await finance('GET', '/v1/tenant')).status).toBe(200);
    const forbidden = await finance('POST', '/v1/charge-points', { id: 'CP-finance' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.contentType).toContain('application/problem+json');
    expect((await finance('POST', '/v1/api-keys', { role: 'admin', name: 'escalate' })).status).toBe(403);
  });

  it('revokes a key at once, but never the last admin key', async () => {
    const { api } = await signUp();
    const operator = await api<{ id: string; apiKey: string }>('POST', '/v1/api-keys', {
      role: 'operator',
      name: 'Ops',
    });
    expect((await api('DELETE', `/v1/api-keys/${operator.body.id}`)).status).toBe(204);
    expect((await apiClient(stack, operator.body.apiKey)('GET', '/v1/tenant')).status).toBe(401);

    const keys = await api<{ items: { id: string; role: string }[] }>('GET', '/v1/api-keys');
    const admin = keys.body.items.find((k) => k.role === 'admin');
    const last = await api('DELETE', `/v1/api-keys/${admin?.id}`);
    expect(last.status).toBe(409);
  });

  it('rotates a key: the new one works, the old one stops after the grace period', async () => {
    const { api } = await signUp();
    const op = await api<{ id: string; apiKey: string }>('POST', '/v1/api-keys', {
      role: 'operator',
      name: 'Ops',
    });
    const rotated = await api<{ id: string; apiKey: string; role: string }>(
      'POST',
      `/v1/api-keys/${op.body.id}/rotate`,
      { gracePeriodSeconds: 0 },
    );
    expect(rotated.status).toBe(201);
    expect(rotated.body.role).toBe('operator');
    expect((await apiClient(stack, rotated.body.apiKey)('GET', '/v1/tenant')).status).toBe(200);
    expect((await apiClient(stack, op.body.apiKey)('GET', '/v1/tenant')).status).toBe(401);

    const graceful = await api<{ id: string; apiKey: string }>(
      'POST',
      `/v1/api-keys/${rotated.body.id}/rotate`,
      {
        gracePeriodSeconds: 3600,
      },
    );
    expect((await apiClient(stack, rotated.body.apiKey)('GET', '/v1/tenant')).status).toBe(200);
    expect((await apiClient(stack, graceful.body.apiKey)('GET', '/v1/tenant')).status).toBe(200);
  });
});

describe('conventions', () => {
  it('replays a POST with the same Idempotency-Key and refuses the key for a different body', async () => {
    const { api } = await signUp();
    const headers = { 'idempotency-key': 'create-cp-42' };
    const first = await api('POST', '/v1/charge-points', { id: 'CP-idem' }, headers);
    const again = await api('POST', '/v1/charge-points', { id: 'CP-idem' }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await api('POST', '/v1/charge-points', { id: 'CP-other' }, headers);
    expect(other.status).toBe(422);
    expect(JSON.stringify(other.body)).toContain('Idempotency-Key');
  });

  it('answers 405 with Allow for a known path and an unsupported method', async () => {
    const { api } = await signUp();
    const res = await api('PUT', '/v1/api-keys');
    expect(res.status).toBe(405);
    expect(res.contentType).toContain('application/problem+json');
  });

  it('serves a readable docs page', async () => {
    const res = await fetch(`${stack.apiUrl}/v1/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('/v1/charge-points');
    expect(html).toContain('/v1/openapi.json');
  });
});

describe('signup is rate-limited per client address', () => {
  it('answers 429 once the hourly allowance is used', async () => {
    stack.reconfigure({ SIGNUP_RATE_LIMIT_PER_HOUR: '2' });
    try {
      // Earlier tests in this file already signed up from this address, so the allowance is spent.
      const res = await apiClient(stack)('POST', '/v1/tenants', {
        name: 'Too Many',
        email: 'spam@example.com',
        country: 'DE',
        currency: 'EUR',
      });
      expect(res.status).toBe(429);
      expect(res.contentType).toContain('application/problem+json');
    } finally {
      stack.reconfigure({ SIGNUP_RATE_LIMIT_PER_HOUR: '10000' });
    }
  });
});
