import { issueMonthlyInvoice } from '@csms/app/documents/issue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startStripeFake } from '../src/stripe-fake/index.ts';
import { strictCharger } from './support/chargers.ts';
import { type ApiResponse, apiClient, startTestStack } from './support/local-stack.ts';
import { pricedSession } from './support/priced-sessions.ts';

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
  setChargePointPassword: () => ({ password: 'A-chosen-password-1234' }),
  getChargePointVariables: () => ({
    items: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
  }),
  setChargePointVariables: () => ({
    items: [
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '60' },
    ],
  }),
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
  createCreditNote: () => ({ reason: 'probe by A' }),
  closeMonth: () => ({ period: '2020-01' }),
  remoteStartTransaction: () => ({ idTag: 'B-TAG-0001' }),
  changeAvailability: () => ({ connectorId: 0, type: 'Inoperative' }),
  triggerMessage: () => ({ requestedMessage: 'Heartbeat' }),
  resetChargePoint: () => ({ type: 'Soft' }),
  unlockConnector: () => ({ connectorId: 1 }),
  syncLocalList: () => ({ mode: 'full' }),
  createReservation: () => ({
    chargePointId: bIds['charge-points'],
    connectorId: 1,
    idTag: 'B-TAG-0001',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  }),
  setChargingProfile: () => ({ connectorId: 0, csChargingProfiles: chargePointMaxProfile(7) }),
  requestChargingProfilesReport: () => ({}),
  updateFirmware: () => ({
    location: 'https://a.example/firmware.bin',
    retrieveDate: new Date(Date.now() + 3_600_000).toISOString(),
  }),
  getDiagnostics: () => ({ location: 'ftp://a.example/upload/' }),
  requestDeviceReport: () => ({ kind: 'base', reportBase: 'FullInventory' }),
  installCertificate: () => ({
    certificateType: 'CSMSRootCertificate',
    certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
  }),
  deleteInstalledCertificate: () => ({
    certificateHashData: {
      hashAlgorithm: 'SHA256',
      issuerNameHash: 'aa',
      issuerKeyHash: 'bb',
      serialNumber: '01',
    },
  }),
  createPayoutOnboardingLink: () => ({
    returnUrl: 'https://a.example/done',
    refreshUrl: 'https://a.example/retry',
  }),
  createTariff: () => ({
    name: 'A tariff',
    elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30' }] }],
  }),
  addTariffVersion: () => ({
    effectiveFrom: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.31' }] }],
  }),
  assignDefaultTariff: () => ({ tariffId: bIds.tariffs }),
  assignChargePointTariff: () => ({ tariffId: bIds.tariffs }),
  assignSiteTariff: () => ({ tariffId: bIds.tariffs }),
  assignCustomerTariff: () => ({ tariffId: bIds.tariffs }),
  // Payments: A's own codes differ from B's, so a 404 on B's code is not A finding its own.
  creditBalance: () => ({ amount: 100, reason: 'probe' }),
  topUpBalance: () => ({ amount: 100 }),
  setCreditLimit: () => ({ creditLimit: 1000 }),
  recordCreditPayment: () => ({ amount: 100, reference: 'probe' }),
  attachVoucher: () => ({ code: bIds.vouchers }),
  attachDiscountCode: () => ({ code: bIds['discount-codes'] }),
  confirmCard: () => ({ setupIntentId: 'seti_probe' }),
  createVoucher: () => ({
    code: 'A-PROBE-VOUCHER',
    amount: 100,
    activateBy: new Date(Date.now() + 86_400_000).toISOString(),
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  }),
  createDiscountCode: () => ({
    code: 'A-PROBE-DISCOUNT',
    kind: 'amount',
    value: 100,
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  }),
  updateDiscountCode: () => ({ status: 'suspended' }),
  fileComplaint: () => ({ reason: 'probe' }),
  decideComplaint: () => ({ decision: 'rejected' }),
};

