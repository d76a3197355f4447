import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import { type ChargingTenant, chargingTenant, customerWithToken, minutesFromNow } from './support/ocpp16.ts';

/**
 * The friendly remote-control and local-list routes on OCPP 2.0.1 chargers: availability and maintenance
 * (ChangeAvailability with operationalStatus and evse), Reset (Hard → Immediate, Soft → OnIdle),
 * UnlockConnector (evseId + connector 1), TriggerMessage (2.0.1 messages, evse) and local lists (SendLocalList
 * with versionNumber and typed idTokens, limits from GetVariables, a blocked token pushed at once). The chargers
 * are strict ocpp-rpc 2.0.1 clients: a CALL that breaks the 2.0.1 schema is refused on their side (and the API
 * would answer 502), so each 200 below proves the CALL was valid and its reply correlated.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
const open: RPCClient[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    environment: {
      OCPP_CALL_TIMEOUT_MS: '3000',
      OCPP_BOOT_CALL_TIMEOUT_MS: '1500',
      OCPP_LOCAL_LIST_PUSH_TIMEOUT_MS: '1500',
      // Tokens here change within seconds of a sync; the production margin (a minute) would resend them.
      LOCAL_LIST_WATERMARK_MARGIN_MS: '0',
    },
  });
  tenant = await chargingTenant(stack, 'CP-201-rc');
});
afterAll(async () => {
  for (const client of open) await client.close({ force: true });
  await stack?.stop();
});

/** Connects a strict 2.0.1 client as a charge point of `owner`, registering it first if needed. */
async function charger201(id: string, owner: ChargingTenant = tenant): Promise<RPCClient> {
  const client = await owner.charger201(id, { boot: false });
  open.push(client);
  return client;
}

const boot = (client: RPCClient) =>
  client.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { model: 'Wallbox 201', vendorName: 'ACME' },
  }) as Promise<{ status: string }>;

/** Records the params of every CALL of `action` the charger gets, answering with `answer`. */
function answering<T = Record<string, unknown>>(
  client: RPCClient,
  action: string,
  answer: (params: T) => Record<string, unknown>,
) {
  const seen: T[] = [];
  client.handle(action, async ({ params: raw }) => {
    const params = raw as T;
    seen.push(params);
    return answer(params);
  });
  return seen;
}

describe('availability and maintenance: ChangeAvailability with operationalStatus', () => {
  it('switches one EVSE, or the whole station for connector 0', async () => {
    const cp = await charger201('CP-201-av');
    const seen = answering(cp, 'ChangeAvailability', () => ({ status: 'Scheduled' }));
    const one = await tenant.api('POST', '/v1/charge-points/CP-201-av/availability', {
      connectorId: 2,
      type: 'Inoperative',
    });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ connectorId: 2, type: 'Inoperative', status: 'Scheduled' });
    const all = await tenant.api('POST', '/v1/charge-points/CP-201-av/availability', {
      connectorId: 0,
      type: 'Operative',
    });
    expect(all.body).toEqual({ connectorId: 0, type: 'Operative', status: 'Scheduled' });
    expect(seen).toEqual([
      { operationalStatus: 'Inoperative', evse: { id: 2 } },
      { operationalStatus: 'Operative' },
    ]);
  });

  it('tells a connected charger about maintenance, and an offline one at its next boot', async () => {
    const cp = await charger201('CP-201-mt');
    const seen = answering(cp, 'ChangeAvailability', () => ({ status: 'Accepted' }));
    const on = await tenant.api('PATCH', '/v1/charge-points/CP-201-mt', { maintenance: true });
    expect(on.status).toBe(200);
    expect(seen).toEqual([{ operationalStatus: 'Inoperative' }]);

    await tenant.credentials('CP-201-mt-off');
    expect((await tenant.api('PATCH', '/v1/charge-points/CP-201-mt-off', { maintenance: true })).status).toBe(
      200,
    );
    const later = await charger201('CP-201-mt-off');
    const atBoot = answering(later, 'ChangeAvailability', () => ({ status: 'Accepted' }));
    expect((await boot(later)).status).toBe('Accepted');
    expect(atBoot).toEqual([{ operationalStatus: 'Inoperative' }]);
    // Accepted: a later boot does not repeat it.
    await boot(later);
    expect(atBoot).toHaveLength(1);
  });
});

