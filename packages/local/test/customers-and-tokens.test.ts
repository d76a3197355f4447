import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { type ApiResponse, apiClient, startTestStack } from './support/local-stack.ts';

/**
 * Customers, drivers, Terms, ID tokens and privacy through the REST API (rules A1–A5, I1, I3), against the
 * whole local stack.
 */
type Api = ReturnType<typeof apiClient>;
interface Tenant {
  readonly id: string;
  readonly admin: Api;
  readonly operator: Api;
  readonly finance: Api;
}
interface Customer {
  id: string;
  type: string;
  name: string;
  email: string;
  status: string;
  marketingOptIn: boolean;
  consentHistory: { granted: boolean; source: string; at: string }[];
  termsStatus: { upToDate: boolean; missing: { kind: string; version: string; termsId: string }[] };
  [key: string]: unknown;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Problem {
  status: number;
  errors?: { field: string; in?: string }[];
}

let stack: LocalStack;
let tenantCount = 0;

async function signUp(): Promise<Tenant> {
  tenantCount += 1;
  const res = await apiClient(stack)<{ tenant: { id: string }; apiKey: string }>('POST', '/v1/tenants', {
    name: `Charge Co ${tenantCount}`,
    email: `ops${tenantCount}@charge.example`,
    country: 'DE',
    currency: 'EUR',
  });
  expect(res.status).toBe(201);
  const admin = apiClient(stack, res.body.apiKey);
  const keyOf = async (role: string) => {
    const key = await admin<{ apiKey: string }>('POST', '/v1/api-keys', { role, name: role });
    expect(key.status).toBe(201);
    return apiClient(stack, key.body.apiKey);
  };
  return {
    id: res.body.tenant.id,
    admin,
    operator: await keyOf('operator'),
    finance: await keyOf('finance'),
  };
}

const fieldsOf = (res: ApiResponse<unknown>) =>
  ((res.body as Problem).errors ?? []).map((e) => e.field).sort();

function expectProblem(res: ApiResponse<unknown>, status: number, fields?: string[]) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.contentType).toContain('application/problem+json');
  if (fields) expect(fieldsOf(res)).toEqual(fields);
}

