import { createRPCError, type RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import { type ChargingTenant, chargingTenant, customerWithToken, minutesFromNow } from './support/ocpp16.ts';

/**
 * OCPP 1.6 LocalAuthListManagement: full and differential lists built from the tenant's tokens, the list
 * version tracked per charger, the charger's limits respected, and a blocked token pushed out at once (I1).
 * Strict ocpp-rpc chargers validate every SendLocalList against the 1.6 schema before answering.
 */
let stack: LocalStack;
const open: RPCClient[] = [];

beforeAll(async () => {
  // Tokens here are changed within seconds of a sync; the production margin (a minute) would resend them.
  stack = await startTestStack({
    environment: {
      OCPP_CALL_TIMEOUT_MS: '3000',
      OCPP_LOCAL_LIST_PUSH_TIMEOUT_MS: '1500',
      LOCAL_LIST_WATERMARK_MARGIN_MS: '0',
    },
  });
});
afterAll(async () => {
  for (const charger of open) await charger.close({ force: true });
  await stack?.stop();
});

interface SendLocalList {
  listVersion: number;
  updateType: 'Full' | 'Differential';
  localAuthorizationList?: { idTag: string; idTagInfo?: Record<string, unknown> }[];
}

interface ListState {
  chargePointId: string;
  listVersion: number | null;
  changesSince: string | null;
  limits: { sendLocalListMaxLength: number | null; localAuthListMaxLength: number | null } | null;
  lastSync: Record<string, unknown> | null;
  lastPush: Record<string, unknown> | null;
}

/** A charger that records every SendLocalList and answers with `answer` (Accepted by default). */
async function listCharger(
  tenant: ChargingTenant,
  id: string,
  options: { answer?: (call: SendLocalList) => string; config?: Record<string, string> } = {},
) {
  const client = await tenant.charger(id);
  open.push(client);
  const received: SendLocalList[] = [];
  client.handle('SendLocalList', async ({ params: raw }) => {
    const params = raw as SendLocalList;
    received.push(params);
    return { status: options.answer?.(params) ?? 'Accepted' };
  });
  const config = options.config;
  if (config) {
    client.handle('GetConfiguration', async ({ params }) => ({
      configurationKey: ((params as { key?: string[] }).key ?? [])
        .filter((key) => config[key] !== undefined)
        .map((key) => ({ key, readonly: true, value: config[key] })),
    }));
  }
  return { client, received };
}

const sync = (tenant: ChargingTenant, id: string, mode?: 'full' | 'differential') =>
  tenant.api('POST', `/v1/charge-points/${id}/local-list/sync`, mode ? { mode } : {});
const state = async (tenant: ChargingTenant, id: string) =>
  (await tenant.api<ListState>('GET', `/v1/charge-points/${id}/local-list`)).body;
const idTags = (call: SendLocalList | undefined) => (call?.localAuthorizationList ?? []).map((e) => e.idTag);

describe('full and differential lists', () => {
  let tenant: ChargingTenant;
  beforeAll(async () => {
    tenant = await chargingTenant(stack, 'CP-ll-1');
  });

  it('sends every token that may charge, with expiry and group, as a Full list of version 1', async () => {
    const expiresAt = minutesFromNow(60 * 24);
    await customerWithToken(tenant, 'LL-OK-1', { expiresAt, groupIdTag: 'FLEET-1' });
    await customerWithToken(tenant, 'LL-OK-2');
    await customerWithToken(tenant, 'LL-BLOCKED');
    await tenant.api('PATCH', '/v1/id-tokens/LL-BLOCKED', { status: 'Blocked', reason: 'lost' });
    await customerWithToken(tenant, 'LL-EXPIRED', { expiresAt: minutesFromNow(1) });
    await tenant.api('PATCH', '/v1/id-tokens/LL-EXPIRED', { expiresAt: minutesFromNow(-1) });
    const suspended = await customerWithToken(tenant, 'LL-SUSPENDED');
    await tenant.api('PATCH', `/v1/customers/${suspended}`, { status: 'suspended', reason: 'false data' });

    const { received } = await listCharger(tenant, 'CP-ll-1');
    const res = await sync(tenant, 'CP-ll-1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      mode: 'full',
      trigger: 'api',
      outcome: 'Accepted',
      listVersion: 1,
      entries: 2,
      messages: 1,
    });
    expect(received).toEqual([
      {
        listVersion: 1,
        updateType: 'Full',
        localAuthorizationList: [
          {
            idTag: 'LL-OK-1',
            idTagInfo: { status: 'Accepted', expiryDate: expiresAt, parentIdTag: 'FLEET-1' },
          },
          { idTag: 'LL-OK-2', idTagInfo: { status: 'Accepted' } },
        ],
      },
    ]);
    const after = await state(tenant, 'CP-ll-1');
    expect(after).toMatchObject({
      chargePointId: 'CP-ll-1',
      listVersion: 1,
      lastSync: { outcome: 'Accepted' },
    });
    expect(after.changesSince).toEqual(expect.any(String));
  });

  it('sends only what changed since, blocked tokens as Blocked, with the next version', async () => {
    const { received } = await listCharger(tenant, 'CP-ll-1b');
    await sync(tenant, 'CP-ll-1b', 'full');
    expect(received[0]?.updateType).toBe('Full');

    await customerWithToken(tenant, 'LL-NEW-1');
    await tenant.api('PATCH', '/v1/id-tokens/LL-OK-2', { status: 'Blocked', reason: 'card lost' });
    // Blocking pushed LL-OK-2 at once (I1) as version 2 to both chargers holding a list.
    expect(received.at(-1)).toEqual({
      listVersion: 2,
      updateType: 'Differential',
      localAuthorizationList: [{ idTag: 'LL-OK-2', idTagInfo: { status: 'Blocked' } }],
    });

    const res = await sync(tenant, 'CP-ll-1b', 'differential');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'differential', outcome: 'Accepted', listVersion: 3, entries: 2 });
    expect(received.at(-1)).toEqual({
      listVersion: 3,
      updateType: 'Differential',
      localAuthorizationList: [
        { idTag: 'LL-NEW-1', idTagInfo: { status: 'Accepted' } },
        { idTag: 'LL-OK-2', idTagInfo: { status: 'Blocked' } },
      ],
    });
    expect((await state(tenant, 'CP-ll-1b')).listVersion).toBe(3);

    // Nothing changed since: nothing is sent, the version stays.
    const again = await sync(tenant, 'CP-ll-1b', 'differential');
    expect(again.body).toMatchObject({ outcome: 'unchanged', messages: 0 });
    expect(received).toHaveLength(3);
  });

  it('sends a full list when a differential is asked for a charger without one', async () => {
    const { received } = await listCharger(tenant, 'CP-ll-1c');
    const res = await sync(tenant, 'CP-ll-1c', 'differential');
    expect(res.body).toMatchObject({ mode: 'full', outcome: 'Accepted', listVersion: 1 });
    expect(received.map((r) => r.updateType)).toEqual(['Full']);
  });

  it('falls back to a full list when the charger answers VersionMismatch', async () => {
    const { received } = await listCharger(tenant, 'CP-ll-1d', {
      answer: (call) => (call.updateType === 'Differential' ? 'VersionMismatch' : 'Accepted'),
    });
    await sync(tenant, 'CP-ll-1d', 'full');
    await customerWithToken(tenant, 'LL-NEW-2');
    const res = await sync(tenant, 'CP-ll-1d', 'differential');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'full', outcome: 'Accepted', fallbackFrom: 'differential' });
    expect(received.map((r) => r.updateType)).toEqual(['Full', 'Differential', 'Full']);
    expect(idTags(received.at(-1))).toContain('LL-NEW-2');
  });

  it('records a charger that does not support local lists; its version stays unknown', async () => {
    const { received } = await listCharger(tenant, 'CP-ll-1e', { answer: () => 'NotSupported' });
    const res = await sync(tenant, 'CP-ll-1e');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'NotSupported' });
    expect(received).toHaveLength(1);
    expect(await state(tenant, 'CP-ll-1e')).toMatchObject({
      listVersion: null,
      lastSync: { outcome: 'NotSupported' },
    });
  });

  it('answers 409 for a charger that is not connected, 404 for an unknown one, and validates the mode', async () => {
    await tenant.credentials('CP-ll-off');
    expect((await sync(tenant, 'CP-ll-off')).status).toBe(409);
    expect((await sync(tenant, 'CP-ll-nope')).status).toBe(404);
    expect((await tenant.api('GET', '/v1/charge-points/CP-ll-nope/local-list')).status).toBe(404);
    expect(
      (await tenant.api('POST', '/v1/charge-points/CP-ll-1/local-list/sync', { mode: 'half' })).status,
    ).toBe(422);
    expect(await state(tenant, 'CP-ll-off')).toMatchObject({ listVersion: null, lastSync: null });
  });
});

