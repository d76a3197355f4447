import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { LocalStack } from '../src/stack.ts';
import { HandshakeRefused, rawSocket, strictCharger } from './support/chargers.ts';
import { apiClient, signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Api = ReturnType<typeof apiClient>;
interface Problem {
  status?: number;
  errors?: { field: string; in?: string }[];
}
interface SiteBody {
  id: string;
  name: string;
  chargePointCount: number;
  openingHours: unknown;
}
interface Connector {
  connectorId: number;
  status: string;
  reportedStatus?: string;
  type?: string;
}
interface ChargePointBody {
  id: string;
  status: string;
  connected: boolean;
  maintenance: boolean;
  siteId: string | null;
  connectors: Connector[];
}
interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}

const berlin = {
  name: 'Parkhaus Mitte',
  address: { line1: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
  coordinates: { latitude: 52.52, longitude: 13.405 },
  openingHours: { twentyFourSeven: true },
  timeZone: 'Europe/Berlin',
};

async function createSite(api: Api, overrides: Record<string, unknown> = {}): Promise<SiteBody> {
  const res = await api<SiteBody>('POST', '/v1/sites', { ...berlin, ...overrides });
  expect(res.status).toBe(201);
  return res.body;
}

const fieldsOf = (body: unknown) => ((body as Problem).errors ?? []).map((e) => e.field).sort();

/** Follows `nextCursor` to the end and returns every item. */
async function allPages<T>(api: Api, path: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; body: PageBody<T> } = await api<PageBody<T>>(
      'GET',
      cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
    );
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return { items, pages };
}

const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

