import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startStripeFake } from '../src/stripe-fake/index.ts';
import { type ApiResponse, apiClient, startTestStack } from './support/local-stack.ts';

/**
 * Tenant isolation, proven route by route. Tenant B creates one of everything; tenant A then calls EVERY
 * operation of the OpenAPI document with B's ids. Each must answer 404 (never 403, never B's data) and leave
 * B's data as it was. Routes come from the document, so a new route is covered (or fails here, asking for a
 * fixture) without anyone remembering to add it.
 */
const MARKER = 'B-PRIVATE-7f3a';

type Api = ReturnType<typeof apiClient>;
interface Tenant {
  readonly id: string;
  readonly api: Api;
}

let stack: LocalStack;
let stripe: Awaited<ReturnType<typeof startStripeFake>>;
let a: Tenant;
let b: Tenant;
/** B's resource ids, by the collection segment that precedes the path parameter. */
const bIds: Record<string, string> = {};
/** What B sees of its own resources before A's probes, to prove nothing changed. */
const bSnapshots = new Map<string, unknown>();

async function signUp(name: string): Promise<Tenant> {
  const res = await apiClient(stack)<{ tenant: { id: string }; apiKey: string }>('POST', '/v1/tenants', {
    name,
    email: `${name.toLowerCase()}@isolation.example`,
    country: 'DE',
    currency: 'EUR',
  });
  expect(res.status).toBe(201);
  return { id: res.body.tenant.id, api: apiClient(stack, res.body.apiKey) };
}

async function create<T = { id: string }>(api: Api, path: string, body: unknown): Promise<T> {
  const res = await api<T>('POST', path, body);
  if (res.status !== 201)
    throw new Error(`fixture ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A valid body per operation, so a 404 proves the lookup was refused rather than the body. */
const sampleBodies: Record<string, () => unknown> = {
  createApiKey: () => ({ role: 'operator', name: 'probe' }),
  rotateApiKey: () => ({ gracePeriodSeconds: 0 }),
  updateTenantSettings: () => ({ legalName: 'A only' }),
  registerChargePoint: () => ({ id: 'CP-A-probe', siteId: bIds.sites }),
  updateChargePoint: () => ({ name: 'renamed by A' }),
  rotateChargePointPassword: () => ({}),
  createSite: () => ({
    name: 'A site',
    address: { line1: 'Weg 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
    coordinates: { latitude: 52.5, longitude: 13.4 },
    timeZone: 'Europe/Berlin',
  }),
  updateSite: () => ({ name: 'renamed by A' }),
  createCustomer: () => ({ type: 'individual', name: 'A customer', email: 'a@isolation.example' }),
  updateCustomer: () => ({ name: 'renamed by A' }),
  addDriver: () => ({ name: 'A driver' }),
  acceptTerms: () => ({ termsId: bIds.terms }),
  publishTerms: () => ({ kind: 'terms', version: 'A-1', material: true, text: 'A terms' }),
  createIdToken: () => ({ idTag: 'A-PROBE-TAG', customerId: bIds.customers, type: 'RFID' }),
  updateIdToken: () => ({ status: 'Blocked' }),
  anonymizeCustomer: () => ({}),
  sendCommand: () => ({ type: 'Soft' }),
  createPayoutOnboardingLink: () => ({
    returnUrl: 'https://a.example/done',
    refreshUrl: 'https://a.example/retry',
  }),
};

beforeAll(async () => {
  stack = await startTestStack();
  // Payments are configured, so payment routes are exercised for real rather than answering 501.
  stripe = await startStripeFake();
  Object.assign(process.env, stripe.env);
  a = await signUp('Alpha');
  b = await signUp('Bravo');

  bIds['charge-points'] = (await create(b.api, '/v1/charge-points', { id: `CP-${MARKER}` })).id;
  bIds['api-keys'] = (await create(b.api, '/v1/api-keys', { role: 'operator', name: MARKER })).id;
  bIds.sites = (
    await create(b.api, '/v1/sites', {
      name: MARKER,
      address: { line1: MARKER, postalCode: '80331', city: 'München', country: 'DE' },
      coordinates: { latitude: 48.1, longitude: 11.6 },
      timeZone: 'Europe/Berlin',
    })
  ).id;
  bIds.customers = (
    await create(b.api, '/v1/customers', {
      type: 'company',
      name: MARKER,
      email: 'b-private@isolation.example',
    })
  ).id;
  bIds.drivers = (await create(b.api, `/v1/customers/${bIds.customers}/drivers`, { name: MARKER })).id;
  bIds.terms = (
    await create(b.api, '/v1/terms', { kind: 'terms', version: 'B-1', material: true, text: MARKER })
  ).id;
  const token = await create<{ idTag: string }>(b.api, '/v1/id-tokens', {
    idTag: 'B-TAG-0001',
    customerId: bIds.customers,
    type: 'RFID',
  });
  bIds['id-tokens'] = token.idTag;
  // Not a resource of B, but a path segment: the action name of a command.
  bIds.commands = 'Reset';

  for (const path of ownReadPaths()) bSnapshots.set(path, (await b.api('GET', path)).body);
});

afterAll(async () => {
  await stripe?.close();
  await stack?.stop();
});

function ownReadPaths(): string[] {
  return [
    `/v1/charge-points/${bIds['charge-points']}`,
    `/v1/sites/${bIds.sites}`,
    `/v1/customers/${bIds.customers}`,
    `/v1/id-tokens/${bIds['id-tokens']}`,
    '/v1/api-keys',
  ];
}

interface Operation {
  readonly path: string;
  readonly method: string;
  readonly operationId: string;
  readonly isPublic: boolean;
  readonly hasBody: boolean;
}

async function documentedOperations(): Promise<Operation[]> {
  const doc = (await (await fetch(`${stack.apiUrl}/v1/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<string, { operationId: string; security: unknown[]; requestBody?: unknown }>
    >;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      path,
      method: method.toUpperCase(),
      operationId: op.operationId,
      isPublic: op.security.length === 0,
      hasBody: op.requestBody !== undefined,
    })),
  );
}