describe('Reset and UnlockConnector', () => {
  it('maps Hard to Immediate and Soft to OnIdle, an EVSE as evseId', async () => {
    const cp = await charger201('CP-201-reset');
    const seen = answering(cp, 'Reset', (params: { type: string }) => ({
      status: params.type === 'OnIdle' ? 'Scheduled' : 'Accepted',
    }));
    const hard = await tenant.api('POST', '/v1/charge-points/CP-201-reset/reset', { type: 'Hard' });
    expect(hard.status).toBe(200);
    expect(hard.body).toEqual({ type: 'Hard', connectorId: null, status: 'Accepted' });
    const soft = await tenant.api('POST', '/v1/charge-points/CP-201-reset/reset', {
      type: 'Soft',
      connectorId: 2,
    });
    expect(soft.body).toEqual({ type: 'Soft', connectorId: 2, status: 'Scheduled' });
    expect(seen).toEqual([{ type: 'Immediate' }, { type: 'OnIdle', evseId: 2 }]);
    expect(
      (await tenant.api('POST', '/v1/charge-points/CP-201-reset/reset', { type: 'Immediate' })).status,
    ).toBe(422);
  });

  it('resets a 1.6 charger as before, and refuses an EVSE for it (422, nothing sent)', async () => {
    const cp = await tenant.charger('CP-16-reset');
    open.push(cp);
    const seen = answering(cp, 'Reset', () => ({ status: 'Accepted' }));
    const res = await tenant.api('POST', '/v1/charge-points/CP-16-reset/reset', { type: 'Soft' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ type: 'Soft', connectorId: null, status: 'Accepted' });
    const refused = await tenant.api('POST', '/v1/charge-points/CP-16-reset/reset', {
      type: 'Hard',
      connectorId: 1,
    });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body.errors)).toContain('connectorId');
    expect(seen).toEqual([{ type: 'Soft' }]);
  });

  it('unlocks the connector of an EVSE, passing the 2.0.1 answer through', async () => {
    const cp = await charger201('CP-201-unlock');
    const seen = answering(cp, 'UnlockConnector', (params: { evseId: number }) => ({
      status: params.evseId === 1 ? 'Unlocked' : 'UnknownConnector',
    }));
    const res = await tenant.api('POST', '/v1/charge-points/CP-201-unlock/unlock', { connectorId: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connectorId: 1, status: 'Unlocked' });
    const unknown = await tenant.api('POST', '/v1/charge-points/CP-201-unlock/unlock', { connectorId: 3 });
    expect(unknown.body).toEqual({ connectorId: 3, status: 'UnknownConnector' });
    expect(seen).toEqual([
      { evseId: 1, connectorId: 1 },
      { evseId: 3, connectorId: 1 },
    ]);
  });
});