async function createCustomer(api: Api, body: Record<string, unknown> = {}): Promise<Customer> {
  const res = await api<Customer>('POST', '/v1/customers', {
    type: 'individual',
    name: 'Jane Doe',
    email: 'jane@doe.example',
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function publish(api: Api, body: Record<string, unknown>): Promise<{ id: string; version: string }> {
  const res = await api<{ id: string; version: string }>('POST', '/v1/terms', {
    text: 'The terms.',
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

let t: Tenant;
let other: Tenant;
beforeAll(async () => {
  stack = await startTestStack();
  t = await signUp();
  other = await signUp();
});
afterAll(async () => {
  await stack?.stop();
});

describe('customers (A1, A3)', () => {
  it('creates an individual as active, without debt, recording the marketing choice with its time', async () => {
    const res = await t.operator<Customer>('POST', '/v1/customers', {
      type: 'individual',
      name: 'Anna Schmidt',
      email: 'anna@example.com',
      phone: '+4915112345678',
      address: { line1: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      marketingOptIn: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'individual',
      name: 'Anna Schmidt',
      email: 'anna@example.com',
      status: 'active',
      outstandingDebt: 0,
      marketingOptIn: true,
      consentHistory: [{ purpose: 'marketing', granted: true, source: 'registration' }],
    });
    expect(res.body.id).toMatch(/^c[0-9a-z]{20}$/);
    expect(typeof res.body.createdAt).toBe('string');
  });

  it('names every offending field, never a 500', async () => {
    const res = await t.operator('POST', '/v1/customers', {
      type: 'person',
      name: '',
      email: 'nope',
      phone: '0151',
      nickname: 'x',
    });
    expectProblem(res, 422, ['email', 'name', 'nickname', 'phone', 'type']);
    const vatOfIndividual = await t.operator('POST', '/v1/customers', {
      type: 'individual',
      name: 'Jane',
      email: 'jane@example.com',
      vatId: 'DE123456789',
    });
    expectProblem(vatOfIndividual, 422, ['vatId']);
    expectProblem(await t.operator('POST', '/v1/customers', '{"type":'), 400);
  });

  it('reads a customer; unknown and foreign ids are 404', async () => {
    const c = await createCustomer(t.operator);
    const res = await t.finance<Customer>('GET', `/v1/customers/${c.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(c);
    expectProblem(await t.finance('GET', '/v1/customers/cnope'), 404);
    expectProblem(await other.admin('GET', `/v1/customers/${c.id}`), 404);
    expectProblem(await t.finance('GET', `/v1/customers/${'x'.repeat(3000)}`), 404);
  });

  it('lists newest first with cursor pagination and filters by status, type and e-mail (any case)', async () => {
    const tenant = await signUp();
    const first = await createCustomer(tenant.operator, { email: 'First@Example.com' });
    const company = await createCustomer(tenant.operator, {
      type: 'company',
      name: 'ACME',
      email: 'f@acme.example',
    });
    const third = await createCustomer(tenant.operator, { email: 'third@example.com' });
    await tenant.operator('PATCH', `/v1/customers/${third.id}`, {
      status: 'suspended',
      reason: 'false data',
    });

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: ApiResponse<Page<Customer>> = await tenant.finance('GET', `/v1/customers?limit=2${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      ids.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual([third.id, company.id, first.id]);

    const list = async (q: string) =>
      (await tenant.finance<Page<Customer>>('GET', `/v1/customers?${q}`)).body.items.map((c) => c.id);
    expect(await list('type=company')).toEqual([company.id]);
    expect(await list('status=suspended')).toEqual([third.id]);
    expect(await list('email=first@EXAMPLE.com')).toEqual([first.id]);
    expect(await list('status=active&type=individual&limit=1')).toEqual([first.id]);
    expectProblem(await tenant.finance('GET', '/v1/customers?status=gone&limit=0'), 422, ['limit', 'status']);
  });

  it('refuses a forged cursor, another tenant’s cursor and a cursor of another listing', async () => {
    await createCustomer(other.operator);
    await createCustomer(other.operator);
    const page = await other.admin<Page<Customer>>('GET', '/v1/customers?limit=1');
    const foreign = page.body.nextCursor ?? '';
    expect(foreign).not.toBe('');
    expectProblem(await t.admin('GET', `/v1/customers?cursor=${foreign}`), 422, ['cursor']);
    expectProblem(await t.admin('GET', '/v1/customers?cursor=garbage'), 422, ['cursor']);
    const c = await createCustomer(t.operator, { type: 'company', name: 'ACME' });
    for (const name of ['A', 'B']) await t.operator('POST', `/v1/customers/${c.id}/drivers`, { name });
    const drivers = await t.admin<Page<unknown>>('GET', `/v1/customers/${c.id}/drivers?limit=1`);
    expectProblem(await t.admin('GET', `/v1/customers?cursor=${drivers.body.nextCursor}`), 422, ['cursor']);
  });

  it('rectifies personal data and records every change of the marketing consent (A5)', async () => {
    const c = await createCustomer(t.operator, { phone: '+4915112345678' });
    const res = await t.operator<Customer>('PATCH', `/v1/customers/${c.id}`, {
      name: 'Jane Roe',
      email: 'jane@roe.example',
      phone: null,
      marketingOptIn: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Jane Roe',
      email: 'jane@roe.example',
      phone: null,
      marketingOptIn: true,
    });
    const objected = await t.operator<Customer>('PATCH', `/v1/customers/${c.id}`, { marketingOptIn: false });
    expect(objected.body.consentHistory.map((e) => [e.granted, e.source])).toEqual([
      [false, 'registration'],
      [true, 'update'],
      [false, 'update'],
    ]);
  });

  it('suspends and blocks with a reason, and reactivates (A3)', async () => {
    const c = await createCustomer(t.operator);
    const blocked = await t.operator<Customer>('PATCH', `/v1/customers/${c.id}`, {
      status: 'blocked',
      reason: 'unpaid debt',
    });
    expect(blocked.body).toMatchObject({ status: 'blocked', statusReason: 'unpaid debt' });
    const active = await t.operator<Customer>('PATCH', `/v1/customers/${c.id}`, { status: 'active' });
    expect(active.body).toMatchObject({ status: 'active', statusReason: null });
    expect((active.body.statusHistory as { status: string }[]).map((s) => s.status)).toEqual([
      'active',
      'blocked',
      'active',
    ]);
  });

  it('closes only without outstanding debt, and closing is irrevocable (A4)', async () => {
    const c = await createCustomer(t.operator);
    // Debt is booked by the payments feature; here it is written through the db module, its seam.
    await stack.deps.customers.adjustOutstandingDebt(t.id, c.id, 1250);
    const refused = await t.operator('PATCH', `/v1/customers/${c.id}`, { status: 'closed' });
    expectProblem(refused, 409);
    expect(JSON.stringify(refused.body)).toContain('debt');
    expect((await t.finance<Customer>('GET', `/v1/customers/${c.id}`)).body).toMatchObject({
      status: 'active',
      outstandingDebt: 1250,
    });

    await stack.deps.customers.adjustOutstandingDebt(t.id, c.id, -1250);
    const closed = await t.operator<Customer>('PATCH', `/v1/customers/${c.id}`, {
      status: 'closed',
      reason: 'customer request',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', statusReason: 'customer request' });
    expect(closed.body.closedAt).toEqual(expect.any(String));
    expectProblem(await t.operator('PATCH', `/v1/customers/${c.id}`, { status: 'active' }), 409);
    expectProblem(await t.operator('PATCH', `/v1/customers/${c.id}`, { status: 'suspended' }), 409);
  });

  it('answers 4xx for bad PATCHes, 404 for unknown or foreign customers', async () => {
    const c = await createCustomer(t.operator);
    expectProblem(await t.operator('PATCH', `/v1/customers/${c.id}`, {}), 422);
    expectProblem(await t.operator('PATCH', `/v1/customers/${c.id}`, { reason: 'why' }), 422, ['reason']);
    expectProblem(await t.operator('PATCH', `/v1/customers/${c.id}`, { status: 'deleted' }), 422, ['status']);
    expectProblem(await t.operator('PATCH', `/v1/customers/${c.id}`, { vatId: 'DE123456789' }), 422, [
      'vatId',
    ]);
    expectProblem(await t.operator('PATCH', '/v1/customers/cnope', { name: 'x' }), 404);
    expectProblem(await other.operator('PATCH', `/v1/customers/${c.id}`, { name: 'x' }), 404);
    expect((await t.finance<Customer>('GET', `/v1/customers/${c.id}`)).body.name).toBe('Jane Doe');
  });

  it('lets finance read but not change customers', async () => {
    expect((await t.finance('GET', '/v1/customers')).status).toBe(200);
    expectProblem(
      await t.finance('POST', '/v1/customers', { type: 'individual', name: 'X', email: 'x@y.example' }),
      403,
    );
  });
});

describe('drivers of company customers (A1)', () => {
  it('adds, lists and removes drivers; only companies hold drivers', async () => {
    const company = await createCustomer(t.operator, {
      type: 'company',
      name: 'ACME GmbH',
      vatId: 'DE123456789',
    });
    const added = await t.operator<{ id: string; name: string; email: string | null }>(
      'POST',
      `/v1/customers/${company.id}/drivers`,
      { name: 'Max Fahrer', email: 'max@acme.example' },
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      name: 'Max Fahrer',
      email: 'max@acme.example',
      customerId: company.id,
    });
    expect(added.body.id).toMatch(/^d/);
    await t.operator('POST', `/v1/customers/${company.id}/drivers`, { name: 'Eva Fahrerin' });

    const list = await t.finance<Page<{ name: string }>>('GET', `/v1/customers/${company.id}/drivers`);
    expect(list.body.items.map((d) => d.name).sort()).toEqual(['Eva Fahrerin', 'Max Fahrer']);

    expect((await t.operator('DELETE', `/v1/customers/${company.id}/drivers/${added.body.id}`)).status).toBe(
      204,
    );
    expectProblem(await t.operator('DELETE', `/v1/customers/${company.id}/drivers/${added.body.id}`), 404);
    const after = await t.finance<Page<{ name: string }>>('GET', `/v1/customers/${company.id}/drivers`);
    expect(after.body.items.map((d) => d.name)).toEqual(['Eva Fahrerin']);

    const individual = await createCustomer(t.operator);
    expectProblem(await t.operator('POST', `/v1/customers/${individual.id}/drivers`, { name: 'X' }), 422, [
      'id',
    ]);
    expectProblem(await t.operator('POST', `/v1/customers/${company.id}/drivers`, { email: 'bad' }), 422, [
      'email',
      'name',
    ]);
  });

  it('hides drivers from other tenants: 404 on every driver route', async () => {
    const company = await createCustomer(t.operator, { type: 'company', name: 'ACME' });
    const driver = await t.operator<{ id: string }>('POST', `/v1/customers/${company.id}/drivers`, {
      name: 'D',
    });
    expectProblem(await other.operator('POST', `/v1/customers/${company.id}/drivers`, { name: 'X' }), 404);
    expectProblem(await other.operator('GET', `/v1/customers/${company.id}/drivers`), 404);
    expectProblem(
      await other.operator('DELETE', `/v1/customers/${company.id}/drivers/${driver.body.id}`),
      404,
    );
    expectProblem(await t.operator('DELETE', `/v1/customers/cnope/drivers/${driver.body.id}`), 404);
  });
});

describe('Terms and Privacy versions (A1, A2)', () => {
  it('publishes versions (admin only), lists them newest first, and names the ones in force', async () => {
    const tenant = await signUp();
    expectProblem(
      await tenant.operator('POST', '/v1/terms', { kind: 'terms', version: '1', material: true, text: 'x' }),
      403,
    );
    const v1 = await publish(tenant.admin, {
      kind: 'terms',
      version: '1.0',
      material: true,
      effectiveFrom: '2024-01-01T00:00:00Z',
    });
    const p1 = await publish(tenant.admin, {
      kind: 'privacy',
      version: '1.0',
      material: true,
      url: 'https://charge.example/privacy/1',
      text: undefined,
      effectiveFrom: '2024-02-01T00:00:00Z',
    });
    const v11 = await publish(tenant.admin, {
      kind: 'terms',
      version: '1.1',
      material: false,
      text: 'Typo fixed.',
    });
    const future = await publish(tenant.admin, {
      kind: 'terms',
      version: '2.0',
      material: true,
      effectiveFrom: '2999-01-01T00:00:00Z',
    });

    const list = await tenant.finance<Page<{ id: string; text?: unknown }>>('GET', '/v1/terms');
    expect(list.body.items.map((d) => d.id)).toEqual([future.id, v11.id, p1.id, v1.id]);
    expect(list.body.items[0]).not.toHaveProperty('text');

    const current = await tenant.finance<{
      terms: { id: string; text: string };
      privacy: { id: string; url: string };
      required: { terms: { id: string }; privacy: { id: string } };
    }>('GET', '/v1/terms/current');
    expect(current.status).toBe(200);
    expect(current.body.terms).toMatchObject({ id: v11.id, text: 'Typo fixed.' });
    expect(current.body.privacy).toMatchObject({ id: p1.id, url: 'https://charge.example/privacy/1' });
    expect(current.body.required).toMatchObject({ terms: { id: v1.id }, privacy: { id: p1.id } });

    const one = await tenant.finance('GET', `/v1/terms/${v1.id}`);
    expect(one.body).toMatchObject({
      id: v1.id,
      kind: 'terms',
      version: '1.0',
      material: true,
      text: 'The terms.',
    });
    expectProblem(await other.finance('GET', `/v1/terms/${v1.id}`), 404);
    expectProblem(await tenant.finance('GET', '/v1/terms/tvnope'), 404);
  });

  it('refuses a version label twice per kind, a document without content and bad dates', async () => {
    const tenant = await signUp();
    await publish(tenant.admin, { kind: 'terms', version: '7', material: true });
    expectProblem(
      await tenant.admin('POST', '/v1/terms', { kind: 'terms', version: '7', material: false, text: 'x' }),
      409,
    );
    await publish(tenant.admin, { kind: 'privacy', version: '7', material: true });
    expectProblem(
      await tenant.admin('POST', '/v1/terms', { kind: 'terms', version: '8', material: true }),
      422,
      ['url'],
    );
    expectProblem(
      await tenant.admin('POST', '/v1/terms', {
        kind: 'rules',
        version: '',
        material: 'yes',
        text: 'x',
        effectiveFrom: 'tomorrow',
      }),
      422,
      ['effectiveFrom', 'kind', 'material', 'version'],
    );
  });

  it('requires re-acceptance after a material change, not after a minor one', async () => {
    const tenant = await signUp();
    const c = await createCustomer(tenant.operator);
    expect(c.termsStatus).toEqual({ upToDate: true, missing: [] });

    const terms1 = await publish(tenant.admin, { kind: 'terms', version: '1', material: true });
    const privacy1 = await publish(tenant.admin, { kind: 'privacy', version: '1', material: true });
    const status = async () =>
      (await tenant.finance<Customer>('GET', `/v1/customers/${c.id}`)).body.termsStatus;
    expect(await status()).toEqual({
      upToDate: false,
      missing: [
        { kind: 'terms', version: '1', termsId: terms1.id },
        { kind: 'privacy', version: '1', termsId: privacy1.id },
      ],
    });

    const accepted = await tenant.operator('POST', `/v1/customers/${c.id}/terms-acceptances`, {
      termsId: terms1.id,
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ termsId: terms1.id, kind: 'terms', version: '1' });
    expect(accepted.body.acceptedAt).toEqual(expect.any(String));
    await tenant.operator('POST', `/v1/customers/${c.id}/terms-acceptances`, { termsId: privacy1.id });
    expect(await status()).toEqual({ upToDate: true, missing: [] });

    const again = await tenant.operator('POST', `/v1/customers/${c.id}/terms-acceptances`, {
      termsId: terms1.id,
    });
    expect(again.status).toBe(200);
    expect(again.body.acceptedAt).toBe(accepted.body.acceptedAt);

    await publish(tenant.admin, { kind: 'terms', version: '1.1', material: false });
    expect((await status()).upToDate).toBe(true);

    const terms2 = await publish(tenant.admin, { kind: 'terms', version: '2', material: true });
    expect(await status()).toEqual({
      upToDate: false,
      missing: [{ kind: 'terms', version: '2', termsId: terms2.id }],
    });
    const reaccepted = await tenant.operator('POST', `/v1/customers/${c.id}/terms-acceptances`, {
      termsId: terms2.id,
    });
    expect(reaccepted.body.termsStatus).toEqual({ upToDate: true, missing: [] });
    const customer = (await tenant.finance<Customer>('GET', `/v1/customers/${c.id}`)).body;
    expect((customer.termsAcceptances as { version: string }[]).map((a) => a.version)).toEqual([
      '1',
      '1',
      '2',
    ]);
  });

  it('accepts only documents of the tenant (422 naming termsId) for customers of the tenant (404)', async () => {
    const c = await createCustomer(t.operator);
    const foreignTerms = await publish(other.admin, { kind: 'terms', version: 'x', material: true });
    const ownTerms = await publish(t.admin, { kind: 'terms', version: `own-${Date.now()}`, material: true });
    expectProblem(
      await t.operator('POST', `/v1/customers/${c.id}/terms-acceptances`, { termsId: foreignTerms.id }),
      422,
      ['termsId'],
    );
    expectProblem(
      await t.operator('POST', `/v1/customers/${c.id}/terms-acceptances`, { termsId: 'tvnope' }),
      422,
      ['termsId'],
    );
    expectProblem(await t.operator('POST', `/v1/customers/${c.id}/terms-acceptances`, {}), 422, ['termsId']);
    expectProblem(
      await other.operator('POST', `/v1/customers/${c.id}/terms-acceptances`, { termsId: foreignTerms.id }),
      404,
    );
    expectProblem(
      await t.operator('POST', '/v1/customers/cnope/terms-acceptances', { termsId: ownTerms.id }),
      404,
    );
  });
});

interface Token {
  idTag: string;
  type: string;
  customerId: string;
  status: string;
  statusReason: string | null;
  expired: boolean;
  updatedAt: string;
  [key: string]: unknown;
}

describe('ID tokens (I1, I3)', () => {
  it('issues an RFID token to a customer, unique per tenant in any letter case', async () => {
    const c = await createCustomer(t.operator);
    const res = await t.operator<Token>('POST', '/v1/id-tokens', {
      idTag: 'rfid-0001-ab',
      customerId: c.id,
      type: 'RFID',
      expiresAt: '2999-12-31T23:59:59+01:00',
      groupIdTag: 'GROUP-1',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      idTag: 'rfid-0001-ab',
      type: 'RFID',
      customerId: c.id,
      status: 'Accepted',
      expiresAt: '2999-12-31T22:59:59.000Z',
      groupIdTag: 'GROUP-1',
      expired: false,
    });
    expectProblem(
      await t.operator('POST', '/v1/id-tokens', { idTag: 'RFID-0001-AB', customerId: c.id, type: 'RFID' }),
      409,
    );
    // Another tenant may issue the same idTag.
    const elsewhere = await createCustomer(other.operator);
    expect(
      (
        await other.operator('POST', '/v1/id-tokens', {
          idTag: 'RFID-0001-AB',
          customerId: elsewhere.id,
          type: 'RFID',
        })
      ).status,
    ).toBe(201);

    const read = await t.finance<Token>('GET', '/v1/id-tokens/RFID-0001-AB');
    expect(read.status).toBe(200);
    expect(read.body.idTag).toBe('rfid-0001-ab');
  });

  it('names the field of every bad token request; an unknown or foreign customer is a 422 on customerId', async () => {
    const c = await createCustomer(t.operator);
    expectProblem(
      await t.operator('POST', '/v1/id-tokens', { idTag: 'x'.repeat(21), customerId: c.id, type: 'NFC' }),
      422,
      ['idTag', 'type'],
    );
    expectProblem(
      await t.operator('POST', '/v1/id-tokens', { idTag: 'T-1', customerId: 'cnope', type: 'RFID' }),
      422,
      ['customerId'],
    );
    const foreign = await createCustomer(other.operator);
    expectProblem(
      await t.operator('POST', '/v1/id-tokens', { idTag: 'T-2', customerId: foreign.id, type: 'RFID' }),
      422,
      ['customerId'],
    );
    expectProblem(
      await t.operator('POST', '/v1/id-tokens', {
        idTag: 'T-3',
        customerId: c.id,
        type: 'RFID',
        expiresAt: 'soon',
      }),
      422,
      ['expiresAt'],
    );
  });

  it('registers a vehicle for Autocharge per vehicle by opt-in, and blocks it when the vehicle is sold (I3)', async () => {
    const c = await createCustomer(t.operator);
    const base = { idTag: 'VID:0A1B2C3D4E5F', customerId: c.id, type: 'VehicleId' };
    expectProblem(await t.operator('POST', '/v1/id-tokens', base), 422, ['vehicle']);
    expectProblem(
      await t.operator('POST', '/v1/id-tokens', { ...base, vehicle: { label: 'e-Golf', optIn: false } }),
      422,
      ['vehicle.optIn'],
    );
    expectProblem(
      await t.operator('POST', '/v1/id-tokens', {
        ...base,
        idTag: 'CAR-1',
        vehicle: { label: 'e-Golf', optIn: true },
      }),
      422,
      ['idTag'],
    );
    const res = await t.operator<Token>('POST', '/v1/id-tokens', {
      ...base,
      vehicle: { label: 'e-Golf', optIn: true },
    });
    expect(res.status).toBe(201);
    expect(res.body.vehicle).toMatchObject({ label: 'e-Golf', optIn: true, optInAt: expect.any(String) });

    const sold = await t.operator<Token>('PATCH', `/v1/id-tokens/${encodeURIComponent(base.idTag)}`, {
      status: 'Blocked',
      reason: 'vehicle sold',
    });
    expect(sold.status).toBe(200);
    expect(sold.body).toMatchObject({ status: 'Blocked', statusReason: 'vehicle sold' });
    expect(sold.body.updatedAt > res.body.updatedAt).toBe(true);
  });

  it('blocks at once, unblocks, changes the expiry; names bad fields; 404 for unknown and foreign tokens (I1)', async () => {
    const c = await createCustomer(t.operator);
    await t.operator('POST', '/v1/id-tokens', { idTag: 'LOST-CARD', customerId: c.id, type: 'RFID' });
    const blocked = await t.operator<Token>('PATCH', '/v1/id-tokens/lost-card', {
      status: 'Blocked',
      reason: 'lost',
    });
    expect(blocked.body).toMatchObject({ idTag: 'LOST-CARD', status: 'Blocked', statusReason: 'lost' });
    expect((await t.finance<Token>('GET', '/v1/id-tokens/LOST-CARD')).body.status).toBe('Blocked');

    const expired = await t.operator<Token>('PATCH', '/v1/id-tokens/LOST-CARD', {
      status: 'Accepted',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(expired.body).toMatchObject({ status: 'Accepted', statusReason: null, expired: true });
    const unlimited = await t.operator<Token>('PATCH', '/v1/id-tokens/LOST-CARD', { expiresAt: null });
    expect(unlimited.body).toMatchObject({ expiresAt: null, expired: false });

    expectProblem(await t.operator('PATCH', '/v1/id-tokens/LOST-CARD', {}), 422);
    expectProblem(await t.operator('PATCH', '/v1/id-tokens/LOST-CARD', { status: 'Lost' }), 422, ['status']);
    expectProblem(await t.operator('PATCH', '/v1/id-tokens/NO-SUCH-CARD', { status: 'Blocked' }), 404);
    expectProblem(await other.operator('PATCH', '/v1/id-tokens/LOST-CARD', { status: 'Blocked' }), 404);
    expectProblem(await other.finance('GET', '/v1/id-tokens/LOST-CARD'), 404);
    expectProblem(await t.finance('GET', `/v1/id-tokens/${'A'.repeat(500)}`), 404);
    expect((await t.finance<Token>('GET', '/v1/id-tokens/LOST-CARD')).body.status).toBe('Accepted');
  });

  it('lists tokens per customer and for the whole tenant, paginated', async () => {
    const tenant = await signUp();
    const a = await createCustomer(tenant.operator);
    const b = await createCustomer(tenant.operator);
    for (const idTag of ['A-2', 'A-1']) {
      await tenant.operator('POST', '/v1/id-tokens', { idTag, customerId: a.id, type: 'RFID' });
    }
    await tenant.operator('POST', '/v1/id-tokens', { idTag: 'B-1', customerId: b.id, type: 'RFID' });

    const ofA = await tenant.finance<Page<Token>>('GET', `/v1/id-tokens?customerId=${a.id}`);
    expect(ofA.body.items.map((x) => x.idTag)).toEqual(['A-1', 'A-2']);

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: ApiResponse<Page<Token>> = await tenant.finance('GET', `/v1/id-tokens?limit=2${query}`);
      all.push(...page.body.items.map((x) => x.idTag));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all.sort()).toEqual(['A-1', 'A-2', 'B-1']);

    expectProblem(await tenant.finance('GET', `/v1/id-tokens?customerId=${a.id}x`), 404);
    expectProblem(await other.finance('GET', `/v1/id-tokens?customerId=${a.id}`), 404);
  });

  it("assigns tokens to a company's drivers; removing the driver blocks their tokens", async () => {
    const company = await createCustomer(t.operator, { type: 'company', name: 'Fleet AG' });
    const otherCompany = await createCustomer(t.operator, { type: 'company', name: 'Other AG' });
    const driver = await t.operator<{ id: string }>('POST', `/v1/customers/${company.id}/drivers`, {
      name: 'Kim',
    });
    const strangerDriver = await t.operator<{ id: string }>(
      'POST',
      `/v1/customers/${otherCompany.id}/drivers`,
      {
        name: 'Lou',
      },
    );
    expectProblem(
      await t.operator('POST', '/v1/id-tokens', {
        idTag: 'FLEET-1',
        customerId: company.id,
        type: 'RFID',
        driverId: strangerDriver.body.id,
      }),
      422,
      ['driverId'],
    );
    const token = await t.operator<Token>('POST', '/v1/id-tokens', {
      idTag: 'FLEET-1',
      customerId: company.id,
      type: 'RFID',
      driverId: driver.body.id,
    });
    expect(token.body.driverId).toBe(driver.body.id);
    await t.operator('DELETE', `/v1/customers/${company.id}/drivers/${driver.body.id}`);
    expect((await t.finance<Token>('GET', '/v1/id-tokens/FLEET-1')).body).toMatchObject({
      status: 'Blocked',
      statusReason: 'Driver removed',
    });
  });

  it('issues no tokens to closed customers and does not reactivate their tokens', async () => {
    const c = await createCustomer(t.operator);
    await t.operator('POST', '/v1/id-tokens', { idTag: 'CLOSING-1', customerId: c.id, type: 'RFID' });
    await t.operator('PATCH', '/v1/id-tokens/CLOSING-1', { status: 'Blocked' });
    await t.operator('PATCH', `/v1/customers/${c.id}`, { status: 'closed' });
    expectProblem(
      await t.operator('POST', '/v1/id-tokens', { idTag: 'CLOSED-2', customerId: c.id, type: 'RFID' }),
      409,
    );
    expectProblem(await t.operator('PATCH', '/v1/id-tokens/CLOSING-1', { status: 'Accepted' }), 409);
  });
});

describe('privacy: export and erasure (A5)', () => {
  async function customerWithEverything(tenant: Tenant) {
    const c = await createCustomer(tenant.operator, {
      type: 'company',
      name: 'Jane Doe Consulting',
      email: 'jane@doe-consulting.example',
      phone: '+4915112345678',
      address: { line1: 'Janestr. 9', postalCode: '10115', city: 'Berlin', country: 'DE' },
      vatId: 'DE987654321',
      marketingOptIn: true,
    });
    const terms = await publish(tenant.admin, { kind: 'terms', version: `v-${c.id}`, material: true });
    await tenant.operator('POST', `/v1/customers/${c.id}/terms-acceptances`, { termsId: terms.id });
    const driver = await tenant.operator<{ id: string }>('POST', `/v1/customers/${c.id}/drivers`, {
      name: 'John Roe',
      email: 'john@roe.example',
    });
    const suffix = c.id.slice(-8).toUpperCase();
    await tenant.operator('POST', '/v1/id-tokens', {
      idTag: `CARD-${suffix}`,
      customerId: c.id,
      type: 'RFID',
      driverId: driver.body.id,
    });
    const mac = randomBytes(6).toString('hex');
    await tenant.operator('POST', '/v1/id-tokens', {
      idTag: `VID:${mac}`,
      customerId: c.id,
      type: 'VehicleId',
      vehicle: { label: "John's blue Tesla", optIn: true },
    });
    return { c, terms, driver: driver.body, cardTag: `CARD-${suffix}`, vehicleTag: `VID:${mac}` };
  }

  it('exports everything held on the customer as JSON (admin only)', async () => {
    const { c, terms, driver, cardTag, vehicleTag } = await customerWithEverything(t);
    expectProblem(await t.operator('GET', `/v1/customers/${c.id}/export`), 403);
    const res = await t.admin<{
      exportedAt: string;
      customer: Customer;
      drivers: { id: string; name: string }[];
      idTokens: Token[];
    }>('GET', `/v1/customers/${c.id}/export`);
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.exportedAt)).not.toBeNaN();
    expect(res.body.customer).toMatchObject({
      id: c.id,
      name: 'Jane Doe Consulting',
      phone: '+4915112345678',
      vatId: 'DE987654321',
      address: { line1: 'Janestr. 9' },
      marketingOptIn: true,
      consentHistory: [{ granted: true, source: 'registration' }],
      termsAcceptances: [{ termsId: terms.id }],
    });
    expect(res.body.drivers).toEqual([expect.objectContaining({ id: driver.id, name: 'John Roe' })]);
    expect(res.body.idTokens.map((x) => x.idTag).sort()).toEqual([cardTag, vehicleTag].sort());
    expectProblem(await other.admin('GET', `/v1/customers/${c.id}/export`), 404);
  });

  it('erases personal data but keeps ids and records; refused while debt is outstanding; idempotent', async () => {
    const { c, cardTag, vehicleTag } = await customerWithEverything(t);
    expectProblem(await t.operator('POST', `/v1/customers/${c.id}/anonymize`), 403);
    expectProblem(await other.admin('POST', `/v1/customers/${c.id}/anonymize`), 404);

    await stack.deps.customers.adjustOutstandingDebt(t.id, c.id, 990);
    expectProblem(await t.admin('POST', `/v1/customers/${c.id}/anonymize`), 409);
    expect((await t.finance<Customer>('GET', `/v1/customers/${c.id}`)).body.name).toBe('Jane Doe Consulting');
    expect((await t.finance<Token>('GET', `/v1/id-tokens/${cardTag}`)).body.status).toBe('Accepted');
    await stack.deps.customers.adjustOutstandingDebt(t.id, c.id, -990);

    const erased = await t.admin<Customer>('POST', `/v1/customers/${c.id}/anonymize`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      id: c.id,
      status: 'closed',
      marketingOptIn: false,
      phone: null,
      address: null,
      vatId: null,
    });
    expect(erased.body.anonymizedAt).toEqual(expect.any(String));

    const exported = await t.admin('GET', `/v1/customers/${c.id}/export`);
    const text = JSON.stringify(exported.body);
    for (const personal of [
      'Jane',
      'doe-consulting',
      '4915112345678',
      'Janestr',
      'DE987654321',
      'John',
      'roe.example',
      'Tesla',
    ]) {
      expect(text, personal).not.toContain(personal);
    }
    const tokens = (exported.body as { idTokens: Token[] }).idTokens;
    expect(tokens.map((x) => [x.idTag, x.status]).sort()).toEqual(
      [
        [cardTag, 'Blocked'],
        [vehicleTag, 'Blocked'],
      ].sort(),
    );
    // Ids and the Terms record stay, for accounting and proof.
    expect((exported.body as { customer: Customer }).customer.termsAcceptances).toHaveLength(1);

    const again = await t.admin<Customer>('POST', `/v1/customers/${c.id}/anonymize`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(erased.body);
    expectProblem(await t.operator('PATCH', `/v1/customers/${c.id}`, { name: 'Jane Doe' }), 409);
  });
});

describe('the API documents every route of this feature', () => {
  it('declares a response schema for each operation', async () => {
    const doc = (await (await fetch(`${stack.apiUrl}/v1/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: unknown }>; 'x-roles': string[] }>
      >;
    };
    const ours = Object.entries(doc.paths).filter(([path]) =>
      /^\/v1\/(customers|terms|id-tokens)/.test(path),
    );
    expect(ours.length).toBeGreaterThanOrEqual(9);
    for (const [path, methods] of ours) {
      for (const [method, op] of Object.entries(methods)) {
        const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
        expect(success, `${method} ${path}`).toBeDefined();
        if (success?.[0] !== '204') expect(success?.[1].content, `${method} ${path}`).toBeDefined();
      }
    }
    expect(doc.paths['/v1/terms']?.post?.['x-roles']).toEqual(['admin']);
    expect(doc.paths['/v1/customers/{id}/anonymize']?.post?.['x-roles']).toEqual(['admin']);
    expect(doc.paths['/v1/customers/{id}']?.patch?.['x-roles']).toEqual(['admin', 'operator']);
  });
});