describe("the charger's limits (GetConfiguration)", () => {
  it('splits a list longer than SendLocalListMaxLength: Full first, then Differential', async () => {
    const tenant = await chargingTenant(stack, 'CP-ll-2');
    for (const tag of ['LIM-A', 'LIM-B', 'LIM-C']) await customerWithToken(tenant, tag);
    const { received } = await listCharger(tenant, 'CP-ll-2', {
      config: { SendLocalListMaxLength: '2', LocalAuthListMaxLength: '100' },
    });
    const res = await sync(tenant, 'CP-ll-2');
    expect(res.body).toMatchObject({ outcome: 'Accepted', entries: 3, messages: 2, listVersion: 2 });
    expect(received.map((r) => [r.listVersion, r.updateType, idTags(r)])).toEqual([
      [1, 'Full', ['LIM-A', 'LIM-B']],
      [2, 'Differential', ['LIM-C']],
    ]);
    expect(await state(tenant, 'CP-ll-2')).toMatchObject({
      listVersion: 2,
      limits: { sendLocalListMaxLength: 2, localAuthListMaxLength: 100 },
    });
  });

  it('refuses (409) a list the charger cannot hold, and records why', async () => {
    const tenant = await chargingTenant(stack, 'CP-ll-3');
    for (const tag of ['MAX-A', 'MAX-B']) await customerWithToken(tenant, tag);
    const { received } = await listCharger(tenant, 'CP-ll-3', { config: { LocalAuthListMaxLength: '1' } });
    const res = await sync(tenant, 'CP-ll-3');
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('LocalAuthListMaxLength');
    expect(received).toEqual([]);
    expect(await state(tenant, 'CP-ll-3')).toMatchObject({
      listVersion: null,
      lastSync: { outcome: 'too-long' },
    });
  });
});