describe('TriggerMessage', () => {
  it('sends 2.0.1 messages with the EVSE; the charger then sends it and it is handled as any other', async () => {
    const cp = await charger201('CP-201-trig');
    const seen = answering(cp, 'TriggerMessage', () => ({ status: 'Accepted' }));
    const res = await tenant.api('POST', '/v1/charge-points/CP-201-trig/trigger', {
      requestedMessage: 'StatusNotification',
      connectorId: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ requestedMessage: 'StatusNotification', connectorId: 1, status: 'Accepted' });
    await cp.call('StatusNotification', {
      timestamp: new Date().toISOString(),
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    const view = await tenant.api<{ connectors: { connectorId: number; status: string }[] }>(
      'GET',
      '/v1/charge-points/CP-201-trig',
    );
    expect(view.body.connectors).toContainEqual(
      expect.objectContaining({ connectorId: 1, status: 'Available' }),
    );

    const tx = await tenant.api('POST', '/v1/charge-points/CP-201-trig/trigger', {
      requestedMessage: 'TransactionEvent',
    });
    expect(tx.body).toEqual({ requestedMessage: 'TransactionEvent', connectorId: null, status: 'Accepted' });
    expect(seen).toEqual([
      { requestedMessage: 'StatusNotification', evse: { id: 1 } },
      { requestedMessage: 'TransactionEvent' },
    ]);
  });

  it('refuses a message 2.0.1 does not define with a 422 naming requestedMessage, sending nothing', async () => {
    const cp = await charger201('CP-201-trig-bad');
    const seen = answering(cp, 'TriggerMessage', () => ({ status: 'Accepted' }));
    const res = await tenant.api('POST', '/v1/charge-points/CP-201-trig-bad/trigger', {
      requestedMessage: 'DiagnosticsStatusNotification',
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.errors)).toContain('requestedMessage');
    expect(JSON.stringify(res.body.errors)).toContain('ocpp2.0.1');
    expect(seen).toEqual([]);
  });
});

interface SendLocalList201 {
  versionNumber: number;
  updateType: 'Full' | 'Differential';
  localAuthorizationList?: {
    idToken: { idToken: string; type: string };
    idTokenInfo?: Record<string, unknown>;
  }[];
}

describe('local authorization lists: SendLocalList with typed idTokens', () => {
  let lists: ChargingTenant;
  beforeAll(async () => {
    // A tenant of its own: its full list holds exactly the tokens made here.
    lists = await chargingTenant(stack, 'CP-201-ll');
  });

  /** A 2.0.1 charger that records every SendLocalList and reports `variables` of LocalAuthListCtrlr. */
  async function listCharger201(id: string, variables: Record<string, string> = {}) {
    const cp = await charger201(id, lists);
    const received = answering<SendLocalList201>(cp, 'SendLocalList', () => ({ status: 'Accepted' }));
    const asked = answering<{
      getVariableData: { component: { name: string }; variable: { name: string } }[];
    }>(cp, 'GetVariables', (params) => ({
      getVariableResult: params.getVariableData.map(({ component, variable }) =>
        variables[variable.name] === undefined
          ? { attributeStatus: 'UnknownVariable', component, variable }
          : { attributeStatus: 'Accepted', attributeValue: variables[variable.name], component, variable },
      ),
    }));
    return { cp, received, asked };
  }

  it('sends the full list split by ItemsPerMessage, then differential updates and a blocked token at once', async () => {
    const expiresAt = minutesFromNow(60 * 24);
    await customerWithToken(lists, 'LL201-A', { expiresAt, groupIdTag: 'FLEET-201' });
    await customerWithToken(lists, 'LL201-B');
    await customerWithToken(lists, 'LL201-C');
    const { received, asked } = await listCharger201('CP-201-ll', { ItemsPerMessage: '2' });

    const res = await lists.api('POST', '/v1/charge-points/CP-201-ll/local-list/sync', { mode: 'full' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      mode: 'full',
      outcome: 'Accepted',
      entries: 3,
      messages: 2,
      listVersion: 2,
    });
    expect(asked).toEqual([
      {
        getVariableData: [
          { component: { name: 'LocalAuthListCtrlr' }, variable: { name: 'ItemsPerMessage' } },
          { component: { name: 'LocalAuthListCtrlr' }, variable: { name: 'BytesPerMessage' } },
        ],
      },
    ]);
    expect(received).toEqual([
      {
        versionNumber: 1,
        updateType: 'Full',
        localAuthorizationList: [
          {
            idToken: { idToken: 'LL201-A', type: 'ISO14443' },
            idTokenInfo: {
              status: 'Accepted',
              cacheExpiryDateTime: expiresAt,
              groupIdToken: { idToken: 'FLEET-201', type: 'Central' },
            },
          },
          { idToken: { idToken: 'LL201-B', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } },
        ],
      },
      {
        versionNumber: 2,
        updateType: 'Differential',
        localAuthorizationList: [
          { idToken: { idToken: 'LL201-C', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } },
        ],
      },
    ]);
    const state = await lists.api('GET', '/v1/charge-points/CP-201-ll/local-list');
    expect(state.body).toMatchObject({
      listVersion: 2,
      limits: { sendLocalListMaxLength: 2, localAuthListMaxLength: null, bytesPerMessage: null },
      lastSync: { outcome: 'Accepted' },
    });

    // Blocking a token pushes it at once (I1), as the next version.
    const blocked = await lists.api('PATCH', '/v1/id-tokens/LL201-B', { status: 'Blocked', reason: 'lost' });
    expect(blocked.status).toBe(200);
    expect(received.at(-1)).toEqual({
      versionNumber: 3,
      updateType: 'Differential',
      localAuthorizationList: [
        { idToken: { idToken: 'LL201-B', type: 'ISO14443' }, idTokenInfo: { status: 'Blocked' } },
      ],
    });
    expect((await lists.api('GET', '/v1/charge-points/CP-201-ll/local-list')).body).toMatchObject({
      listVersion: 3,
      lastPush: { trigger: 'token-blocked', outcome: 'Accepted', idTag: 'LL201-B' },
    });

    await customerWithToken(lists, 'LL201-D');
    const diff = await lists.api('POST', '/v1/charge-points/CP-201-ll/local-list/sync', {
      mode: 'differential',
    });
    expect(diff.body).toMatchObject({ mode: 'differential', outcome: 'Accepted', listVersion: 4 });
    expect(received.at(-1)).toEqual({
      versionNumber: 4,
      updateType: 'Differential',
      localAuthorizationList: [
        { idToken: { idToken: 'LL201-B', type: 'ISO14443' }, idTokenInfo: { status: 'Blocked' } },
        { idToken: { idToken: 'LL201-D', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } },
      ],
    });
  });

  it('keeps each message within BytesPerMessage', async () => {
    // The tenant's tokens as the test before left them: A, C and D may charge, B is blocked.
    const { received } = await listCharger201('CP-201-ll-bytes', { BytesPerMessage: '300' });
    const res = await lists.api('POST', '/v1/charge-points/CP-201-ll-bytes/local-list/sync', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'Accepted', entries: 3 });
    expect(received.length).toBeGreaterThan(1);
    // The limit counts the whole CALL frame, of which the payload is a part.
    for (const message of received) expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(300);
    expect(received.map((message) => message.updateType)).toEqual([
      'Full',
      ...Array(received.length - 1).fill('Differential'),
    ]);
    expect(
      received.flatMap((message) => message.localAuthorizationList ?? []).map((e) => e.idToken.idToken),
    ).toEqual(['LL201-A', 'LL201-C', 'LL201-D']);
  });

  it("reads the charger's own list version through the command API (GetLocalListVersion)", async () => {
    const cp = await charger201('CP-201-ll-version', lists);
    cp.handle('GetLocalListVersion', async () => ({ versionNumber: 7 }));
    const res = await lists.api(
      'POST',
      '/v1/charge-points/CP-201-ll-version/commands/GetLocalListVersion',
      {},
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: { versionNumber: 7 } });
  });
});
