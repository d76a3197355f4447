import { createRPCError, type RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import { type ChargingTenant, chargingTenant, customerWithToken } from './support/ocpp16.ts';

/**
 * OCPP 1.6 Core + RemoteTrigger from the operator's side: remote start for a token or a customer (I2, with
 * rule I4 first), remote stop by session id, maintenance as ChangeAvailability (remembered for an offline
 * charger and sent at its next boot), availability, TriggerMessage, and the tenant's heartbeat interval at
 * boot. The chargers are strict ocpp-rpc clients: a CALL that breaks the 1.6 schema is refused on their side
 * (and the API would answer 502), so each 200 below proves the CALL was valid and its reply correlated.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
const open: RPCClient[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    environment: {
      OCPP_CALL_TIMEOUT_MS: '3000',
      OCPP_BOOT_CALL_TIMEOUT_MS: '1500',
    },
  });
  tenant = await chargingTenant(stack, 'CP-remote');
});
afterAll(async () => {
  for (const charger of open) await charger.close({ force: true });
  await stack?.stop();
});

async function charger(id: string): Promise<RPCClient> {
  const client = await tenant.charger(id);
  open.push(client);
  return client;
}

/** Records the params of every CALL of `action` the charger gets, answering with `answer`. */
function answering(client: RPCClient, action: string, answer: () => Record<string, unknown>) {
  const seen: Record<string, unknown>[] = [];
  client.handle(action, async ({ params: raw }) => {
    const params = raw as Record<string, unknown>;
    seen.push(params);
    return answer();
  });
  return seen;
}

const boot = (client: RPCClient) =>
  client.call('BootNotification', { chargePointVendor: 'Volt', chargePointModel: 'Strict-1' }) as Promise<{
    status: string;
    interval: number;
  }>;

describe('remote start (I2)', () => {
  it("starts for a customer with one of the customer's tokens, after rule I4", async () => {
    const cp = await charger('CP-rs-1');
    const customerId = await customerWithToken(tenant, 'RS-CUS-1');
    const seen = answering(cp, 'RemoteStartTransaction', () => ({ status: 'Accepted' }));

    const res = await tenant.api('POST', '/v1/charge-points/CP-rs-1/remote-start', {
      customerId,
      connectorId: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'Accepted',
      chargePointId: 'CP-rs-1',
      connectorId: 1,
      idTag: 'RS-CUS-1',
      customerId,
    });
    expect(seen).toEqual([{ idTag: 'RS-CUS-1', connectorId: 1 }]);
  });

  it("passes the charger's refusal through, and starts for an idTag without a connector", async () => {
    const cp = await charger('CP-rs-2');
    await customerWithToken(tenant, 'RS-TAG-2');
    const seen = answering(cp, 'RemoteStartTransaction', () => ({ status: 'Rejected' }));
    const res = await tenant.api('POST', '/v1/charge-points/CP-rs-2/remote-start', { idTag: 'rs-tag-2' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'Rejected', idTag: 'RS-TAG-2', connectorId: null });
    expect(seen).toEqual([{ idTag: 'RS-TAG-2' }]);
  });

  it('refuses without asking the charger: blocked token 409, no Terms 409, unknown 422, no usable token 409', async () => {
    const cp = await charger('CP-rs-3');
    const seen = answering(cp, 'RemoteStartTransaction', () => ({ status: 'Accepted' }));
    await customerWithToken(tenant, 'RS-BLOCKED');
    await tenant.api('PATCH', '/v1/id-tokens/RS-BLOCKED', { status: 'Blocked', reason: 'card lost' });
    const start = (body: unknown) => tenant.api('POST', '/v1/charge-points/CP-rs-3/remote-start', body);

    const blocked = await start({ idTag: 'RS-BLOCKED' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail).toContain('Blocked');
    await customerWithToken(tenant, 'RS-NO-TERMS', { acceptTerms: false });
    expect((await start({ idTag: 'RS-NO-TERMS' })).status).toBe(409);
    const unknown = await start({ idTag: 'RS-NOBODY' });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(unknown.body.errors)).toContain('idTag');
    const onlyBlocked = await customerWithToken(tenant, 'RS-ONLY-BLK');
    await tenant.api('PATCH', '/v1/id-tokens/RS-ONLY-BLK', { status: 'Blocked', reason: 'lost' });
    expect((await start({ customerId: onlyBlocked })).status).toBe(409);
    expect((await start({ customerId: 'cusnope' })).status).toBe(422);
    expect((await start({ idTag: 'RS-BLOCKED', customerId: onlyBlocked })).status).toBe(422);
    expect((await start({ idTag: 'RS-BLOCKED', connectorId: 0 })).status).toBe(422);
    expect(seen).toEqual([]);
  });

  it('answers 409 for a charger that is offline or in maintenance, 404 for an unknown one', async () => {
    await customerWithToken(tenant, 'RS-OFF-1');
    await tenant.credentials('CP-rs-off');
    const offline = await tenant.api('POST', '/v1/charge-points/CP-rs-off/remote-start', {
      idTag: 'RS-OFF-1',
    });
    expect(offline.status).toBe(409);
    await tenant.api('PATCH', '/v1/charge-points/CP-rs-off', { maintenance: true });
    const cp = await charger('CP-rs-off');
    answering(cp, 'ChangeAvailability', () => ({ status: 'Accepted' }));
    const inMaintenance = await tenant.api('POST', '/v1/charge-points/CP-rs-off/remote-start', {
      idTag: 'RS-OFF-1',
    });
    expect(inMaintenance.status).toBe(409);
    expect(inMaintenance.body.detail).toContain('maintenance');
    expect(
      (await tenant.api('POST', '/v1/charge-points/CP-none/remote-start', { idTag: 'RS-OFF-1' })).status,
    ).toBe(404);
  });
});

describe('remote stop by session id', () => {
  it("sends the session's transaction id; a session that is not active is 409, an unknown one 404", async () => {
    const cp = await charger('CP-stop-1');
    await customerWithToken(tenant, 'STOP-TAG-1');
    const { transactionId } = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'STOP-TAG-1',
      meterStart: 100,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    const sessions = await tenant.api<{ items: { id: string; transactionId: number }[] }>(
      'GET',
      '/v1/sessions?chargePointId=CP-stop-1',
    );
    const sessionId = sessions.body.items.find((s) => s.transactionId === transactionId)?.id;
    expect(sessionId).toBeDefined();

    const seen = answering(cp, 'RemoteStopTransaction', () => ({ status: 'Accepted' }));
    const res = await tenant.api('POST', `/v1/sessions/${sessionId}/remote-stop`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'Accepted', sessionId, chargePointId: 'CP-stop-1', transactionId });
    expect(seen).toEqual([{ transactionId }]);

    await cp.call('StopTransaction', { transactionId, meterStop: 600, timestamp: new Date().toISOString() });
    expect((await tenant.api('POST', `/v1/sessions/${sessionId}/remote-stop`)).status).toBe(409);
    expect((await tenant.api('POST', '/v1/sessions/sesnope/remote-stop')).status).toBe(404);
    expect(seen).toHaveLength(1);
  });
});

