import type { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { strictCharger } from './support/chargers.ts';
import { type ApiResponse, apiClient, startTestStack } from './support/local-stack.ts';

/**
 * Tariffs, assignment and session pricing through the REST API and real OCPP 1.6 sessions (rules T1–T3, N1):
 * versions with notice, the assignment precedence level by level, the price shown before the start, and the
 * cost of a session driven by a strict ocpp-rpc charger through the local gateway.
 */
type Api = ReturnType<typeof apiClient>;
interface Tenant {
  readonly id: string;
  readonly api: Api;
}
interface TariffView {
  id: string;
  status: string;
  latestVersion: number;
  currentVersion: number;
  assignmentCount: number;
  versions: { version: number; effectiveFrom: string; noticeWaived: boolean; vatRate: string }[];
}
interface Preview {
  tariff: { id: string; version: number };
  assignment: { level: string; currentType: string | null };
  currentType: string | null;
  prices: { type: string; net: string; gross: string }[];
  text: string;
  upcoming: { version: number; text: string } | null;
}
interface Cost {
  currency: string;
  totalNet: number;
  totalVat: number;
  totalGross: number;
  final: boolean;
  tariff: { id: string; version: number };
  lines: { type: string; quantity: string; unit: string; amountNet: number }[];
}
interface Problem {
  errors?: { field: string; message: string }[];
}

/** The reference tariff: 0.30 net/kWh, VAT 20 %, idle fee 0.10 net/min after 10 minutes of grace. */
const STANDARD_AC = {
  name: 'Standard AC',
  currency: 'EUR',
  vatRate: '20',
  default: true,
  elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30', stepSize: 1 }] }],
  idleFee: { pricePerMinute: '0.10', graceMinutes: 10 },
};
const energyOnly = (name: string, price: string) => ({
  name,
  elements: [{ priceComponents: [{ type: 'ENERGY', price }] }],
});

let stack: LocalStack;
let tenantCount = 0;
const open: RPCClient[] = [];

beforeAll(async () => {
  stack = await startTestStack();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close({ force: true })));
});
afterAll(async () => {
  await stack?.stop();
});

async function signUp(): Promise<Tenant> {
  tenantCount += 1;
  const res = await apiClient(stack)<{ tenant: { id: string }; apiKey: string }>('POST', '/v1/tenants', {
    name: `Tariff Co ${tenantCount}`,
    email: `ops${tenantCount}@tariffs.example`,
    country: 'DE',
    currency: 'EUR',
  });
  expect(res.status).toBe(201);
  return { id: res.body.tenant.id, api: apiClient(stack, res.body.apiKey) };
}

function expectStatus(res: ApiResponse<unknown>, status: number) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
}
const fieldsOf = (res: ApiResponse<unknown>) => ((res.body as Problem).errors ?? []).map((e) => e.field);

async function createTariff(api: Api, body: Record<string, unknown>): Promise<TariffView> {
  const res = await api<TariffView>('POST', '/v1/tariffs', body);
  expectStatus(res, 201);
  return res.body;
}

async function registerChargePoint(api: Api, body: Record<string, unknown>) {
  const res = await api<{ id: string; password: string; ocppUrl: string }>('POST', '/v1/charge-points', body);
  expectStatus(res, 201);
  return res.body;
}

async function customerWithToken(api: Api, type: 'individual' | 'company', idTag: string): Promise<string> {
  const customer = await api<{ id: string }>('POST', '/v1/customers', {
    type,
    name: `Customer ${idTag}`,
    email: `${idTag.toLowerCase()}@drivers.example`,
  });
  expectStatus(customer, 201);
  const token = await api('POST', '/v1/id-tokens', { idTag, customerId: customer.body.id, type: 'RFID' });
  expectStatus(token, 201);
  return customer.body.id;
}