beforeAll(async () => {
  // Payments are configured, so payment routes are exercised for real rather than answering 501.
  stripe = await startStripeFake();
  stack = await startTestStack({ environment: stripe.env });
  a = await signUp('Alpha');
  b = await signUp('Bravo');

  const bChargePoint = await create<{ id: string; ocppUrl: string; password: string }>(
    b.api,
    '/v1/charge-points',
    { id: `CP-${MARKER}` },
  );
  bIds['charge-points'] = bChargePoint.id;
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
  bIds.sessions = await sessionOfB(bChargePoint, token.idTag);
  Object.assign(bIds, await featureProfilesOfB(bChargePoint, token.idTag));
  bIds.tariffs = (
    await create(b.api, '/v1/tariffs', {
      name: MARKER,
      default: true,
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30' }] }],
    })
  ).id;
  // Documents are issued by the workflow, not over REST: B's month is closed by calling the issuing function.
  const closed = await issueMonthlyInvoice(
    stack.deps,
    b.id,
    bIds.customers,
    '2026-03',
    [pricedSession({ id: 'ses-b-invoiced', start: '2026-03-05T08:00:00Z', minutes: 30, kw: 11 })],
    // Due long after the run: the overdue job must not block B's customer between snapshot and check.
    { dueDate: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10) },
  );
  bIds.invoices = closed?.document.id ?? '';
  bIds.vouchers = (
    await create<{ code: string }>(b.api, '/v1/vouchers', {
      code: 'B-VOUCHER-1',
      amount: 1000,
      activateBy: new Date(Date.now() + 86_400_000).toISOString(),
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    })
  ).code;
  bIds['discount-codes'] = (
    await create<{ code: string }>(b.api, '/v1/discount-codes', {
      code: 'B-DISCOUNT-1',
      kind: 'percentage',
      value: 10,
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    })
  ).code;
  bIds.complaints = (await create(b.api, `/v1/sessions/${bIds.sessions}/complaints`, { reason: MARKER })).id;
  // Not a resource of B, but a path segment: the action name of a command.
  bIds.commands = 'Reset';

  for (const path of ownReadPaths()) bSnapshots.set(path, (await b.api('GET', path)).body);
});

/** Sessions are made only by chargers: B's charger charges once through the gateway, then goes offline. */
async function sessionOfB(cp: { id: string; ocppUrl: string; password: string }, idTag: string) {
  const charger = strictCharger(cp.ocppUrl, cp.password);
  await charger.connect();
  const { transactionId } = (await charger.call('StartTransaction', {
    connectorId: 1,
    idTag,
    meterStart: 1000,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
  })) as { transactionId: number };
  await charger.call('StopTransaction', {
    transactionId,
    meterStop: 2000,
    timestamp: new Date().toISOString(),
  });
  await charger.close();
  // Snapshots are taken next: wait until B's charge point shows the disconnect, so only A could change it.
  for (
    let i = 0;
    i < 100 && (await b.api('GET', `/v1/charge-points/${cp.id}`)).body.connected !== false;
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const sessions = await b.api<{ items: { id: string }[] }>('GET', `/v1/sessions?chargePointId=${cp.id}`);
  const id = sessions.body.items[0]?.id;
  if (!id) throw new Error(`fixture session failed: ${JSON.stringify(sessions.body)}`);
  return id;
}

const chargePointMaxProfile = (chargingProfileId: number) => ({
  chargingProfileId,
  stackLevel: 0,
  chargingProfilePurpose: 'ChargePointMaxProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }] },
});

/**
 * B's reservation, charging profile and local list exist only through a charger that answered for them: B's
 * charger connects once more, answers ReserveNow / SetChargingProfile / SendLocalList, then goes offline.
 */
async function featureProfilesOfB(cp: { id: string; ocppUrl: string; password: string }, idTag: string) {
  const charger = strictCharger(cp.ocppUrl, cp.password);
  await charger.connect();
  charger.handle('ReserveNow', async () => ({ status: 'Accepted' }));
  charger.handle('SetChargingProfile', async () => ({ status: 'Accepted' }));
  charger.handle('SendLocalList', async () => ({ status: 'Accepted' }));
  // A reservation is only made for someone who may charge (I4): B's customer accepts B's Terms.
  await create(b.api, `/v1/customers/${bIds.customers}/terms-acceptances`, { termsId: bIds.terms });
  const reservation = await create(b.api, '/v1/reservations', {
    chargePointId: cp.id,
    connectorId: 1,
    idTag,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  const profile = await b.api('POST', `/v1/charge-points/${cp.id}/charging-profiles`, {
    connectorId: 0,
    csChargingProfiles: chargePointMaxProfile(1),
  });
  const list = await b.api('POST', `/v1/charge-points/${cp.id}/local-list/sync`, { mode: 'full' });
  if (profile.status !== 200 || list.status !== 200) {
    throw new Error(`fixture profiles failed: ${JSON.stringify([profile.body, list.body])}`);
  }
  await charger.close();
  for (
    let i = 0;
    i < 100 && (await b.api('GET', `/v1/charge-points/${cp.id}`)).body.connected !== false;
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { reservations: reservation.id, 'charging-profiles': '1' };
}

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
    `/v1/tariffs/${bIds.tariffs}`,
    `/v1/invoices/${bIds.invoices}`,
    `/v1/sessions/${bIds.sessions}`,
    `/v1/customers/${bIds.customers}/wallet`,
    `/v1/vouchers/${bIds.vouchers}`,
    `/v1/discount-codes/${bIds['discount-codes']}`,
    `/v1/complaints/${bIds.complaints}`,
    `/v1/reservations/${bIds.reservations}`,
    `/v1/charge-points/${bIds['charge-points']}/charging-profiles`,
    `/v1/charge-points/${bIds['charge-points']}/local-list`,
    `/v1/charge-points/${bIds['charge-points']}/firmware`,
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