describe('maintenance: ChangeAvailability on connector 0', () => {
  it('tells a connected charger Inoperative, then Operative', async () => {
    const cp = await charger('CP-mt-1');
    const seen = answering(cp, 'ChangeAvailability', () => ({ status: 'Accepted' }));
    const on = await tenant.api('PATCH', '/v1/charge-points/CP-mt-1', { maintenance: true });
    expect(on.status).toBe(200);
    expect(on.body.maintenance).toBe(true);
    await tenant.api('PATCH', '/v1/charge-points/CP-mt-1', { maintenance: false });
    expect(seen).toEqual([
      { connectorId: 0, type: 'Inoperative' },
      { connectorId: 0, type: 'Operative' },
    ]);
    // Accepted: a later boot does not repeat it.
    await boot(cp);
    expect(seen).toHaveLength(2);
  });

  it('remembers the change for an offline charger and sends it at its next BootNotification, once', async () => {
    await tenant.credentials('CP-mt-2');
    const patched = await tenant.api('PATCH', '/v1/charge-points/CP-mt-2', { maintenance: true });
    expect(patched.status).toBe(200);

    const cp = await charger('CP-mt-2');
    const seen = answering(cp, 'ChangeAvailability', () => ({ status: 'Accepted' }));
    const first = await boot(cp);
    expect(first.status).toBe('Accepted');
    expect(seen).toEqual([{ connectorId: 0, type: 'Inoperative' }]);
    await boot(cp);
    expect(seen).toHaveLength(1);
  });

  it('keeps a change the charger refused (CALLERROR) and retries it at the next boot; the PATCH still succeeds', async () => {
    const cp = await charger('CP-mt-3');
    let fail = true;
    const seen: unknown[] = [];
    cp.handle('ChangeAvailability', async ({ params: raw }) => {
      const params = raw as unknown;
      seen.push(params);
      if (fail) throw createRPCError('InternalError', 'busy');
      return { status: 'Accepted' };
    });
    const patched = await tenant.api('PATCH', '/v1/charge-points/CP-mt-3', { maintenance: true });
    expect(patched.status).toBe(200);
    expect(patched.body.maintenance).toBe(true);
    fail = false;
    await boot(cp);
    expect(seen).toEqual([
      { connectorId: 0, type: 'Inoperative' },
      { connectorId: 0, type: 'Inoperative' },
    ]);
  });
});