const at = (base: number, minutes: number) => new Date(base + minutes * 60_000).toISOString();
const energyAt = (timestamp: string, wh: number) => ({
  timestamp,
  sampledValue: [
    { value: String(wh), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
  ],
});

describe('tariffs', () => {
  it('creates the example tariff as the tenant default, lists it and reads it with its versions', async () => {
    const { api } = await signUp();
    const tariff = await createTariff(api, STANDARD_AC);
    expect(tariff.id).toMatch(/^tar/);
    expect(tariff).toMatchObject({
      status: 'active',
      latestVersion: 1,
      currentVersion: 1,
      assignmentCount: 1,
    });
    expect(tariff.versions).toEqual([
      expect.objectContaining({
        version: 1,
        currency: 'EUR',
        vatRate: '20',
        timeZone: 'UTC',
        noticeWaived: false,
      }),
    ]);

    const list = await api<{ items: { id: string }[] }>('GET', '/v1/tariffs');
    expect(list.body.items.map((t) => t.id)).toEqual([tariff.id]);
    const read = await api<TariffView>('GET', `/v1/tariffs/${tariff.id}`);
    expectStatus(read, 200);
    expect(read.body).toEqual(tariff);
    const assignments = await api<{ items: { level: string; tariffId: string }[] }>(
      'GET',
      '/v1/tariff-assignments',
    );
    expect(assignments.body.items).toEqual([
      expect.objectContaining({ level: 'tenant', tariffId: tariff.id }),
    ]);
  });

  it('defaults VAT to the tenant rate and refuses another currency or local times without a time zone', async () => {
    const { api } = await signUp();
    const plain = await createTariff(api, energyOnly('Plain', '0.40'));
    expect(plain.versions[0]?.vatRate).toBe('20');
    expect(plain.assignmentCount).toBe(0);

    const usd = await api('POST', '/v1/tariffs', { ...energyOnly('Dollars', '0.40'), currency: 'USD' });
    expectStatus(usd, 422);
    expect(fieldsOf(usd)).toEqual(['currency']);

    const peak = {
      name: 'Peak',
      elements: [
        {
          priceComponents: [{ type: 'ENERGY', price: '0.50' }],
          restrictions: { startTime: '17:00', endTime: '21:00' },
        },
        { priceComponents: [{ type: 'ENERGY', price: '0.30' }] },
      ],
    };
    const noZone = await api('POST', '/v1/tariffs', peak);
    expectStatus(noZone, 422);
    expect(fieldsOf(noZone)).toEqual(['timeZone']);
    await createTariff(api, { ...peak, timeZone: 'Europe/Berlin' });

    const badPrice = await api('POST', '/v1/tariffs', energyOnly('Float', '0.3000001'));
    expectStatus(badPrice, 422);
    expect(fieldsOf(badPrice)).toEqual(['elements.0.priceComponents.0.price']);
    const minAboveMax = await api('POST', '/v1/tariffs', {
      ...energyOnly('Bounds', '0.30'),
      minPrice: '5',
      maxPrice: '2',
    });
    expectStatus(minAboveMax, 422);
    expect(fieldsOf(minAboveMax)).toEqual(['maxPrice']);
  });

  it('changes prices only after notice, except a decrease, which may take effect at once (T3)', async () => {
    const { api } = await signUp();
    const tariff = await createTariff(api, STANDARD_AC);
    const path = `/v1/tariffs/${tariff.id}/versions`;
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

    const cheaper = await api<{ version: number; noticeWaived: boolean }>('POST', path, {
      effectiveFrom: inDays(1 / 1440),
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.28', stepSize: 1 }] }],
      idleFee: { pricePerMinute: '0.10', graceMinutes: 10 },
    });
    expectStatus(cheaper, 201);
    expect(cheaper.body).toMatchObject({ version: 2, noticeWaived: true });

    const dearer = {
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.35', stepSize: 1 }] }],
      idleFee: { pricePerMinute: '0.10', graceMinutes: 10 },
    };
    const tooSoon = await api<Problem>('POST', path, { ...dearer, effectiveFrom: inDays(1) });
    expectStatus(tooSoon, 422);
    expect(fieldsOf(tooSoon)).toEqual(['effectiveFrom']);
    // The earliest allowed instant is named: three days (the default notice) from now.
    const earliest = /from (\S+):/.exec(tooSoon.body.errors?.[0]?.message ?? '')?.[1] ?? '';
    expect(Math.abs(Date.parse(earliest) - (Date.now() + 3 * 86_400_000))).toBeLessThan(60_000);

    const past = await api('POST', path, { ...dearer, effectiveFrom: inDays(-1) });
    expectStatus(past, 422);
    expect(fieldsOf(past)).toEqual(['effectiveFrom']);

    const announced = await api<{ version: number; noticeWaived: boolean }>('POST', path, {
      ...dearer,
      effectiveFrom: inDays(3.01),
    });
    expectStatus(announced, 201);
    expect(announced.body).toMatchObject({ version: 3, noticeWaived: false });

    // The notice period is the tenant's setting.
    const settings = await api('PATCH', '/v1/tenant/settings', { priceChangeNoticeDays: 14 });
    expectStatus(settings, 200);
    const dearerStill = { ...dearer, elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.40' }] }] };
    const underNewNotice = await api('POST', path, { ...dearerStill, effectiveFrom: inDays(10) });
    expectStatus(underNewNotice, 422);
    expectStatus(await api('POST', path, { ...dearerStill, effectiveFrom: inDays(14.01) }), 201);

    const read = await api<TariffView>('GET', `/v1/tariffs/${tariff.id}`);
    expect(read.body.versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect(read.body.latestVersion).toBe(4);
  });

  it('archives only an unassigned tariff; an archived one can be neither assigned nor changed', async () => {
    const { api } = await signUp();
    const standard = await createTariff(api, STANDARD_AC);
    const spare = await createTariff(api, energyOnly('Spare', '0.50'));

    expectStatus(await api('DELETE', `/v1/tariffs/${standard.id}`), 409);
    const archived = await api<TariffView>('DELETE', `/v1/tariffs/${spare.id}`);
    expectStatus(archived, 200);
    expect(archived.body.status).toBe('archived');

    const assign = await api('PUT', '/v1/tariff-assignments/default', { tariffId: spare.id });
    expectStatus(assign, 422);
    expect(fieldsOf(assign)).toEqual(['tariffId']);
    const version = await api('POST', `/v1/tariffs/${spare.id}/versions`, {
      effectiveFrom: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.45' }] }],
    });
    expectStatus(version, 409);

    // Once the default moves to another tariff, the first can be archived.
    const other = await createTariff(api, energyOnly('Other', '0.33'));
    expectStatus(await api('PUT', '/v1/tariff-assignments/default', { tariffId: other.id }), 200);
    expectStatus(await api('DELETE', `/v1/tariffs/${standard.id}`), 200);
    const active = await api<{ items: { id: string }[] }>('GET', '/v1/tariffs?status=active');
    expect(active.body.items.map((t) => t.id)).toEqual([other.id]);
  });

  it('refuses unknown and malformed tariff ids', async () => {
    const { api } = await signUp();
    expectStatus(await api('GET', '/v1/tariffs/tar00000000000000000000'), 404);
    expectStatus(await api('GET', '/v1/tariffs/nonsense'), 404);
    const unknown = await api('PUT', '/v1/tariff-assignments/default', {
      tariffId: 'tar00000000000000000000',
    });
    expectStatus(unknown, 422);
    expect(fieldsOf(unknown)).toEqual(['tariffId']);
    expectStatus(await api('GET', '/v1/charge-points/CP-none/price'), 404);
  });
});

describe('tariff assignment precedence (T2), level by level through the price preview', () => {
  it('customer > customer group > connector > charge point > site > tenant, AC/DC-qualified first', async () => {
    const { api } = await signUp();
    const site = await api<{ id: string }>('POST', '/v1/sites', {
      name: 'Depot',
      address: { line1: 'Weg 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      coordinates: { latitude: 52.5, longitude: 13.4 },
      timeZone: 'Europe/Berlin',
    });
    expectStatus(site, 201);
    await registerChargePoint(api, {
      id: 'CP-MIX',
      siteId: site.body.id,
      connectors: [
        { connectorId: 1, type: 'Type2', current: 'AC', maxKw: 22 },
        { connectorId: 2, type: 'CCS', current: 'DC', maxKw: 150 },
      ],
    });
    const individual = await customerWithToken(api, 'individual', 'PRIV-1');
    const company = await customerWithToken(api, 'company', 'FLEET-1');
    const driver = await api<{ id: string }>('POST', `/v1/customers/${company}/drivers`, {
      name: 'Fleet driver',
    });
    expectStatus(driver, 201);
    const driverToken = await api('POST', '/v1/id-tokens', {
      idTag: 'FLEET-DRIVER-1',
      customerId: company,
      driverId: driver.body.id,
      type: 'RFID',
    });
    expectStatus(driverToken, 201);

    const tariffs: Record<string, string> = {};
    for (const [name, price] of Object.entries({
      tenant: '0.30',
      tenantDc: '0.50',
      site: '0.31',
      siteDc: '0.51',
      chargePoint: '0.32',
      connector: '0.33',
      group: '0.25',
      customer: '0.20',
    })) {
      tariffs[name] = (await createTariff(api, energyOnly(name, price))).id;
    }
    const preview = async (query: string) => {
      const res = await api<Preview>('GET', `/v1/charge-points/CP-MIX/price${query}`);
      expectStatus(res, 200);
      return res.body;
    };
    const expectLevel = async (
      query: string,
      tariff: string,
      level: string,
      currentType: string | null = null,
    ) => {
      const body = await preview(query);
      expect({ tariff: body.tariff.id, ...body.assignment }, query).toEqual({
        tariff: tariffs[tariff],
        level,
        currentType,
      });
    };

    expectStatus(await api('GET', '/v1/charge-points/CP-MIX/price'), 404); // nothing assigned yet

    expectStatus(await api('PUT', '/v1/tariff-assignments/default', { tariffId: tariffs.tenant }), 200);
    await expectLevel('?connectorId=1', 'tenant', 'tenant');
    expectStatus(
      await api('PUT', '/v1/tariff-assignments/default', { tariffId: tariffs.tenantDc, currentType: 'DC' }),
      200,
    );
    await expectLevel('?connectorId=2', 'tenantDc', 'tenant', 'DC');
    await expectLevel('?connectorId=1', 'tenant', 'tenant');
    // Without a connector the charge point has AC and DC: only unqualified assignments can apply.
    await expectLevel('', 'tenant', 'tenant');

    expectStatus(await api('PUT', `/v1/sites/${site.body.id}/tariff`, { tariffId: tariffs.site }), 200);
    await expectLevel('?connectorId=1', 'site', 'site');
    // A site's own tariff beats the tenant-wide DC price...
    await expectLevel('?connectorId=2', 'site', 'site');
    // ...and "DC at this site" beats "this site".
    expectStatus(
      await api('PUT', `/v1/sites/${site.body.id}/tariff`, { tariffId: tariffs.siteDc, currentType: 'DC' }),
      200,
    );
    await expectLevel('?connectorId=2', 'siteDc', 'site', 'DC');

    expectStatus(await api('PUT', '/v1/charge-points/CP-MIX/tariff', { tariffId: tariffs.chargePoint }), 200);
    await expectLevel('?connectorId=2', 'chargePoint', 'chargePoint');

    const connector = await api('PUT', '/v1/charge-points/CP-MIX/tariff', {
      tariffId: tariffs.connector,
      connectorId: 1,
    });
    expectStatus(connector, 200);
    expect(connector.body).toMatchObject({ level: 'connector', chargePointId: 'CP-MIX', connectorId: 1 });
    await expectLevel('?connectorId=1', 'connector', 'connector');
    await expectLevel('?connectorId=2', 'chargePoint', 'chargePoint');

    // A company's tariff is its customer group's: any driver's token of the company gets it, anywhere.
    const group = await api('PUT', `/v1/customers/${company}/tariff`, { tariffId: tariffs.group });
    expectStatus(group, 200);
    expect(group.body).toMatchObject({ level: 'customerGroup', customerGroupId: company });
    await expectLevel('?connectorId=1&idTag=FLEET-DRIVER-1', 'group', 'customerGroup');
    await expectLevel('?connectorId=2&idTag=fleet-1', 'group', 'customerGroup');
    await expectLevel('?connectorId=1&idTag=PRIV-1', 'connector', 'connector');

    const own = await api('PUT', `/v1/customers/${individual}/tariff`, { tariffId: tariffs.customer });
    expectStatus(own, 200);
    expect(own.body).toMatchObject({ level: 'customer', customerId: individual });
    await expectLevel('?connectorId=1&idTag=PRIV-1', 'customer', 'customer');

    // Unassigning falls back level by level.
    expectStatus(await api('DELETE', `/v1/customers/${individual}/tariff`), 204);
    await expectLevel('?connectorId=1&idTag=PRIV-1', 'connector', 'connector');
    expectStatus(await api('DELETE', '/v1/charge-points/CP-MIX/tariff?connectorId=1'), 204);
    await expectLevel('?connectorId=1', 'chargePoint', 'chargePoint');
    expectStatus(await api('DELETE', '/v1/charge-points/CP-MIX/tariff'), 204);
    await expectLevel('?connectorId=2', 'siteDc', 'site', 'DC');
    expectStatus(await api('DELETE', `/v1/sites/${site.body.id}/tariff?currentType=DC`), 204);
    expectStatus(await api('DELETE', `/v1/sites/${site.body.id}/tariff`), 204);
    await expectLevel('?connectorId=2', 'tenantDc', 'tenant', 'DC');
    expectStatus(await api('DELETE', '/v1/tariff-assignments/default?currentType=DC'), 204);
    await expectLevel('?connectorId=2', 'tenant', 'tenant');
    expectStatus(await api('DELETE', `/v1/customers/${company}/tariff`), 204);
    await expectLevel('?connectorId=2&idTag=FLEET-1', 'tenant', 'tenant');

    const unknownTag = await api('GET', '/v1/charge-points/CP-MIX/price?idTag=NOBODY');
    expectStatus(unknownTag, 422);
    expect(fieldsOf(unknownTag)).toEqual(['idTag']);

    const counts = await api<{ items: { id: string; assignmentCount: number }[] }>('GET', '/v1/tariffs');
    const countOf = (name: string) => counts.body.items.find((t) => t.id === tariffs[name])?.assignmentCount;
    expect([countOf('tenant'), countOf('site'), countOf('customer')]).toEqual([1, 0, 0]);
  });
});

describe('a real OCPP 1.6 session priced by the one cost function', () => {
  it('shows the price before the start and prices the example session to 960 minor units', async () => {
    const tenant = await signUp();
    const { api } = tenant;
    const cp = await registerChargePoint(api, {
      id: 'CP-PRICE',
      connectors: [{ connectorId: 1, type: 'Type2', current: 'AC', maxKw: 22 }],
    });
    await customerWithToken(api, 'individual', 'DRIVER-960');
    const tariff = await createTariff(api, STANDARD_AC);

    // Before the start (T3): VAT-inclusive, in the tenant currency.
    const preview = await api<Preview>(
      'GET',
      '/v1/charge-points/CP-PRICE/price?connectorId=1&idTag=DRIVER-960',
    );
    expectStatus(preview, 200);
    expect(preview.body.text).toBe('€0.36/kWh, idle fee €0.12/min after 10 min, incl. 20% VAT');
    expect(preview.body.prices).toEqual([
      expect.objectContaining({ type: 'ENERGY', unit: 'kWh', net: '0.30', gross: '0.36' }),
      expect.objectContaining({
        type: 'IDLE_FEE',
        unit: 'min',
        net: '0.10',
        gross: '0.12',
        graceMinutes: 10,
      }),
    ]);
    expect(preview.body.tariff).toMatchObject({ id: tariff.id, version: 1 });

    // The charger's clock: the session ran in the past, so nothing is "in the future".
    const t0 = Date.now() - 2 * 3_600_000;
    const charger = strictCharger(cp.ocppUrl, cp.password);
    open.push(charger);
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'Pricing', chargePointModel: 'Exact' });
    await charger.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Preparing',
      timestamp: at(t0, -1),
    });
    const started = (await charger.call('StartTransaction', {
      connectorId: 1,
      idTag: 'DRIVER-960',
      meterStart: 0,
      timestamp: at(t0, 0),
    })) as { transactionId: number };
    await charger.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Charging',
      timestamp: at(t0, 0),
    });
    for (const minute of [15, 30, 45, 60]) {
      await charger.call('MeterValues', {
        connectorId: 1,
        transactionId: started.transactionId,
        meterValue: [energyAt(at(t0, minute), (minute / 60) * 20_000)],
      });
    }
    await charger.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'SuspendedEV',
      timestamp: at(t0, 60),
    });

    const sessions = await api<{ items: { id: string; transactionId: number }[] }>(
      'GET',
      '/v1/sessions?chargePointId=CP-PRICE',
    );
    const sessionId = sessions.body.items.find((s) => s.transactionId === started.transactionId)?.id ?? '';
    expect(sessionId).not.toBe('');

    // Live cost while the car still occupies the bay: energy so far, idle fee accruing.
    const live = await api<{ status: string; cost: Cost }>('GET', `/v1/sessions/${sessionId}`);
    expectStatus(live, 200);
    expect(live.body.status).toBe('active');
    expect(live.body.cost.final).toBe(false);
    expect(live.body.cost.lines.find((l) => l.type === 'ENERGY')).toMatchObject({
      quantity: '20',
      amountNet: 600,
    });
    const liveIdle = live.body.cost.lines.find((l) => l.type === 'IDLE_FEE');
    expect(Number(liveIdle?.quantity)).toBeGreaterThanOrEqual(50); // ≥ 60 min idle so far − 10 grace

    await charger.call('StopTransaction', {
      transactionId: started.transactionId,
      meterStop: 20_000,
      timestamp: at(t0, 90),
      reason: 'EVDisconnected',
    });
    // After the stop the connector is free: its statuses are no longer the session's.
    await charger.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: at(t0, 91),
    });

    const final = await api<{ status: string; energyWh: number; cost: Cost }>(
      'GET',
      `/v1/sessions/${sessionId}`,
    );
    expectStatus(final, 200);
    expect(final.body.status).toBe('completed');
    expect(final.body.energyWh).toBe(20_000);
    expect(final.body.cost).toMatchObject({
      currency: 'EUR',
      totalNet: 800,
      totalVat: 160,
      totalGross: 960,
      final: true,
      tariff: { id: tariff.id, version: 1 },
    });
    expect(final.body.cost.lines).toEqual([
      expect.objectContaining({ type: 'ENERGY', quantity: '20', unit: 'kWh', amountNet: 600 }),
      expect.objectContaining({ type: 'IDLE_FEE', quantity: '20', unit: 'min', amountNet: 200 }),
    ]);

    // One status item per change while the session ran: not Preparing (before), not Available (after).
    const statuses = await stack.deps.sessionStatuses.sessionStatusesOf(tenant.id, sessionId);
    expect(statuses.map((s) => s.status)).toEqual(['Charging', 'SuspendedEV']);

    // T3 and T2 after the fact: a cheaper version and a reassignment change what new sessions pay, not this one.
    const cheaper = await api('POST', `/v1/tariffs/${tariff.id}/versions`, {
      effectiveFrom: new Date(Date.now() + 1000).toISOString(),
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.20', stepSize: 1 }] }],
      idleFee: { pricePerMinute: '0.10', graceMinutes: 10 },
    });
    expectStatus(cheaper, 201);
    const announced = await api<Preview>('GET', '/v1/charge-points/CP-PRICE/price?connectorId=1');
    expect(announced.body.upcoming).toMatchObject({
      version: 2,
      text: '€0.24/kWh, idle fee €0.12/min after 10 min, incl. 20% VAT',
    });
    const dearer = await createTariff(api, energyOnly('Dearer', '0.90'));
    expectStatus(await api('PUT', '/v1/charge-points/CP-PRICE/tariff', { tariffId: dearer.id }), 200);
    const unchanged = await api<{ cost: Cost }>('GET', `/v1/sessions/${sessionId}`);
    expect(unchanged.body.cost).toMatchObject({ totalGross: 960, tariff: { id: tariff.id, version: 1 } });

    // A session that starts after the change is priced by what is in force at its start.
    expectStatus(await api('DELETE', '/v1/charge-points/CP-PRICE/tariff'), 204);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = (await charger.call('StartTransaction', {
      connectorId: 1,
      idTag: 'DRIVER-960',
      meterStart: 20_000,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    await charger.call('StopTransaction', {
      transactionId: second.transactionId,
      meterStop: 30_000,
      timestamp: new Date().toISOString(),
    });
    const all = await api<{ items: { id: string; transactionId: number }[] }>(
      'GET',
      '/v1/sessions?chargePointId=CP-PRICE',
    );
    const secondId = all.body.items.find((s) => s.transactionId === second.transactionId)?.id ?? '';
    const secondCost = await api<{ cost: Cost }>('GET', `/v1/sessions/${secondId}`);
    expect(secondCost.body.cost).toMatchObject({ totalNet: 200, totalGross: 240, tariff: { version: 2 } });
  });

  it('has no cost when no tariff applies', async () => {
    const { api } = await signUp();
    const cp = await registerChargePoint(api, { id: 'CP-FREE' });
    const charger = strictCharger(cp.ocppUrl, cp.password);
    open.push(charger);
    await charger.connect();
    const started = (await charger.call('StartTransaction', {
      connectorId: 1,
      idTag: 'ANYONE',
      meterStart: 0,
      timestamp: new Date(Date.now() - 60_000).toISOString(),
    })) as { transactionId: number };
    const sessions = await api<{ items: { id: string; transactionId: number }[] }>('GET', '/v1/sessions');
    const id = sessions.body.items.find((s) => s.transactionId === started.transactionId)?.id ?? '';
    const session = await api<{ cost: Cost | null }>('GET', `/v1/sessions/${id}`);
    expectStatus(session, 200);
    expect(session.body.cost).toBeNull();
  });
});