/** `/v1/customers/{id}/drivers/{driverId}` → B's customer id and B's driver id. */
function withIdsOfB(path: string): string {
  return path.replace(/([\w-]+)\/\{(\w+)\}/g, (_, collection: string) => {
    const id = bIds[collection];
    if (!id)
      throw new Error(`No fixture of tenant B for "${collection}": add one to tenant-isolation.test.ts`);
    return `${collection}/${encodeURIComponent(id)}`;
  });
}

/** B's data in an answer; the ids A itself put in the URL do not count (echoing a request is no leak). */
function leaks(res: ApiResponse<unknown>, requestedPath: string): boolean {
  let text = JSON.stringify(res.body);
  for (const segment of requestedPath.split('/'))
    if (segment) text = text.replaceAll(decodeURIComponent(segment), '');
  return text.includes(MARKER) || text.includes('b-private@');
}

describe("tenant A addressing tenant B's resources", () => {
  it('gets 404 on every route with a path parameter, and never sees B data on any route', async () => {
    const operations = (await documentedOperations()).filter((op) => !op.isPublic);
    expect(operations.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const op of operations) {
      const sample = sampleBodies[op.operationId];
      if (op.hasBody && !sample) {
        failures.push(`${op.operationId}: no sample body in tenant-isolation.test.ts`);
        continue;
      }
      const targetsB = op.path.includes('{');
      const path = targetsB ? withIdsOfB(op.path) : op.path;
      const res = await a.api(op.method, path, op.hasBody ? sample?.() : undefined);
      const label = `${op.method} ${op.path} (${op.operationId}) → ${res.status}`;
      if (leaks(res, path))
        failures.push(`${label}: leaked B data ${JSON.stringify(res.body).slice(0, 200)}`);
      if (res.status >= 500) failures.push(`${label}: server error`);
      if (res.status === 403) failures.push(`${label}: 403 reveals the resource exists`);
      if (targetsB && res.status !== 404) failures.push(`${label}: expected 404`);
    }
    expect(failures).toEqual([]);
  });

  it("left every one of B's resources as it was", async () => {
    for (const path of ownReadPaths()) {
      const now = await b.api('GET', path);
      expect(now.status, path).toBe(200);
      expect(now.body, path).toEqual(bSnapshots.get(path));
    }
  });

  it('lets two tenants use the same charger identity without clash', async () => {
    const same = 'CP-SHARED-ID';
    const inA = await a.api<{ ocppUrl: string }>('POST', '/v1/charge-points', { id: same });
    const inB = await b.api<{ ocppUrl: string }>('POST', '/v1/charge-points', { id: same });
    expect(inA.status).toBe(201);
    expect(inB.status).toBe(201);
    expect(inA.body.ocppUrl).not.toBe(inB.body.ocppUrl);
  });
});
