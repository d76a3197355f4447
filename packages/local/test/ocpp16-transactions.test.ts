import type { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { exchange, rawSocket } from './support/chargers.ts';
import { startTestStack } from './support/local-stack.ts';
import {
  type ChargingTenant,
  chargingTenant,
  customerWithToken,
  minutesFromNow,
  type SessionDetail,
  type StartAnswer,
  sessionOfTransaction,
  sessionsOf,
} from './support/ocpp16.ts';

/**
 * OCPP 1.6 transactions, end to end: strict ocpp-rpc chargers send Authorize, StartTransaction, MeterValues
 * and StopTransaction through the local gateway, including what real chargers get wrong (retries, duplicates,
 * orphans, meter resets, late and future timestamps, offline queues), and every outcome is checked through the
 * Sessions API. A strict client refuses to accept a schema-invalid answer, so each call that resolves was
 * answered schema-valid.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
let customerId: string;
const DRIVER = 'TX-DRIVER-1';
const open: RPCClient[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  tenant = await chargingTenant(stack, 'CP-tx-main');
  customerId = await customerWithToken(tenant, DRIVER);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close({ force: true })));
});
afterAll(async () => {
  await stack?.stop();
});

async function charger(id: string): Promise<RPCClient> {
  const client = await tenant.charger(id);
  open.push(client);
  return client;
}

interface StartBody {
  connectorId?: number;
  idTag?: string;
  meterStart: number;
  timestamp?: string;
  reservationId?: number;
}
const start = async (cp: RPCClient, body: StartBody) =>
  (await cp.call('StartTransaction', {
    connectorId: 1,
    idTag: DRIVER,
    timestamp: minutesFromNow(0),
    ...body,
  })) as StartAnswer;

interface StopBody {
  transactionId: number;
  meterStop: number;
  timestamp?: string;
  idTag?: string;
  reason?: string;
  transactionData?: unknown[];
}
const stop = async (cp: RPCClient, body: StopBody) =>
  (await cp.call('StopTransaction', { timestamp: minutesFromNow(0), ...body })) as {
    idTagInfo?: { status: string };
  };

const energyAt = (timestamp: string, wh: number, context = 'Sample.Periodic') => ({
  timestamp,
  sampledValue: [{ value: String(wh), context, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
});

const session = (cp: string, transactionId: number): Promise<SessionDetail> =>
  sessionOfTransaction(tenant.api, cp, transactionId);

/** An OCMF record as a real Eichrecht meter signs it; whitespace and non-ASCII must survive untouched. */
const SIGNED =
  'OCMF|{"FV":"1.0","GI":"ABL SBC-301","GS":"808829900001","PG":"T32","MV":"Phoenix Contact",' +
  '"RD":[{"TM":"2026-11-21T08:00:00,000+0100 S","TX":"E","RV":1011.0,"RI":"1-b:1.8.0","RU":"kWh","ST":"G"}],' +
  '"ID":"Ünïcødé  \\u00e9"}|{"SD":"3045022100B2A6C5F1E8D0A9C3B7E4F6A1D2C3B4A5968778695A4B3C2D1E0F","SA":"ECDSA-secp256r1-SHA256"}  \t';

describe('a whole transaction', () => {
  it('Authorize → Start → MeterValues → Stop with transactionData; the Sessions API shows all of it', async () => {
    const cp = await charger('CP-tx-main');
    const t0 = minutesFromNow(-30);
    const t1 = minutesFromNow(-15);
    const t2 = minutesFromNow(0);

    expect(await cp.call('Authorize', { idTag: DRIVER })).toEqual({ idTagInfo: { status: 'Accepted' } });
    const started = await start(cp, { meterStart: 1_000_000, timestamp: t0 });
    expect(Number.isInteger(started.transactionId)).toBe(true);
    expect(started.idTagInfo).toEqual({ status: 'Accepted' });

    const active = await session('CP-tx-main', started.transactionId);
    expect(active).toMatchObject({
      chargePointId: 'CP-tx-main',
      connectorId: 1,
      idTag: DRIVER,
      customerId,
      startedAt: t0,
      stoppedAt: null,
      meterStartWh: 1_000_000,
      meterStopWh: null,
      energyWh: null,
      status: 'active',
      flags: [],
      meterValues: [],
    });

    const periodic = [
      {
        value: '1005000',
        context: 'Sample.Periodic',
        measurand: 'Energy.Active.Import.Register',
        unit: 'Wh',
      },
      { value: '11.0', context: 'Sample.Periodic', measurand: 'Power.Active.Import', unit: 'kW' },
      { value: '230.1', context: 'Sample.Periodic', measurand: 'Voltage', phase: 'L1-N', unit: 'V' },
      { value: '16.2', context: 'Sample.Periodic', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
      { value: '54', context: 'Sample.Periodic', measurand: 'SoC', location: 'EV', unit: 'Percent' },
    ];
    expect(
      await cp.call('MeterValues', {
        connectorId: 1,
        transactionId: started.transactionId,
        meterValue: [{ timestamp: t1, sampledValue: periodic }],
      }),
    ).toEqual({});

    const end = [
      {
        value: '1011.0',
        context: 'Transaction.End',
        measurand: 'Energy.Active.Import.Register',
        unit: 'kWh',
      },
      {
        value: SIGNED,
        context: 'Transaction.End',
        format: 'SignedData',
        measurand: 'Energy.Active.Import.Register',
      },
    ];
    const stopped = await stop(cp, {
      transactionId: started.transactionId,
      meterStop: 1_011_000,
      timestamp: t2,
      idTag: DRIVER,
      reason: 'EVDisconnected',
      transactionData: [
        { timestamp: t0, sampledValue: [{ value: '1000.0', context: 'Transaction.Begin', unit: 'kWh' }] },
        { timestamp: t2, sampledValue: end },
      ],
    });
    expect(stopped).toEqual({ idTagInfo: { status: 'Accepted' } });

    const done = await session('CP-tx-main', started.transactionId);
    expect(done).toMatchObject({
      startedAt: t0,
      stoppedAt: t2,
      meterStartWh: 1_000_000,
      meterStopWh: 1_011_000,
      energyWh: 11_000,
      status: 'completed',
      stopReason: 'EVDisconnected',
      flags: [],
    });
    expect(done.meterValues).toEqual([
      {
        timestamp: t0,
        energyWh: 1_000_000,
        context: 'Transaction.Begin',
        source: 'StopTransaction',
        sampledValues: [{ value: '1000.0', context: 'Transaction.Begin', unit: 'kWh' }],
      },
      {
        timestamp: t1,
        energyWh: 1_005_000,
        powerW: 11_000,
        context: 'Sample.Periodic',
        source: 'MeterValues',
        sampledValues: periodic,
      },
      {
        timestamp: t2,
        energyWh: 1_011_000,
        context: 'Transaction.End',
        source: 'StopTransaction',
        sampledValues: end,
      },
    ]);
    // Signed meter data is verified later against exactly these bytes.
    expect(done.meterValues[2]?.sampledValues[1]?.value).toBe(SIGNED);

    // The list shows the same session, without meter values (and without what only the detail derives).
    const listed = (await sessionsOf(tenant.api, 'CP-tx-main')).find((s) => s.id === done.id);
    expect(listed).not.toHaveProperty('meterValues');
    expect(done).toMatchObject(listed ?? { missing: true });
  });

  it('numbers transactions with integers unique across the chargers of a tenant', async () => {
    const a = await charger('CP-tx-ids-a');
    const b = await charger('CP-tx-ids-b');
    const ids = [
      (await start(a, { meterStart: 0 })).transactionId,
      (await start(b, { meterStart: 0 })).transactionId,
      (await start(a, { connectorId: 2, meterStart: 0 })).transactionId,
    ];
    expect(ids.every(Number.isInteger)).toBe(true);
    expect(new Set(ids).size).toBe(3);
  });

  it('records a start with an unknown or refused idTag, flags it and tells the charger', async () => {
    const cp = await charger('CP-tx-refused');
    const unknown = await start(cp, { idTag: 'WHO-IS-THIS', meterStart: 10 });
    expect(unknown.idTagInfo).toEqual({ status: 'Invalid' });
    expect(await session('CP-tx-refused', unknown.transactionId)).toMatchObject({
      idTag: 'WHO-IS-THIS',
      customerId: null,
      status: 'active',
      flags: ['unknown-id-tag'],
    });

    const blockedCustomer = await customerWithToken(tenant, 'TX-BLOCKED-1');
    await tenant.api('PATCH', '/v1/id-tokens/TX-BLOCKED-1', { status: 'Blocked', reason: 'card lost' });
    const blocked = await start(cp, { connectorId: 2, idTag: 'TX-BLOCKED-1', meterStart: 20 });
    expect(blocked.idTagInfo).toEqual({ status: 'Blocked' });
    expect(await session('CP-tx-refused', blocked.transactionId)).toMatchObject({
      customerId: blockedCustomer,
      flags: ['not-authorized'],
    });
  });
});

describe('duplicates and retries', () => {
  it('answers an identical StartTransaction retry with the same transactionId and creates nothing', async () => {
    const cp = await charger('CP-tx-retry');
    const body = { meterStart: 4242, timestamp: minutesFromNow(-5) };
    const first = await start(cp, body);
    const retry = await start(cp, body);
    expect(retry).toEqual(first);
    // The same start in another spelling of the same instant is the same message.
    const offset = new Date(Date.parse(body.timestamp) + 3_600_000).toISOString().replace('Z', '+01:00');
    expect((await start(cp, { ...body, timestamp: offset })).transactionId).toBe(first.transactionId);
    const sessions = await sessionsOf(tenant.api, 'CP-tx-retry');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.flags).toEqual([]);
  });

  it('gives concurrent identical starts (a retry racing the original) one session', async () => {
    const { ocppUrl, password } = await tenant.credentials('CP-tx-race');
    const ws = await rawSocket(ocppUrl, { user: 'CP-tx-race', password });
    const payload = { connectorId: 1, idTag: DRIVER, meterStart: 77, timestamp: minutesFromNow(-1) };
    const replies: unknown[][] = [];
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        replies.push(JSON.parse(data.toString()) as unknown[]);
        if (replies.length === 2) resolve();
      });
    });
    ws.send(JSON.stringify([2, 'race-1', 'StartTransaction', payload]));
    ws.send(JSON.stringify([2, 'race-2', 'StartTransaction', payload]));
    await done;
    ws.close();
    const ids = replies.map((r) => (r[2] as { transactionId: number }).transactionId);
    expect(replies.map((r) => r[0])).toEqual([3, 3]);
    expect(ids[0]).toBe(ids[1]);
    expect(await sessionsOf(tenant.api, 'CP-tx-race')).toHaveLength(1);
  });

  it('records a second start on a busy connector as a new session flagged concurrent-start', async () => {
    const cp = await charger('CP-tx-busy');
    const first = await start(cp, { meterStart: 100, timestamp: minutesFromNow(-10) });
    const second = await start(cp, { meterStart: 150, timestamp: minutesFromNow(-5) });
    expect(second.transactionId).not.toBe(first.transactionId);
    expect(await session('CP-tx-busy', first.transactionId)).toMatchObject({ status: 'active', flags: [] });
    expect(await session('CP-tx-busy', second.transactionId)).toMatchObject({
      status: 'active',
      flags: ['concurrent-start'],
    });

    await stop(cp, { transactionId: first.transactionId, meterStop: 160 });
    await stop(cp, { transactionId: second.transactionId, meterStop: 200 });
    expect(await session('CP-tx-busy', first.transactionId)).toMatchObject({
      status: 'completed',
      energyWh: 60,
    });
    expect(await session('CP-tx-busy', second.transactionId)).toMatchObject({
      status: 'completed',
      energyWh: 50,
    });
    // Both stopped: the connector is free again.
    const third = await start(cp, { meterStart: 200 });
    expect((await session('CP-tx-busy', third.transactionId)).flags).toEqual([]);
  });

  it('answers a repeated StopTransaction and changes nothing', async () => {
    const cp = await charger('CP-tx-stop-twice');
    const { transactionId } = await start(cp, { meterStart: 1000, timestamp: minutesFromNow(-20) });
    const body = { transactionId, meterStop: 3000, idTag: DRIVER, reason: 'Local' };
    expect(await stop(cp, body)).toEqual({ idTagInfo: { status: 'Accepted' } });
    const before = await session('CP-tx-stop-twice', transactionId);
    expect(before).toMatchObject({ status: 'completed', energyWh: 2000 });

    expect(await stop(cp, body)).toEqual({ idTagInfo: { status: 'Accepted' } });
    // Even a "repeat" that claims other figures does not rewrite a closed session.
    expect(
      await stop(cp, {
        transactionId,
        meterStop: 9999,
        timestamp: minutesFromNow(1),
        reason: 'Other',
        transactionData: [energyAt(minutesFromNow(1), 9999)],
      }),
    ).toEqual({});
    expect(await session('CP-tx-stop-twice', transactionId)).toEqual(before);
    expect(await sessionsOf(tenant.api, 'CP-tx-stop-twice')).toHaveLength(1);
  });
});

