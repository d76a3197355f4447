import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import {
  type ChargingTenant,
  chargingTenant,
  createDefaultTariff,
  customerWithToken,
  type SessionDetail,
  sessionsOf,
} from './support/ocpp16.ts';

/**
 * OCPP 2.0.1 charging end to end with strict `ocpp-rpc` 2.0.1 clients: Authorize, TransactionEvent
 * (Started/Updated/Ended, duplicates, out of order, a lost Started), remote start and stop, two EVSEs, and a
 * mixed 1.6 + 2.0.1 fleet billed by the same tariff into the same receipts.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
let individual: string;
let company: string;
const open: RPCClient[] = [];

interface Receipt {
  id: string;
  customerId: string;
  totalGross: number;
  totalNet: number;
}

async function charger201(id: string): Promise<RPCClient> {
  const client = await tenant.charger201(id);
  open.push(client);
  return client;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const register = (wh: number, context: string, timestamp: string) => ({
  timestamp,
  sampledValue: [
    { value: wh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
  ],
});

interface TxOptions {
  readonly transactionId: string;
  readonly evseId?: number;
  readonly idToken?: string;
  readonly startWh: number;
  readonly endWh: number;
  readonly startedMinutesAgo: number;
  readonly minutes: number;
}

function txEvents(options: TxOptions) {
  const evse = { id: options.evseId ?? 1, connectorId: 1 };
  const start = minutesAgo(options.startedMinutesAgo);
  const middle = minutesAgo(options.startedMinutesAgo - options.minutes / 2);
  const end = minutesAgo(options.startedMinutesAgo - options.minutes);
  return {
    started: {
      eventType: 'Started',
      timestamp: start,
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: options.transactionId, chargingState: 'Charging' },
      evse,
      ...(options.idToken ? { idToken: { idToken: options.idToken, type: 'ISO14443' } } : {}),
      meterValue: [register(options.startWh, 'Transaction.Begin', start)],
    },
    updated: {
      eventType: 'Updated',
      timestamp: middle,
      triggerReason: 'MeterValuePeriodic',
      seqNo: 1,
      transactionInfo: { transactionId: options.transactionId, chargingState: 'Charging' },
      meterValue: [register(Math.round((options.startWh + options.endWh) / 2), 'Sample.Periodic', middle)],
    },
    ended: {
      eventType: 'Ended',
      timestamp: end,
      triggerReason: 'EVCommunicationLost',
      seqNo: 2,
      transactionInfo: {
        transactionId: options.transactionId,
        chargingState: 'Idle',
        stoppedReason: 'EVDisconnected',
      },
      meterValue: [register(options.endWh, 'Transaction.End', end)],
    },
  };
}

async function sessionOf(chargePointId: string, transactionId: string | number): Promise<SessionDetail> {
  const match = (await sessionsOf(tenant.api, chargePointId)).filter(
    (s) => s.transactionId === transactionId,
  );
  expect(match).toHaveLength(1);
  const detail = await tenant.api<SessionDetail>('GET', `/v1/sessions/${match[0]?.id}`);
  expect(detail.status).toBe(200);
  return detail.body;
}

async function receiptsOf(customerId: string): Promise<Receipt[]> {
  const res = await tenant.api<{ items: Receipt[] }>(
    'GET',
    `/v1/invoices?customerId=${customerId}&kind=receipt`,
  );
  expect(res.status).toBe(200);
  return res.body.items;
}

beforeAll(async () => {
  stack = await startTestStack();
  tenant = await chargingTenant(stack, 'CP-16');
  await createDefaultTariff(tenant.api);
  individual = await customerWithToken(tenant, 'AB12CD34', { type: 'individual' });
  const credited = await tenant.api('POST', `/v1/customers/${individual}/balance/credits`, {
    amount: 10_000,
    reason: 'Welcome credit',
  });
  expect(credited.status).toBe(201);
  company = await customerWithToken(tenant, 'FLEET-201');
});

afterAll(async () => {
  for (const client of open) await client.close({ force: true });
  await stack?.stop();
});

describe('OCPP 2.0.1 Authorize', () => {
  it('accepts an RFID token issued through the API, with the VAT-inclusive price as personal message', async () => {
    const cp = await charger201('CP-201-AUTH');
    const answer = (await cp.call('Authorize', { idToken: { idToken: 'AB12CD34', type: 'ISO14443' } })) as {
      idTokenInfo: { status: string; personalMessage?: { format: string; content: string } };
    };
    expect(answer.idTokenInfo.status).toBe('Accepted');
    // 0.30 net per kWh + 20 % VAT.
    expect(answer.idTokenInfo.personalMessage).toEqual({
      format: 'UTF8',
      content: '€0.36/kWh, incl. 20% VAT',
    });

    const unknown = (await cp.call('Authorize', { idToken: { idToken: 'NOBODY', type: 'ISO15693' } })) as {
      idTokenInfo: { status: string };
    };
    expect(unknown.idTokenInfo).toEqual({ status: 'Unknown' });
  });

  it('says NoCredit to a driver refused only for lack of a payment means', async () => {
    const cp = await charger201('CP-201-CREDIT');
    await customerWithToken(tenant, 'BROKE-201', { type: 'individual' });
    const answer = (await cp.call('Authorize', { idToken: { idToken: 'BROKE-201', type: 'ISO14443' } })) as {
      idTokenInfo: { status: string };
    };
    expect(answer.idTokenInfo.status).toBe('NoCredit');
  });
});

describe('OCPP 2.0.1 TransactionEvent', () => {
  it('records, prices and bills a session like 1.6 does: same tariff, same amount, totalCost in the Ended answer', async () => {
    const cp = await charger201('CP-201-A');
    const tx = txEvents({
      transactionId: 'tx-a-0001',
      idToken: 'AB12CD34',
      startWh: 100_000,
      endWh: 110_000,
      startedMinutesAgo: 60,
      minutes: 30,
    });
    const started = (await cp.call('TransactionEvent', tx.started)) as { idTokenInfo?: { status: string } };
    expect(started.idTokenInfo?.status).toBe('Accepted');
    expect(await cp.call('TransactionEvent', tx.updated)).toEqual({});
    const ended = (await cp.call('TransactionEvent', tx.ended)) as { totalCost?: number };
    // 10 kWh × 0.30 × 1.20.
    expect(ended.totalCost).toBe(3.6);

    const session = await sessionOf('CP-201-A', 'tx-a-0001');
    expect(session).toMatchObject({
      connectorId: 1,
      idTag: 'AB12CD34',
      customerId: individual,
      status: 'completed',
      meterStartWh: 100_000,
      meterStopWh: 110_000,
      energyWh: 10_000,
      stopReason: 'EVDisconnected',
      flags: [],
    });
    expect(session.meterValues.map((v) => v.source)).toEqual([
      'TransactionEvent',
      'TransactionEvent',
      'TransactionEvent',
    ]);

    // The same 10 kWh on a 1.6 charger of the same tenant.
    const cp16 = await tenant.charger('CP-16');
    open.push(cp16);
    const start16 = (await cp16.call('StartTransaction', {
      connectorId: 1,
      idTag: 'AB12CD34',
      meterStart: 0,
      timestamp: minutesAgo(25),
    })) as { transactionId: number };
    await cp16.call('StopTransaction', {
      transactionId: start16.transactionId,
      meterStop: 10_000,
      timestamp: minutesAgo(5),
      reason: 'EVDisconnected',
    });

    await expect.poll(async () => (await receiptsOf(individual)).length, { timeout: 30_000 }).toBe(2);
    const receipts = await receiptsOf(individual);
    expect(receipts.map((r) => r.totalGross)).toEqual([360, 360]);
  });

  it('takes duplicates, out-of-order events and a lost Started without double counting', async () => {
    const cp = await charger201('CP-201-B');
    const tx = txEvents({
      transactionId: 'tx-b-0001',
      idToken: 'FLEET-201',
      startWh: 5_000,
      endWh: 12_000,
      startedMinutesAgo: 50,
      minutes: 20,
    });
    // Updated before Started, Started twice, Ended twice.
    await cp.call('TransactionEvent', { ...tx.updated, idToken: { idToken: 'FLEET-201', type: 'ISO14443' } });
    await cp.call('TransactionEvent', tx.started);
    await cp.call('TransactionEvent', tx.started);
    const first = (await cp.call('TransactionEvent', tx.ended)) as { totalCost?: number };
    const again = (await cp.call('TransactionEvent', tx.ended)) as { totalCost?: number };
    expect(again.totalCost).toBe(first.totalCost);

    const session = await sessionOf('CP-201-B', 'tx-b-0001');
    expect(session).toMatchObject({ status: 'completed', customerId: company, energyWh: 7_000 });
    expect(session.meterValues).toHaveLength(3);

    // A charger that lost its Started (offline queue dropped) still reports Ended with both readings.
    const lost = txEvents({
      transactionId: 'tx-b-0002',
      idToken: 'FLEET-201',
      startWh: 20_000,
      endWh: 23_000,
      startedMinutesAgo: 20,
      minutes: 10,
    });
    await cp.call('TransactionEvent', {
      ...lost.ended,
      offline: true,
      idToken: { idToken: 'FLEET-201', type: 'ISO14443' },
      meterValue: [lost.started.meterValue[0], lost.ended.meterValue[0]],
    });
    const recovered = await sessionOf('CP-201-B', 'tx-b-0002');
    expect(recovered).toMatchObject({ status: 'completed', meterStartWh: 20_000, energyWh: 3_000 });
  });

  it('runs two sessions at once on two EVSEs of one charger', async () => {
    const cp = await charger201('CP-201-DUAL');
    const one = txEvents({
      transactionId: 'dual-1',
      evseId: 1,
      idToken: 'FLEET-201',
      startWh: 0,
      endWh: 4_000,
      startedMinutesAgo: 40,
      minutes: 20,
    });
    const two = txEvents({
      transactionId: 'dual-2',
      evseId: 2,
      idToken: 'FLEET-201',
      startWh: 0,
      endWh: 6_000,
      startedMinutesAgo: 35,
      minutes: 20,
    });
    await cp.call('TransactionEvent', one.started);
    await cp.call('TransactionEvent', two.started);
    const running = (await sessionsOf(tenant.api, 'CP-201-DUAL')).filter((s) => s.status === 'active');
    expect(running.map((s) => s.connectorId).sort()).toEqual([1, 2]);
    expect(running.every((s) => !s.flags.includes('concurrent-start'))).toBe(true);
    await cp.call('TransactionEvent', one.ended);
    await cp.call('TransactionEvent', two.ended);
    expect((await sessionOf('CP-201-DUAL', 'dual-1')).energyWh).toBe(4_000);
    expect((await sessionOf('CP-201-DUAL', 'dual-2')).energyWh).toBe(6_000);
  });

  it('answers MeterValues outside a transaction, and adds them to the session running on that EVSE', async () => {
    const cp = await charger201('CP-201-MV');
    const tx = txEvents({
      transactionId: 'mv-1',
      idToken: 'FLEET-201',
      startWh: 1_000,
      endWh: 2_000,
      startedMinutesAgo: 30,
      minutes: 20,
    });
    expect(
      await cp.call('MeterValues', {
        evseId: 0,
        meterValue: [register(9_999_000, 'Sample.Clock', minutesAgo(31))],
      }),
    ).toEqual({});
    await cp.call('TransactionEvent', tx.started);
    expect(
      await cp.call('MeterValues', { evseId: 1, meterValue: [register(1_500, 'Trigger', minutesAgo(20))] }),
    ).toEqual({});
    const session = await sessionOf('CP-201-MV', 'mv-1');
    expect(session.meterValues.map((v) => [v.source, v.energyWh])).toEqual([
      ['TransactionEvent', 1_000],
      ['MeterValues', 1_500],
    ]);
  });
});

describe('OCPP 2.0.1 remote start and stop', () => {
  it('starts with RequestStartTransaction, links the Started event by remoteStartId, stops with RequestStopTransaction', async () => {
    const cp = await charger201('CP-201-REMOTE');
    const asked: Record<string, unknown>[] = [];
    cp.handle('RequestStartTransaction', async ({ params }) => {
      asked.push(params as Record<string, unknown>);
      return { status: 'Accepted' };
    });
    const stops: string[] = [];
    cp.handle('RequestStopTransaction', async ({ params }) => {
      stops.push(String((params as { transactionId: string }).transactionId));
      return { status: 'Accepted' };
    });

    const started = await tenant.api('POST', '/v1/charge-points/CP-201-REMOTE/remote-start', {
      customerId: company,
      connectorId: 1,
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'Accepted', customerId: company, idTag: 'FLEET-201' });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ idToken: { idToken: 'FLEET-201', type: 'Central' }, evseId: 1 });
    const remoteStartId = asked[0]?.remoteStartId as number;
    expect(Number.isInteger(remoteStartId)).toBe(true);

    // This charger reports the start without the token, naming the remote start only.
    const tx = txEvents({
      transactionId: 'remote-1',
      startWh: 0,
      endWh: 1_000,
      startedMinutesAgo: 1,
      minutes: 1,
    });
    await cp.call('TransactionEvent', {
      ...tx.started,
      triggerReason: 'RemoteStart',
      transactionInfo: { ...tx.started.transactionInfo, remoteStartId },
    });
    const session = await sessionOf('CP-201-REMOTE', 'remote-1');
    expect(session).toMatchObject({ status: 'active', idTag: 'FLEET-201', customerId: company });

    const stopped = await tenant.api('POST', `/v1/sessions/${session.id}/remote-stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'Accepted', transactionId: 'remote-1' });
    expect(stops).toEqual(['remote-1']);
  });
});

describe('OCPP 2.0.1 live cost', () => {
  it('sends CostUpdated with the running cost on periodic readings once the tenant enables it', async () => {
    const cp = await charger201('CP-201-LIVE');
    const updates: { totalCost: number; transactionId: string }[] = [];
    cp.handle('CostUpdated', async ({ params }) => {
      updates.push(params as { totalCost: number; transactionId: string });
      return {};
    });
    const tx = txEvents({
      transactionId: 'live-1',
      idToken: 'FLEET-201',
      startWh: 0,
      endWh: 10_000,
      startedMinutesAgo: 30,
      minutes: 20,
    });
    await cp.call('TransactionEvent', tx.started);
    await cp.call('TransactionEvent', tx.updated);
    expect(updates).toEqual([]);

    const enabled = await tenant.api('PATCH', '/v1/tenant/settings', { liveCostUpdates: true });
    expect(enabled.status).toBe(200);
    await cp.call('TransactionEvent', { ...tx.updated, seqNo: 2 });
    // 5 kWh so far × 0.30 × 1.20.
    expect(updates).toEqual([{ totalCost: 1.8, transactionId: 'live-1' }]);
    await tenant.api('PATCH', '/v1/tenant/settings', { liveCostUpdates: false });
  });
});
