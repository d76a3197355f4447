import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { type ApiResponse, apiClient, startTestStack } from './support/local-stack.ts';
import {
  type ChargingTenant,
  chargingTenant,
  customerWithToken,
  minutesFromNow,
  type Page,
  type SessionView,
} from './support/ocpp16.ts';

/**
 * The Sessions API over sessions made by real (strict) chargers: listing newest first, filters by charge
 * point, customer and start time, cursor pagination through filtered results, validation that names the
 * offending query field, and 404 for every id that is not the caller's.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
let other: ChargingTenant;
const chargers: RPCClient[] = [];
let anna: string;
let ben: string;
/** Sessions as created, oldest first. */
interface Made {
  id?: string;
  transactionId: number;
  cp: string;
  customerId: string | null;
  startedAt: string;
  stoppedAt: string;
}
const made: Made[] = [];

const hoursAgo = (h: number) => minutesFromNow(-h * 60);

async function charge(cp: RPCClient, cpId: string, idTag: string, customerId: string | null, hours: number) {
  const startedAt = hoursAgo(hours);
  const { transactionId } = (await cp.call('StartTransaction', {
    connectorId: 1,
    idTag,
    meterStart: 1000,
    timestamp: startedAt,
  })) as { transactionId: number };
  const stoppedAt = hoursAgo(hours - 1);
  await cp.call('StopTransaction', { transactionId, meterStop: 2000, timestamp: stoppedAt });
  made.push({ transactionId, cp: cpId, customerId, startedAt, stoppedAt });
}

beforeAll(async () => {
  stack = await startTestStack();
  tenant = await chargingTenant(stack, 'CP-A');
  other = await chargingTenant(stack, 'CP-A');
  anna = await customerWithToken(tenant, 'ANNA-1');
  ben = await customerWithToken(tenant, 'BEN-1');
  const a = await tenant.charger('CP-A');
  const b = await tenant.charger('CP-B');
  chargers.push(a, b);
  await charge(a, 'CP-A', 'ANNA-1', anna, 50);
  await charge(b, 'CP-B', 'BEN-1', ben, 40);
  await charge(a, 'CP-A', 'BEN-1', ben, 30);
  await charge(b, 'CP-B', 'ANNA-1', anna, 20);
  await charge(a, 'CP-A', 'STRANGER', null, 10);
  const otherCp = await other.charger('CP-A');
  chargers.push(otherCp);
  await otherCp.call('StartTransaction', {
    connectorId: 1,
    idTag: 'X',
    meterStart: 0,
    timestamp: hoursAgo(35),
  });
  const all = await list('limit=100');
  for (const m of made) m.id = all.find((s) => s.transactionId === m.transactionId)?.id;
});
afterAll(async () => {
  await Promise.all(chargers.map((c) => c.close({ force: true })));
  await stack?.stop();
});