describe('sites', () => {
  it('are created with address, coordinates, opening hours and time zone, then read, changed and listed', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-site-1');
    const site = await createSite(api);
    expect(site).toMatchObject({ ...berlin, chargePointCount: 0 });
    expect(site.id).toMatch(/^s[0-9a-z]{20}$/);
    expect((await api('GET', `/v1/sites/${site.id}`)).body).toEqual(site);

    const changed = await api<SiteBody>('PATCH', `/v1/sites/${site.id}`, {
      name: 'Parkhaus Nord',
      openingHours: { regularHours: [{ weekday: 1, periodBegin: '07:00', periodEnd: '22:00' }] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Parkhaus Nord',
      address: berlin.address,
      openingHours: {
        twentyFourSeven: false,
        regularHours: [{ weekday: 1, periodBegin: '07:00', periodEnd: '22:00' }],
      },
    });
    const cleared = await api<SiteBody>('PATCH', `/v1/sites/${site.id}`, { openingHours: null });
    expect(cleared.body.openingHours).toBeNull();
  });

  it('are listed page by page with a cursor', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-site-list');
    const created = [];
    for (const name of ['A', 'B', 'C']) created.push((await createSite(api, { name })).id);
    const first = await api<PageBody<SiteBody>>('GET', '/v1/sites?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const { items } = await allPages<SiteBody>(api, '/v1/sites?limit=2');
    expect(items.map((s) => s.id).sort()).toEqual(created.sort());
  });

  it('name every offending field, in the body and in the query', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-site-bad');
    const bad = await api('POST', '/v1/sites', {
      ...berlin,
      address: { ...berlin.address, postalCode: '' },
      coordinates: { latitude: 91, longitude: 13.4 },
      openingHours: { regularHours: [{ weekday: 1, periodBegin: '18:00', periodEnd: '08:00' }] },
      timeZone: 'Mars/Olympus_Mons',
      owner: 'someone',
    });
    expect(bad.status).toBe(422);
    expect(bad.contentType).toContain('application/problem+json');
    expect(fieldsOf(bad.body)).toEqual([
      'address.postalCode',
      'coordinates.latitude',
      'openingHours.regularHours.0.periodEnd',
      'owner',
      'timeZone',
    ]);

    const limit = await api('GET', '/v1/sites?limit=0');
    expect(limit.status).toBe(422);
    expect((limit.body as Problem).errors).toEqual([
      expect.objectContaining({ field: 'limit', in: 'query' }),
    ]);
    for (const cursor of [
      'garbage',
      Buffer.from('{"pk":"T#other#SITES","sk":"SITE#x"}').toString('base64url'),
    ]) {
      const res = await api('GET', `/v1/sites?cursor=${cursor}`);
      expect(res.status).toBe(422);
      expect((res.body as Problem).errors).toEqual([
        expect.objectContaining({ field: 'cursor', in: 'query' }),
      ]);
    }
  });

  it('refuse a cursor of another listing instead of failing', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-site-cursor');
    await api('POST', '/v1/charge-points', { id: 'CP-site-cursor-2' });
    const cps = await api<PageBody<unknown>>('GET', '/v1/charge-points?limit=1');
    expect(cps.body.nextCursor).toEqual(expect.any(String));
    const res = await api('GET', `/v1/sites?cursor=${cps.body.nextCursor}`);
    expect(res.status).toBe(422);
  });

  it('cannot be deleted while charge points are assigned (409), then can', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-site-del');
    const site = await createSite(api);
    expect((await api('POST', '/v1/charge-points', { id: 'CP-at-site', siteId: site.id })).status).toBe(201);
    expect((await api<SiteBody>('GET', `/v1/sites/${site.id}`)).body.chargePointCount).toBe(1);

    const refused = await api('DELETE', `/v1/sites/${site.id}`);
    expect(refused.status).toBe(409);
    expect(refused.contentType).toContain('application/problem+json');

    expect((await api('PATCH', '/v1/charge-points/CP-at-site', { siteId: null })).status).toBe(200);
    expect((await api('DELETE', `/v1/sites/${site.id}`)).status).toBe(204);
    expect((await api('GET', `/v1/sites/${site.id}`)).status).toBe(404);
    expect((await api('DELETE', `/v1/sites/${site.id}`)).status).toBe(404);
  });

  it('are invisible to other tenants: every route answers 404 and the site stays as it was', async () => {
    const a = await signUpWithChargePoint(stack, 'CP-site-a');
    const b = await signUpWithChargePoint(stack, 'CP-site-b');
    const site = await createSite(b.api, { name: 'B only' });
    expect((await a.api('GET', `/v1/sites/${site.id}`)).status).toBe(404);
    expect((await a.api('PATCH', `/v1/sites/${site.id}`, { name: 'taken over' })).status).toBe(404);
    expect((await a.api('DELETE', `/v1/sites/${site.id}`)).status).toBe(404);
    expect((await a.api<PageBody<SiteBody>>('GET', '/v1/sites')).body.items).toEqual([]);
    expect((await b.api('GET', `/v1/sites/${site.id}`)).body).toEqual(site);
    // Ids that were never minted are simply unknown.
    for (const id of ['nope', 's1#CP', encodeURIComponent('s/../x')]) {
      expect((await a.api('GET', `/v1/sites/${id}`)).status).toBe(404);
    }
  });
});