describe('orphans', () => {
  it('answers a StopTransaction for an unknown transaction and records one flagged orphan session', async () => {
    const cp = await charger('CP-tx-orphan');
    const at = minutesFromNow(-2);
    const body = {
      transactionId: 987_654,
      meterStop: 52_000,
      timestamp: at,
      idTag: DRIVER,
      reason: 'PowerLoss',
      transactionData: [energyAt(minutesFromNow(-40), 40_000), energyAt(at, 52_000, 'Transaction.End')],
    };
    expect(await stop(cp, body)).toEqual({ idTagInfo: { status: 'Accepted' } });
    const orphan = await session('CP-tx-orphan', 987_654);
    expect(orphan).toMatchObject({
      chargePointId: 'CP-tx-orphan',
      idTag: DRIVER,
      customerId,
      transactionId: 987_654,
      stoppedAt: at,
      meterStopWh: 52_000,
      energyWh: 0,
      status: 'orphan',
      stopReason: 'PowerLoss',
      flags: ['orphan-stop'],
    });
    expect(orphan.meterValues.map((v) => v.energyWh)).toEqual([40_000, 52_000]);

    // The charger retries its stop: answered, still one orphan, unchanged.
    expect(await stop(cp, body)).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await stop(cp, { transactionId: 987_654, meterStop: 1 })).toEqual({});
    expect(await sessionsOf(tenant.api, 'CP-tx-orphan')).toEqual([
      expect.objectContaining({ id: orphan.id, meterStopWh: 52_000 }),
    ]);
  });

  it('never hands out a transaction id an orphan stop already claimed', async () => {
    const cp = await charger('CP-tx-orphan-id');
    const before = await start(cp, { meterStart: 0 });
    // The charger invents the next id the CSMS would have assigned (it lost its state).
    const claimed = before.transactionId + 1;
    await stop(cp, { transactionId: claimed, meterStop: 500 });
    const after = await start(cp, { connectorId: 2, meterStart: 0 });
    expect(after.transactionId).not.toBe(claimed);
    expect(await session('CP-tx-orphan-id', claimed)).toMatchObject({ status: 'orphan' });
    await stop(cp, { transactionId: after.transactionId, meterStop: 700 });
    expect(await session('CP-tx-orphan-id', after.transactionId)).toMatchObject({
      status: 'completed',
      energyWh: 700,
    });
  });

  it("does not let a charger stop or feed another charger's transaction", async () => {
    const owner = await charger('CP-tx-owner');
    const intruder = await charger('CP-tx-intruder');
    const { transactionId } = await start(owner, { meterStart: 100 });
    expect(
      await intruder.call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [energyAt(minutesFromNow(0), 999_999)],
      }),
    ).toEqual({});
    expect(await stop(intruder, { transactionId, meterStop: 999_999 })).toEqual({});

    const owned = await session('CP-tx-owner', transactionId);
    expect(owned).toMatchObject({ status: 'active', meterValues: [] });
    expect(await session('CP-tx-intruder', transactionId)).toMatchObject({
      status: 'orphan',
      flags: ['orphan-stop'],
    });
    // The owner still stops its own transaction normally.
    await stop(owner, { transactionId, meterStop: 600 });
    expect(await session('CP-tx-owner', transactionId)).toMatchObject({ status: 'completed', energyWh: 500 });
  });
});