async function list(query: string, api = tenant.api): Promise<SessionView[]> {
  const res = await api<Page<SessionView>>('GET', `/v1/sessions?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}
const idsOf = (sessions: readonly { id?: string }[]) => sessions.map((s) => s.id);
const newestFirst = (filter: (m: Made) => boolean) => idsOf([...made].filter(filter).reverse());

function expectProblem(res: ApiResponse<unknown>, status: number, fields?: string[]) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.contentType).toContain('application/problem+json');
  if (fields) {
    const errors = (res.body as { errors?: { field: string }[] }).errors ?? [];
    expect(errors.map((e) => e.field).sort()).toEqual(fields);
  }
}

describe('GET /v1/sessions', () => {
  it("lists the tenant's sessions newest start first, every field present", async () => {
    const items = await list('');
    expect(idsOf(items)).toEqual(newestFirst(() => true));
    const oldest = items.at(-1);
    expect(oldest).toEqual({
      id: made[0]?.id,
      chargePointId: 'CP-A',
      connectorId: 1,
      idTag: 'ANNA-1',
      customerId: anna,
      transactionId: made[0]?.transactionId,
      startedAt: made[0]?.startedAt,
      stoppedAt: made[0]?.stoppedAt,
      meterStartWh: 1000,
      meterStopWh: 2000,
      energyWh: 1000,
      status: 'completed',
      stopReason: 'Local',
      flags: [],
    });
  });

  it('filters by charge point, by customer, and by both', async () => {
    expect(idsOf(await list('chargePointId=CP-B'))).toEqual(newestFirst((m) => m.cp === 'CP-B'));
    expect(idsOf(await list(`customerId=${anna}`))).toEqual(newestFirst((m) => m.customerId === anna));
    expect(idsOf(await list(`customerId=${ben}&chargePointId=CP-A`))).toEqual(
      newestFirst((m) => m.customerId === ben && m.cp === 'CP-A'),
    );
    expect(await list('chargePointId=CP-NEVER')).toEqual([]);
    expect(await list('customerId=cnobody')).toEqual([]);
  });

  it('filters by start time: from inclusive, to exclusive', async () => {
    const from = made[1]?.startedAt ?? '';
    const to = made[3]?.startedAt ?? '';
    const window = await list(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(idsOf(window)).toEqual([made[2]?.id, made[1]?.id]);
    expect(idsOf(await list(`from=${encodeURIComponent(hoursAgo(15))}`))).toEqual([made[4]?.id]);
    // Any offset is accepted and compared as the same instant.
    const berlin = new Date(Date.parse(hoursAgo(45)) + 3_600_000).toISOString().replace('Z', '+01:00');
    expect(idsOf(await list(`to=${encodeURIComponent(berlin)}`))).toEqual([made[0]?.id]);
  });

  it('pages with a cursor through filtered results without skipping or repeating', async () => {
    const seen: (string | undefined)[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res: ApiResponse<Page<SessionView>> = await tenant.api(
        'GET',
        `/v1/sessions?customerId=${anna}&limit=1${suffix}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...idsOf(res.body.items));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toEqual(newestFirst((m) => m.customerId === anna));
  });

  it('names each invalid query field (422)', async () => {
    expectProblem(await tenant.api('GET', '/v1/sessions?from=yesterday&to=2026-13-01T00:00:00Z'), 422, [
      'from',
      'to',
    ]);
    expectProblem(await tenant.api('GET', '/v1/sessions?from=2026-11-21T10:00:00'), 422, ['from']);
    expectProblem(
      await tenant.api('GET', '/v1/sessions?from=2026-11-21T10:00:00Z&to=2026-11-20T10:00:00Z'),
      422,
      ['to'],
    );
    expectProblem(await tenant.api('GET', '/v1/sessions?limit=0&chargePointId=no%20spaces'), 422, [
      'chargePointId',
      'limit',
    ]);
  });

  it("refuses another tenant's cursor and a cursor of another listing", async () => {
    await other.charger('CP-A').then((cp) => {
      chargers.push(cp);
      return cp.call('StartTransaction', {
        connectorId: 2,
        idTag: 'Y',
        meterStart: 0,
        timestamp: hoursAgo(1),
      });
    });
    const foreign = await other.api<Page<unknown>>('GET', '/v1/sessions?limit=1');
    expect(foreign.body.nextCursor).not.toBeNull();
    expectProblem(
      await tenant.api('GET', `/v1/sessions?cursor=${encodeURIComponent(foreign.body.nextCursor ?? '')}`),
      422,
      ['cursor'],
    );
    await tenant.api('POST', '/v1/customers', { type: 'individual', name: 'C', email: 'c@example.com' });
    const customers = await tenant.api<Page<unknown>>('GET', '/v1/customers?limit=1');
    expectProblem(
      await tenant.api('GET', `/v1/sessions?cursor=${encodeURIComponent(customers.body.nextCursor ?? '')}`),
      422,
      ['cursor'],
    );
    expectProblem(await tenant.api('GET', '/v1/sessions?cursor=garbage'), 422, ['cursor']);
  });

  it('never shows another tenant’s sessions', async () => {
    const mine = new Set(idsOf(await list('limit=100')));
    const theirs = await list('limit=100', other.api);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.some((s) => mine.has(s.id))).toBe(false);
  });

  it('is readable by every role', async () => {
    for (const role of ['operator', 'finance']) {
      const key = await tenant.api<{ apiKey: string }>('POST', '/v1/api-keys', { role, name: role });
      const res = await apiClient(stack, key.body.apiKey)('GET', '/v1/sessions?limit=1');
      expect(res.status, role).toBe(200);
    }
  });
});

describe('GET /v1/sessions/{id}', () => {
  it('returns the session with its meter values', async () => {
    const res = await tenant.api<SessionView & { meterValues: unknown[] }>(
      'GET',
      `/v1/sessions/${made[0]?.id}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: made[0]?.id,
      transactionId: made[0]?.transactionId,
      meterValues: [],
    });
  });

  it('answers 404 for unknown, malformed and foreign ids', async () => {
    expectProblem(await tenant.api('GET', '/v1/sessions/ses00000000000000000000'), 404);
    expectProblem(await tenant.api('GET', '/v1/sessions/nope'), 404);
    expectProblem(await tenant.api('GET', `/v1/sessions/${'x'.repeat(3000)}`), 404);
    const theirs = (await list('limit=1', other.api))[0];
    expectProblem(await tenant.api('GET', `/v1/sessions/${theirs?.id}`), 404);
    expect((await other.api('GET', `/v1/sessions/${theirs?.id}`)).status).toBe(200);
  });
});