describe('registering charge points with configuration', () => {
  it('accepts name, site, OCPP version and connectors; the read merges them with live status', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-cfg-first');
    const site = await createSite(api);
    const res = await api('POST', '/v1/charge-points', {
      id: 'CP-cfg',
      name: 'Bay 1',
      siteId: site.id,
      ocppVersion: 'ocpp2.0.1',
      connectors: [
        { connectorId: 1, type: 'CCS', current: 'DC', maxKw: 150 },
        { connectorId: 2, type: 'Type2', current: 'AC', maxKw: 22 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 'CP-cfg',
      password: expect.any(String),
      ocppUrl: expect.any(String),
    });

    const shown = await api('GET', '/v1/charge-points/CP-cfg');
    expect(shown.body).toMatchObject({
      id: 'CP-cfg',
      name: 'Bay 1',
      status: 'active',
      decommissionedAt: null,
      siteId: site.id,
      site: { id: site.id, name: 'Parkhaus Mitte', timeZone: 'Europe/Berlin' },
      preferredOcppVersion: 'ocpp2.0.1',
      ocppVersion: null,
      connected: false,
      maintenance: false,
      vendor: null,
      model: null,
      connectors: [
        { connectorId: 1, type: 'CCS', current: 'DC', maxKw: 150, status: 'Unknown' },
        { connectorId: 2, type: 'Type2', current: 'AC', maxKw: 22, status: 'Unknown' },
      ],
    });
  });

  it('refuses a site that is unknown or belongs to another tenant, naming siteId (422)', async () => {
    const a = await signUpWithChargePoint(stack, 'CP-site-ref-a');
    const b = await signUpWithChargePoint(stack, 'CP-site-ref-b');
    const bSite = await createSite(b.api);
    for (const siteId of [bSite.id, 'sxxxxxxxxxxxxxxxxxxxx', 'not-a-site']) {
      const res = await a.api('POST', '/v1/charge-points', { id: 'CP-nowhere', siteId });
      expect(res.status).toBe(422);
      expect((res.body as Problem).errors).toEqual([
        expect.objectContaining({ field: 'siteId', in: 'body' }),
      ]);
    }
    expect((await b.api<SiteBody>('GET', `/v1/sites/${bSite.id}`)).body.chargePointCount).toBe(0);
    expect((await a.api('GET', '/v1/charge-points/CP-nowhere')).status).toBe(404);
  });

  it('names each bad connector field and refuses duplicate connector ids', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-conn-bad');
    const res = await api('POST', '/v1/charge-points', {
      id: 'CP-conn',
      ocppVersion: 'ocpp1.5',
      connectors: [
        { connectorId: 1, type: 'CCS', current: 'DC', maxKw: 50 },
        { connectorId: 1, type: 'Type2', current: 'AC', maxKw: 11 },
        { connectorId: 0, type: 'Tesla', current: 'AC', maxKw: -1 },
      ],
    });
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual([
      'connectors.2.connectorId',
      'connectors.2.maxKw',
      'connectors.2.type',
      'ocppVersion',
    ]);
    const duplicate = await api('POST', '/v1/charge-points', {
      id: 'CP-conn',
      connectors: [
        { connectorId: 1, type: 'CCS', current: 'DC', maxKw: 50 },
        { connectorId: 1, type: 'Type2', current: 'AC', maxKw: 11 },
      ],
    });
    expect(fieldsOf(duplicate.body)).toEqual(['connectors.1.connectorId']);
  });

  it('is an operator action: a finance key gets 403, yet may read', async () => {
    const { api, apiKey } = await signUpWithChargePoint(stack, 'CP-roles');
    const key = await api<{ apiKey: string }>('POST', '/v1/api-keys', { role: 'finance', name: 'books' });
    const finance = apiClient(stack, key.body.apiKey);
    expect(apiKey).not.toBe(key.body.apiKey);
    const res = await finance('POST', '/v1/charge-points', { id: 'CP-by-finance' });
    expect(res.status).toBe(403);
    expect(res.contentType).toContain('application/problem+json');
    expect((await finance('POST', '/v1/sites', berlin)).status).toBe(403);
    expect((await finance('PATCH', '/v1/charge-points/CP-roles', { name: 'x' })).status).toBe(403);
    expect((await finance('DELETE', '/v1/charge-points/CP-roles')).status).toBe(403);
    expect((await finance('POST', '/v1/charge-points/CP-roles/password')).status).toBe(403);
    expect((await finance('GET', '/v1/charge-points/CP-roles')).status).toBe(200);
    expect((await finance('GET', '/v1/charge-points')).status).toBe(200);
    expect((await finance('GET', '/v1/sites')).status).toBe(200);
  });
});