describe('a blocked token is pushed out at once (I1)', () => {
  it('reaches every connected charger holding a list; outcomes are recorded per charger; the PATCH never fails', async () => {
    const tenant = await chargingTenant(stack, 'CP-i1-a');
    await customerWithToken(tenant, 'I1-LOST');
    await customerWithToken(tenant, 'I1-KEPT');
    const a = await listCharger(tenant, 'CP-i1-a');
    const failing = await listCharger(tenant, 'CP-i1-err');
    failing.client.handle('SendLocalList', async ({ params: raw }) => {
      const params = raw as SendLocalList;
      failing.received.push(params);
      if (params.updateType === 'Differential') throw createRPCError('InternalError', 'flash full');
      return { status: 'Accepted' };
    });
    const offline = await listCharger(tenant, 'CP-i1-off');
    const noList = await listCharger(tenant, 'CP-i1-none');
    for (const id of ['CP-i1-a', 'CP-i1-err', 'CP-i1-off']) expect((await sync(tenant, id)).status).toBe(200);
    await offline.client.close();
    await expect
      .poll(async () => (await tenant.api('GET', '/v1/charge-points/CP-i1-off')).body.connected)
      .toBe(false);

    const blocked = await tenant.api('PATCH', '/v1/id-tokens/I1-LOST', {
      status: 'Blocked',
      reason: 'card lost',
    });
    expect(blocked.status).toBe(200);
    expect(blocked.body.status).toBe('Blocked');

    const push = {
      updateType: 'Differential',
      localAuthorizationList: [{ idTag: 'I1-LOST', idTagInfo: { status: 'Blocked' } }],
    };
    expect(a.received.at(-1)).toEqual({ listVersion: 2, ...push });
    expect(failing.received.at(-1)).toEqual({ listVersion: 2, ...push });
    expect(noList.received).toEqual([]);

    expect(await state(tenant, 'CP-i1-a')).toMatchObject({
      listVersion: 2,
      lastPush: { trigger: 'token-blocked', idTag: 'I1-LOST', outcome: 'Accepted', listVersion: 2 },
    });
    expect(await state(tenant, 'CP-i1-err')).toMatchObject({
      listVersion: 1,
      lastPush: { outcome: 'error', detail: 'CALLERROR InternalError' },
    });
    expect(await state(tenant, 'CP-i1-off')).toMatchObject({
      listVersion: 1,
      lastPush: { outcome: 'not-connected' },
    });
    expect(await state(tenant, 'CP-i1-none')).toMatchObject({ listVersion: null, lastPush: null });

    // Blocking again changes nothing and pushes nothing; the next differential sync still carries the block.
    const pushes = a.received.length;
    await tenant.api('PATCH', '/v1/id-tokens/I1-LOST', { status: 'Blocked', reason: 'still lost' });
    expect(a.received).toHaveLength(pushes);
    const reconnected = await listCharger(tenant, 'CP-i1-off');
    const res = await sync(tenant, 'CP-i1-off', 'differential');
    expect(res.body).toMatchObject({ mode: 'differential', outcome: 'Accepted', listVersion: 2 });
    expect(reconnected.received.at(-1)?.localAuthorizationList).toContainEqual({
      idTag: 'I1-LOST',
      idTagInfo: { status: 'Blocked' },
    });
  });
});