describe('meter anomalies are flagged, never refused', () => {
  it('meterStop below meterStart: flagged meter-decreased, no energy billed', async () => {
    const cp = await charger('CP-tx-decrease');
    const { transactionId } = await start(cp, { meterStart: 50_000 });
    expect(await stop(cp, { transactionId, meterStop: 49_000 })).toEqual({});
    expect(await session('CP-tx-decrease', transactionId)).toMatchObject({
      meterStartWh: 50_000,
      meterStopWh: 49_000,
      energyWh: 0,
      flags: ['meter-decreased'],
    });
  });

  it('meterStart 0 after a 910 kWh register is not billed as 910 kWh (CitrineOS #1060)', async () => {
    const cp = await charger('CP-tx-reset');
    const first = await start(cp, { meterStart: 900_000, timestamp: minutesFromNow(-300) });
    await stop(cp, {
      transactionId: first.transactionId,
      meterStop: 910_000,
      timestamp: minutesFromNow(-240),
    });
    expect((await session('CP-tx-reset', first.transactionId)).energyWh).toBe(10_000);

    // The charger lost its state: meterStart 0, yet its register goes on from 910 kWh.
    const lost = await start(cp, { meterStart: 0, timestamp: minutesFromNow(-120) });
    expect((await session('CP-tx-reset', lost.transactionId)).flags).toEqual(['meter-start-reset']);
    await stop(cp, { transactionId: lost.transactionId, meterStop: 915_000, timestamp: minutesFromNow(-60) });
    expect(await session('CP-tx-reset', lost.transactionId)).toMatchObject({
      meterStartWh: 0,
      meterStopWh: 915_000,
      energyWh: 5_000,
      flags: ['meter-start-reset'],
    });

    // The register really restarted (meter swap): it counts from 0.
    const swapped = await start(cp, { meterStart: 0, timestamp: minutesFromNow(-30) });
    await stop(cp, { transactionId: swapped.transactionId, meterStop: 2_500 });
    expect(await session('CP-tx-reset', swapped.transactionId)).toMatchObject({
      energyWh: 2_500,
      flags: ['meter-start-reset'],
    });
  });

  it('a register that restarts at 0 every transaction is billed in full, its readings proving the restart', async () => {
    const cp = await charger('CP-tx-per-transaction');
    const first = await start(cp, { meterStart: 0, timestamp: minutesFromNow(-60) });
    await stop(cp, { transactionId: first.transactionId, meterStop: 65, timestamp: minutesFromNow(-50) });

    // The next session starts at 0 again and counts 0 → 44 → 84 → 120: 120 Wh, not 120 − 65.
    const next = await start(cp, { meterStart: 0, timestamp: minutesFromNow(-40) });
    for (const [minutes, wh] of [
      [-39, 0],
      [-30, 44],
      [-20, 84],
    ] as const) {
      await cp.call('MeterValues', {
        connectorId: 1,
        transactionId: next.transactionId,
        meterValue: [energyAt(minutesFromNow(minutes), wh)],
      });
    }
    await stop(cp, { transactionId: next.transactionId, meterStop: 120, timestamp: minutesFromNow(-10) });
    expect(await session('CP-tx-per-transaction', next.transactionId)).toMatchObject({
      meterStopWh: 120,
      energyWh: 120,
      flags: ['meter-start-reset'],
    });
  });

  it('meterStart 0 on a connector without history: an impossible first reading becomes the baseline', async () => {
    const cp = await charger('CP-tx-reset-new');
    const { transactionId } = await start(cp, { meterStart: 0, timestamp: minutesFromNow(-10) });
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [energyAt(minutesFromNow(-9), 910_000)],
    });
    await stop(cp, { transactionId, meterStop: 912_000 });
    expect(await session('CP-tx-reset-new', transactionId)).toMatchObject({
      energyWh: 2_000,
      flags: ['meter-start-reset'],
    });
  });

  it('MeterValues after the stop are stored and the session flagged values-after-stop', async () => {
    const cp = await charger('CP-tx-late-values');
    const { transactionId } = await start(cp, { meterStart: 0, timestamp: minutesFromNow(-30) });
    await stop(cp, { transactionId, meterStop: 7_000, timestamp: minutesFromNow(-10) });
    expect(
      await cp.call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [energyAt(minutesFromNow(-1), 7_100)],
      }),
    ).toEqual({});
    expect(await session('CP-tx-late-values', transactionId)).toMatchObject({
      energyWh: 7_000,
      flags: ['values-after-stop'],
      meterValues: [expect.objectContaining({ energyWh: 7_100, source: 'MeterValues' })],
    });
  });

  it('timestamps in the future are flagged on Start, MeterValues and Stop', async () => {
    const cp = await charger('CP-tx-future');
    const tomorrow = minutesFromNow(24 * 60);
    const future = await start(cp, { meterStart: 0, timestamp: tomorrow });
    expect(future.idTagInfo.status).toBe('Accepted');
    expect(await session('CP-tx-future', future.transactionId)).toMatchObject({
      startedAt: tomorrow,
      flags: ['timestamp-in-future'],
    });

    const normal = await start(cp, { connectorId: 2, meterStart: 0 });
    await cp.call('MeterValues', {
      connectorId: 2,
      transactionId: normal.transactionId,
      meterValue: [energyAt(tomorrow, 100)],
    });
    expect((await session('CP-tx-future', normal.transactionId)).flags).toEqual(['timestamp-in-future']);

    const third = await start(cp, { connectorId: 3, meterStart: 0 });
    await stop(cp, { transactionId: third.transactionId, meterStop: 10, timestamp: minutesFromNow(600) });
    expect((await session('CP-tx-future', third.transactionId)).flags).toEqual(['timestamp-in-future']);
  });

  it('a stop stamped before its start is flagged stop-before-start', async () => {
    const cp = await charger('CP-tx-backwards');
    const { transactionId } = await start(cp, { meterStart: 0, timestamp: minutesFromNow(-10) });
    await stop(cp, { transactionId, meterStop: 10, timestamp: minutesFromNow(-20) });
    expect((await session('CP-tx-backwards', transactionId)).flags).toEqual(['stop-before-start']);
  });
});