describe('listing charge points with live status and filters', () => {
  it('filters by site, connector status and connection, page by page with a correct cursor', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-live');
    const site = await createSite(api);
    await api('PATCH', '/v1/charge-points/CP-live', { siteId: site.id });
    for (const id of ['CP-idle-1', 'CP-idle-2', 'CP-idle-3']) {
      expect((await api('POST', '/v1/charge-points', { id })).status).toBe(201);
    }
    await api('POST', '/v1/charge-points', { id: 'CP-idle-site', siteId: site.id });

    const charger = strictCharger(ocppUrl, password);
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'Alfen', chargePointModel: 'Eve' });
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await charger.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' });

    const all = await api<PageBody<ChargePointBody>>('GET', '/v1/charge-points');
    expect(all.body.items.map((cp) => cp.id)).toEqual([
      'CP-idle-1',
      'CP-idle-2',
      'CP-idle-3',
      'CP-idle-site',
      'CP-live',
    ]);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items.find((cp) => cp.id === 'CP-live')).toMatchObject({
      connected: true,
      siteId: site.id,
      vendor: 'Alfen',
      model: 'Eve',
      ocppVersion: 'ocpp1.6',
      connectors: [
        { connectorId: 1, status: 'Charging' },
        { connectorId: 2, status: 'Available' },
      ],
    });

    const ids = async (query: string) =>
      (await allPages<ChargePointBody>(api, `/v1/charge-points?${query}`)).items.map((cp) => cp.id);
    expect(await ids(`siteId=${site.id}`)).toEqual(['CP-idle-site', 'CP-live']);
    expect(await ids('status=Charging')).toEqual(['CP-live']);
    expect(await ids('status=Faulted,Charging')).toEqual(['CP-live']);
    expect(await ids('status=Unknown')).toEqual(['CP-idle-1', 'CP-idle-2', 'CP-idle-3', 'CP-idle-site']);
    expect(await ids('connected=true')).toEqual(['CP-live']);
    expect(await ids(`connected=false&siteId=${site.id}`)).toEqual(['CP-idle-site']);

    // One per page: a filtered page may be empty, the cursor still leads to every match.
    const paged = await allPages<ChargePointBody>(api, '/v1/charge-points?limit=1&connected=true');
    expect(paged.items.map((cp) => cp.id)).toEqual(['CP-live']);
    expect(paged.pages).toBeGreaterThanOrEqual(5);

    await charger.close();
    await expect.poll(async () => ids('connected=true')).toEqual([]);
  });

  it('names bad filters as query parameters (422)', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-filters');
    for (const [query, field] of [
      ['status=Sleeping', 'status'],
      ['status=Charging,', 'status'],
      ['connected=yes', 'connected'],
      ['limit=101', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
    ]) {
      const res = await api('GET', `/v1/charge-points?${query}`);
      expect(res.status, query).toBe(422);
      expect((res.body as Problem).errors, query).toEqual([expect.objectContaining({ field, in: 'query' })]);
    }
  });

  it("never lists another tenant's charge points, even with its site id", async () => {
    const a = await signUpWithChargePoint(stack, 'CP-list-a');
    const b = await signUpWithChargePoint(stack, 'CP-list-b');
    const bSite = await createSite(b.api);
    await b.api('PATCH', '/v1/charge-points/CP-list-b', { siteId: bSite.id });
    expect(
      (await a.api<PageBody<ChargePointBody>>('GET', '/v1/charge-points')).body.items.map((c) => c.id),
    ).toEqual(['CP-list-a']);
    expect(
      (await a.api<PageBody<ChargePointBody>>('GET', `/v1/charge-points?siteId=${bSite.id}`)).body.items,
    ).toEqual([]);
  });
});