describe('availability and TriggerMessage', () => {
  it('changes one connector and returns the answer, Scheduled included', async () => {
    const cp = await charger('CP-av-1');
    const seen = answering(cp, 'ChangeAvailability', () => ({ status: 'Scheduled' }));
    const res = await tenant.api('POST', '/v1/charge-points/CP-av-1/availability', {
      connectorId: 2,
      type: 'Inoperative',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connectorId: 2, type: 'Inoperative', status: 'Scheduled' });
    expect(seen).toEqual([{ connectorId: 2, type: 'Inoperative' }]);
    const bad = await tenant.api('POST', '/v1/charge-points/CP-av-1/availability', {
      connectorId: 1,
      type: 'Sometimes',
    });
    expect(bad.status).toBe(422);
  });

  it('triggers a message; the charger then sends it and it is handled as any other', async () => {
    const cp = await charger('CP-trig-1');
    const seen = answering(cp, 'TriggerMessage', () => ({ status: 'Accepted' }));
    const res = await tenant.api('POST', '/v1/charge-points/CP-trig-1/trigger', {
      requestedMessage: 'StatusNotification',
      connectorId: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ requestedMessage: 'StatusNotification', connectorId: 1, status: 'Accepted' });
    expect(seen).toEqual([{ requestedMessage: 'StatusNotification', connectorId: 1 }]);
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    const view = await tenant.api<{ connectors: { connectorId: number; status: string }[] }>(
      'GET',
      '/v1/charge-points/CP-trig-1',
    );
    expect(view.body.connectors).toContainEqual(
      expect.objectContaining({ connectorId: 1, status: 'Available' }),
    );

    const notImplemented = answering(cp, 'TriggerMessage', () => ({ status: 'NotImplemented' }));
    const res2 = await tenant.api('POST', '/v1/charge-points/CP-trig-1/trigger', {
      requestedMessage: 'DiagnosticsStatusNotification',
    });
    expect(res2.body).toMatchObject({ status: 'NotImplemented', connectorId: null });
    expect(notImplemented).toEqual([{ requestedMessage: 'DiagnosticsStatusNotification' }]);
  });
});

describe('boot configuration', () => {
  it("hands out the tenant's heartbeat interval when it differs from the default", async () => {
    const cp = await charger('CP-hb-1');
    expect((await boot(cp)).interval).toBe(300);
    const settings = await tenant.api('PATCH', '/v1/tenant/settings', { heartbeatIntervalSeconds: 120 });
    expect(settings.status).toBe(200);
    expect((await boot(cp)).interval).toBe(120);
  });
});
