import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { apiClient, signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('POST /v1/tenants (public signup)', () => {
  it('creates a tenant and returns its API key once', async () => {
    const res = await apiClient(stack)('POST', '/v1/tenants', {
      name: 'Fjord Charge AS',
      email: 'it@fjord.example',
      country: 'NO',
      currency: 'NOK',
    });
    expect(res.status).toBe(201);
    expect(res.body.tenant).toMatchObject({ name: 'Fjord Charge AS', country: 'NO', currency: 'NOK' });
    expect(res.body.apiKey).toMatch(/^csk\.t[0-9a-z]{20}\.k[0-9a-z]{12}\.\S{20,}$/);
  });

  it('names every offending field in a problem+json 422', async () => {
    const res = await apiClient(stack)('POST', '/v1/tenants', {
      name: '',
      email: 'not-an-email',
      country: 'Germany',
      currency: 'eur',
    });
    expect(res.status).toBe(422);
    expect(res.contentType).toContain('application/problem+json');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['country', 'currency', 'email', 'name']);
  });

  it('rejects unknown fields and malformed JSON with a 4xx problem', async () => {
    const extra = await apiClient(stack)('POST', '/v1/tenants', {
      name: 'X',
      email: 'x@example.com',
      country: 'DE',
      currency: 'EUR',
      plan: 'free',
    });
    expect(extra.status).toBe(422);
    expect(JSON.stringify(extra.body.errors)).toContain('plan');

    const malformed = await apiClient(stack)('POST', '/v1/tenants', '{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.contentType).toContain('application/problem+json');
  });
});

describe('API keys guard every other route', () => {
  it('answers 401 without a key, with a garbage key and with a forged secret', async () => {
    const { apiKey } = await signUpWithChargePoint(stack, 'CP-auth');
    expect((await apiClient(stack)('GET', '/v1/charge-points/CP-auth')).status).toBe(401);
    expect((await apiClient(stack, 'garbage')('GET', '/v1/charge-points/CP-auth')).status).toBe(401);
    const forged = `${apiKey.slice(0, apiKey.lastIndexOf('.'))}.${'x'.repeat(43)}`;
    expect((await apiClient(stack, forged)('GET', '/v1/charge-points/CP-auth')).status).toBe(401);
  });
});

describe('charge points', () => {
  it('registers with a generated password and an OCPP URL; a duplicate identity is a 409', async () => {
    const { api, password, ocppUrl, tenantId } = await signUpWithChargePoint(stack, 'CP-reg');
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(ocppUrl).toBe(`${stack.ocppUrl}/${tenantId}/CP-reg`);
    const again = await api('POST', '/v1/charge-points', { id: 'CP-reg' });
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
  });

  it('refuses an identity that cannot appear in an OCPP URL, naming the field', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-ok');
    const res = await api('POST', '/v1/charge-points', { id: 'bad id/with:colon' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
  });

  it('shows a registered, never-connected charge point as offline with no boot info', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-new');
    const res = await api('GET', '/v1/charge-points/CP-new');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'CP-new', connected: false, boot: null, connectors: [] });
  });

  it("never shows one tenant's charge point to another: 404, not 403", async () => {
    const a = await signUpWithChargePoint(stack, 'CP-a-only');
    const b = await signUpWithChargePoint(stack, 'CP-b-only');
    const res = await b.api('GET', '/v1/charge-points/CP-a-only');
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain(a.tenantId);
  });

  it('answers 404 problem for an unknown route', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-x');
    const res = await api('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.contentType).toContain('application/problem+json');
  });
});