describe('configuring a charge point', () => {
  it('changes name, site and connectors; moving it moves the site counts', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-move');
    const north = await createSite(api, { name: 'North' });
    const south = await createSite(api, { name: 'South' });
    const toNorth = await api('PATCH', '/v1/charge-points/CP-move', {
      name: 'Pillar 7',
      siteId: north.id,
      connectors: [{ connectorId: 1, type: 'CHAdeMO', current: 'DC', maxKw: 50 }],
    });
    expect(toNorth.status).toBe(200);
    expect(toNorth.body).toMatchObject({
      name: 'Pillar 7',
      siteId: north.id,
      site: { name: 'North' },
      connectors: [{ connectorId: 1, type: 'CHAdeMO', status: 'Unknown' }],
    });
    await api('PATCH', '/v1/charge-points/CP-move', { siteId: south.id, name: null });
    const counts = async () =>
      Promise.all(
        [north, south].map(
          async (s) => (await api<SiteBody>('GET', `/v1/sites/${s.id}`)).body.chargePointCount,
        ),
      );
    expect(await counts()).toEqual([0, 1]);
    expect((await api('GET', '/v1/charge-points/CP-move')).body).toMatchObject({
      name: null,
      siteId: south.id,
    });

    const unknown = await api('PATCH', '/v1/charge-points/CP-move', { siteId: 'sxxxxxxxxxxxxxxxxxxxx' });
    expect(unknown.status).toBe(422);
    expect(fieldsOf(unknown.body)).toEqual(['siteId']);
    expect(await counts()).toEqual([0, 1]);
  });

  it('maintenance shows every connector as Unavailable (S1), keeping what the charger reported', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-maint');
    await api('PATCH', '/v1/charge-points/CP-maint', {
      connectors: [{ connectorId: 1, type: 'Type2', current: 'AC', maxKw: 22 }],
    });
    const charger = strictCharger(ocppUrl, password);
    await charger.connect();
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });

    const on = await api<ChargePointBody>('PATCH', '/v1/charge-points/CP-maint', { maintenance: true });
    expect(on.body).toMatchObject({
      maintenance: true,
      connectors: [{ connectorId: 1, type: 'Type2', status: 'Unavailable', reportedStatus: 'Available' }],
    });
    const listed = (status: string) =>
      api<PageBody<ChargePointBody>>('GET', `/v1/charge-points?status=${status}`).then((r) =>
        r.body.items.map((c) => c.id),
      );
    expect(await listed('Unavailable')).toEqual(['CP-maint']);
    expect(await listed('Available')).toEqual([]);

    const off = await api<ChargePointBody>('PATCH', '/v1/charge-points/CP-maint', { maintenance: false });
    expect(off.body.connectors).toEqual([expect.objectContaining({ connectorId: 1, status: 'Available' })]);
    expect(off.body.connectors[0]).not.toHaveProperty('reportedStatus');
    expect(await listed('Available')).toEqual(['CP-maint']);
    await charger.close();
  });

  it('names bad fields and answers 404 for an unknown charge point', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-patch-bad');
    const bad = await api('PATCH', '/v1/charge-points/CP-patch-bad', {
      maintenance: 'soon',
      connectors: [{ connectorId: 1, type: 'Schuko', current: 'DC', maxKw: 3.7 }],
      id: 'CP-renamed',
    });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body)).toEqual(['connectors.0.current', 'id', 'maintenance']);
    expect((await api('PATCH', '/v1/charge-points/CP-none', { name: 'x' })).status).toBe(404);
    expect((await api('GET', '/v1/charge-points/CP-none')).status).toBe(404);
    expect((await api('POST', '/v1/charge-points/CP-none/password')).status).toBe(404);
    expect((await api('DELETE', '/v1/charge-points/CP-none')).status).toBe(404);
    expect((await api('GET', `/v1/charge-points/${encodeURIComponent('bad id#x')}`)).status).toBe(404);
  });
});