describe('offline queues and clocks', () => {
  it("records a Start/Stop pair queued hours ago with the charger's timestamps", async () => {
    const cp = await charger('CP-tx-offline');
    const startedAt = minutesFromNow(-5 * 60);
    const sampledAt = minutesFromNow(-4 * 60);
    const stoppedAt = minutesFromNow(-3 * 60);
    const { transactionId } = await start(cp, { meterStart: 20_000, timestamp: startedAt });
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [energyAt(sampledAt, 30_000)],
    });
    await stop(cp, { transactionId, meterStop: 40_000, timestamp: stoppedAt, reason: 'Reboot' });
    const recorded = await session('CP-tx-offline', transactionId);
    expect(recorded).toMatchObject({
      startedAt,
      stoppedAt,
      energyWh: 20_000,
      status: 'completed',
      stopReason: 'Reboot',
      flags: [],
    });

    const window = async (from: string, to: string) =>
      (
        await tenant.api<{ items: { id: string }[] }>(
          'GET',
          `/v1/sessions?chargePointId=CP-tx-offline&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        )
      ).body.items.map((s) => s.id);
    expect(await window(minutesFromNow(-6 * 60), minutesFromNow(-4 * 60))).toEqual([recorded.id]);
    expect(await window(minutesFromNow(-60), minutesFromNow(0))).toEqual([]);
  });

  it('MeterValues without a transaction, or for an unknown one, are answered and stored nowhere', async () => {
    const cp = await charger('CP-tx-no-tx');
    expect(
      await cp.call('MeterValues', { connectorId: 1, meterValue: [energyAt(minutesFromNow(0), 5)] }),
    ).toEqual({});
    expect(
      await cp.call('MeterValues', {
        connectorId: 1,
        transactionId: 55_555_555,
        meterValue: [energyAt(minutesFromNow(0), 5)],
      }),
    ).toEqual({});
    expect(await sessionsOf(tenant.api, 'CP-tx-no-tx')).toEqual([]);
  });

  it('reads timestamps without an offset as UTC, whatever the server time zone', async () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const { ocppUrl, password } = await tenant.credentials('CP-tx-no-offset');
      const ws = await rawSocket(ocppUrl, { user: 'CP-tx-no-offset', password });
      const reply = await exchange(
        ws,
        JSON.stringify([
          2,
          'no-offset-1',
          'StartTransaction',
          { connectorId: 1, idTag: DRIVER, meterStart: 0, timestamp: '2026-01-15T08:00:00' },
        ]),
      );
      ws.close();
      expect(reply[0]).toBe(3);
      const { transactionId } = reply[2] as { transactionId: number };
      expect((await session('CP-tx-no-offset', transactionId)).startedAt).toBe('2026-01-15T08:00:00.000Z');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