describe('rotating the charger password', () => {
  it('shows the new password once; the old one stops at the next connection, the open one stays', async () => {
    const { api, ocppUrl, password: old } = await signUpWithChargePoint(stack, 'CP-rotate');
    const before = await rawSocket(ocppUrl, { user: 'CP-rotate', password: old });
    // A connected charger is given the new password first (ChangeConfiguration AuthorizationKey) and accepts it.
    before.on('message', (data) => {
      const [, messageId, action] = JSON.parse(data.toString()) as [number, string, string];
      if (action === 'ChangeConfiguration')
        before.send(JSON.stringify([3, messageId, { status: 'Accepted' }]));
    });

    const rotated = await api<{ id: string; password: string; ocppUrl: string }>(
      'POST',
      '/v1/charge-points/CP-rotate/password',
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({
      id: 'CP-rotate',
      password: expect.any(String),
      ocppUrl,
      setOnCharger: true,
      chargerStatus: 'Accepted',
    });
    expect(rotated.body.password).not.toBe(old);
    expect(before.readyState).toBe(before.OPEN);

    await expect(rawSocket(ocppUrl, { user: 'CP-rotate', password: old })).rejects.toEqual(
      new HandshakeRefused(401),
    );
    const after = await rawSocket(ocppUrl, { user: 'CP-rotate', password: rotated.body.password });
    after.close();
    before.close();
  });
});

describe('decommissioning a charge point', () => {
  it('disconnects it, refuses it for good, keeps it readable and its identity taken', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-retire');
    const site = await createSite(api);
    await api('PATCH', '/v1/charge-points/CP-retire', { siteId: site.id });
    const ws = await rawSocket(ocppUrl, { user: 'CP-retire', password });
    const wasClosed = closed(ws);

    expect((await api('DELETE', '/v1/charge-points/CP-retire')).status).toBe(204);
    await wasClosed;
    await expect(rawSocket(ocppUrl, { user: 'CP-retire', password })).rejects.toEqual(
      new HandshakeRefused(401),
    );

    const shown = await api('GET', '/v1/charge-points/CP-retire');
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      status: 'decommissioned',
      siteId: null,
      decommissionedAt: expect.any(String),
    });
    const list = await api<PageBody<ChargePointBody>>('GET', '/v1/charge-points');
    expect(list.body.items).toEqual([]);
    // It left its site, which can now go.
    expect((await api<SiteBody>('GET', `/v1/sites/${site.id}`)).body.chargePointCount).toBe(0);

    const again = await api('POST', '/v1/charge-points', { id: 'CP-retire' });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('decommissioned');
    expect((await api('PATCH', '/v1/charge-points/CP-retire', { name: 'x' })).status).toBe(409);
    expect((await api('POST', '/v1/charge-points/CP-retire/password')).status).toBe(409);
    expect((await api('DELETE', '/v1/charge-points/CP-retire')).status).toBe(204);
    expect((await api('DELETE', `/v1/sites/${site.id}`)).status).toBe(204);
  });
});

describe("another tenant's charge point", () => {
  it('is 404 on every route and is left untouched', async () => {
    const a = await signUpWithChargePoint(stack, 'CP-mine');
    const b = await signUpWithChargePoint(stack, 'CP-theirs');
    const snapshot = (await b.api('GET', '/v1/charge-points/CP-theirs')).body;
    const probes: [string, string, unknown?][] = [
      ['GET', '/v1/charge-points/CP-theirs'],
      ['PATCH', '/v1/charge-points/CP-theirs', { maintenance: true }],
      ['POST', '/v1/charge-points/CP-theirs/password'],
      ['DELETE', '/v1/charge-points/CP-theirs'],
    ];
    for (const [method, path, body] of probes) {
      const res = await a.api(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(b.tenantId);
    }
    expect((await b.api('GET', '/v1/charge-points/CP-theirs')).body).toEqual(snapshot);
    const ws = await rawSocket(b.ocppUrl, { user: 'CP-theirs', password: b.password });
    ws.close();
  });
});
