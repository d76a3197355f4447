import { orphanSessionId } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { type StopCommand, stopSession } from '../../src/sessions/stop-session.ts';
import {
  company,
  connectorKey,
  RECEIVED_AT,
  sample,
  session,
  sessionWorld,
  TENANT,
  token,
} from './session-world.ts';

const stop = (overrides: Partial<StopCommand> = {}): StopCommand => ({
  tenantId: TENANT,
  chargePointId: 'CP-1',
  transactionId: 7,
  meterStopWh: 6_000,
  timestamp: '2026-03-15T11:00:00Z',
  samples: [],
  receivedAt: RECEIVED_AT,
  ...overrides,
});

describe('stopSession', () => {
  it('completes the active session with the energy of the station’s meter, frees the connector and reports the end', async () => {
    const world = sessionWorld({
      sessions: [session()],
      connectors: new Map([[connectorKey('CP-1', 1), { sessionId: 'ses_1', lastMeterWh: 1_000 }]]),
      lifecycleTokens: new Map([['ses_1', 'token-1']]),
    });
    const readings = [sample('2026-03-15T10:59:00.000Z', 5_900)];

    const outcome = await stopSession(world.deps, stop({ samples: readings }));

    expect(outcome).toEqual({ sessionId: 'ses_1', result: 'stopped' });
    expect(world.sessions.get('ses_1')).toMatchObject({
      status: 'completed',
      stoppedAt: '2026-03-15T11:00:00.000Z',
      meterStopWh: 6_000,
      energyWh: 5_000,
      // Without a reason, OCPP 1.6 says the stop was Local.
      stopReason: 'Local',
      flags: [],
    });
    expect(world.samples.get('ses_1')).toEqual(readings);
    expect(world.connectors.get(connectorKey('CP-1', 1))).toEqual({ lastMeterWh: 6_000 });
    expect(world.deps.resumed).toEqual([
      { taskToken: 'token-1', output: { endedAt: '2026-03-15T11:00:00.000Z' } },
    ]);
  });

  it('passes the charger’s reason on to the session and the waiting workflow', async () => {
    const world = sessionWorld({ sessions: [session()], lifecycleTokens: new Map([['ses_1', 'token-1']]) });
    await stopSession(world.deps, stop({ reason: 'EVDisconnected' }));
    expect(world.sessions.get('ses_1')?.stopReason).toBe('EVDisconnected');
    expect(world.deps.resumed[0]?.output).toEqual({
      endedAt: '2026-03-15T11:00:00.000Z',
      stopReason: 'EVDisconnected',
    });
  });

  it('answers a repeated stop and changes nothing', async () => {
    const world = sessionWorld({ sessions: [session()], lifecycleTokens: new Map([['ses_1', 'token-1']]) });
    await stopSession(world.deps, stop());
    const afterFirst = structuredClone(world.sessions.get('ses_1'));
    const writes = world.writes.length;

    const again = await stopSession(
      world.deps,
      stop({ meterStopWh: 9_000, samples: [sample('2026-03-15T11:05:00.000Z', 9_000)] }),
    );

    expect(again).toEqual({ sessionId: 'ses_1', result: 'not-active' });
    expect(world.sessions.get('ses_1')).toEqual(afterFirst);
    expect(world.writes).toHaveLength(writes);
    expect(world.samples.get('ses_1')).toBeUndefined();
    expect(world.deps.resumed).toHaveLength(1);
  });

  it('reports no end when a racing stop completed the session between the read and the write', async () => {
    const world = sessionWorld({ sessions: [session()], lifecycleTokens: new Map([['ses_1', 'token-1']]) });
    Object.assign(world.deps.sessions, { completeSession: async () => false });
    expect(await stopSession(world.deps, stop())).toEqual({ sessionId: 'ses_1', result: 'not-active' });
    expect(world.deps.resumed).toEqual([]);
  });

  it('records a stop for an unknown transaction once, as a flagged orphan with the stop’s reading and no energy', async () => {
    const world = sessionWorld();
    const readings = [sample('2026-03-15T10:59:00.000Z', 6_000)];
    const command = stop({ transactionId: 4242, reason: 'PowerLoss', samples: readings });
    const orphanId = orphanSessionId(TENANT, 'CP-1', 4242);

    expect(await stopSession(world.deps, command)).toEqual({
      sessionId: orphanId,
      result: 'orphan-recorded',
    });
    expect(world.sessions.get(orphanId)).toEqual({
      id: orphanId,
      tenantId: TENANT,
      chargePointId: 'CP-1',
      connectorId: 0,
      idTag: '',
      transactionId: 4242,
      startedAt: '2026-03-15T11:00:00.000Z',
      stoppedAt: '2026-03-15T11:00:00.000Z',
      meterStartWh: 6_000,
      meterStopWh: 6_000,
      energyWh: 0,
      status: 'orphan',
      stopReason: 'PowerLoss',
      flags: ['orphan-stop'],
      createdAt: RECEIVED_AT.toISOString(),
    });
    expect(world.samples.get(orphanId)).toEqual(readings);
    // The orphan claims the id, so no start is ever handed it.
    expect(world.transactions.get(4242)).toEqual({ sessionId: orphanId, chargePointId: 'CP-1' });

    // The repeat finds the orphan through the id it claimed: an ended session, so nothing changes.
    expect(await stopSession(world.deps, command)).toEqual({ sessionId: orphanId, result: 'not-active' });
    expect(world.samples.get(orphanId)).toEqual(readings);
    expect(world.writes).toEqual([`createOrphanSession(${orphanId})`, `appendMeterSamples(${orphanId}, 1)`]);
    expect(world.deps.resumed).toEqual([]);
  });

  it('flags an orphan stamped in the future, and keeps the customer of its known idTag', async () => {
    const world = sessionWorld({ tokens: [token()], customers: [company()] });
    const outcome = await stopSession(
      world.deps,
      stop({ transactionId: 99, idTag: 'card-1', timestamp: '2026-03-15T13:00:00Z' }),
    );
    expect(outcome.result).toBe('orphan-recorded');
    expect(outcome.authorization).toEqual({ status: 'Accepted', reason: 'accepted' });
    expect(world.sessions.get(outcome.sessionId)).toMatchObject({
      idTag: 'card-1',
      customerId: 'cus_1',
      flags: ['orphan-stop', 'timestamp-in-future'],
    });
  });

  it('treats a stop naming another charger’s transaction id as an orphan of this charger and leaves that session alone', async () => {
    const theirs = session({ chargePointId: 'CP-2' });
    const world = sessionWorld({ sessions: [theirs] });

    const outcome = await stopSession(world.deps, stop({ chargePointId: 'CP-1', transactionId: 7 }));

    expect(outcome).toEqual({ sessionId: orphanSessionId(TENANT, 'CP-1', 7), result: 'orphan-recorded' });
    expect(world.sessions.get('ses_1')).toEqual(theirs);
    expect(world.transactions.get(7)).toEqual({ sessionId: 'ses_1', chargePointId: 'CP-2' });

    // The id still leads to the other charger's session, so only the orphan's own id tells it was recorded.
    const again = await stopSession(world.deps, stop({ chargePointId: 'CP-1', transactionId: 7 }));
    expect(again).toEqual({ sessionId: outcome.sessionId, result: 'orphan-repeated' });
    expect(world.writes).toEqual([`createOrphanSession(${outcome.sessionId})`]);
  });

  it('authorizes the idTag of the stop only when the charger names one', async () => {
    const world = sessionWorld({
      sessions: [session(), session({ id: 'ses_2', transactionId: 8, connectorId: 2 })],
      tokens: [token({ status: 'Blocked' })],
      customers: [company()],
    });
    const withTag = await stopSession(world.deps, stop({ idTag: 'CARD-1' }));
    expect(withTag.authorization).toEqual({ status: 'Blocked', reason: 'token-blocked' });
    const withoutTag = await stopSession(world.deps, stop({ transactionId: 8 }));
    expect(withoutTag).toEqual({ sessionId: 'ses_2', result: 'stopped' });
  });

  describe('meter anomalies are flagged, never refused', () => {
    it('flags a register that went down and bills no energy', async () => {
      const world = sessionWorld({ sessions: [session({ meterStartWh: 5_000 })] });
      await stopSession(world.deps, stop({ meterStopWh: 4_000 }));
      expect(world.sessions.get('ses_1')).toMatchObject({ energyWh: 0, flags: ['meter-decreased'] });
    });

    it('flags a stop stamped before its start, and one stamped in the future', async () => {
      const before = sessionWorld({ sessions: [session()] });
      await stopSession(before.deps, stop({ timestamp: '2026-03-15T09:00:00Z' }));
      expect(before.sessions.get('ses_1')?.flags).toEqual(['stop-before-start']);

      const future = sessionWorld({ sessions: [session()] });
      await stopSession(future.deps, stop({ timestamp: '2026-03-15T12:30:00Z' }));
      expect(future.sessions.get('ses_1')?.flags).toEqual(['timestamp-in-future']);
    });

    it('counts meterStart 0 after a 910 kWh register from that register, flagged once', async () => {
      const world = sessionWorld({
        sessions: [session({ meterStartWh: 0, priorRegisterWh: 910_000, flags: ['meter-start-reset'] })],
      });
      await stopSession(world.deps, stop({ meterStopWh: 915_000 }));
      expect(world.sessions.get('ses_1')).toMatchObject({ energyWh: 5_000, flags: ['meter-start-reset'] });
    });

    it('counts from 0 when the register really restarted (meterStop below the known reading)', async () => {
      const world = sessionWorld({ sessions: [session({ meterStartWh: 0, priorRegisterWh: 910_000 })] });
      await stopSession(world.deps, stop({ meterStopWh: 3_000 }));
      expect(world.sessions.get('ses_1')).toMatchObject({ energyWh: 3_000, flags: ['meter-start-reset'] });
    });

    it('takes an impossible first reading as the baseline when the connector has no history', async () => {
      const world = sessionWorld({
        sessions: [session({ meterStartWh: 0 })],
        // 500 kWh one minute after the start: no charger delivers that, so 0 was not the register.
        samples: new Map([
          ['ses_1', [sample('2026-03-15T10:00:30.000Z'), sample('2026-03-15T10:01:00.000Z', 500_000)]],
        ]),
      });
      await stopSession(world.deps, stop({ meterStopWh: 510_000 }));
      expect(world.sessions.get('ses_1')).toMatchObject({ energyWh: 10_000, flags: ['meter-start-reset'] });
    });

    it('keeps 0 as the baseline when the first reading is plausible', async () => {
      const world = sessionWorld({
        sessions: [session({ meterStartWh: 0 })],
        samples: new Map([['ses_1', [sample('2026-03-15T10:30:00.000Z', 5_000)]]]),
      });
      await stopSession(world.deps, stop({ meterStopWh: 12_000 }));
      expect(world.sessions.get('ses_1')).toMatchObject({ energyWh: 12_000, flags: [] });
    });

    it('looks at the stop’s own readings too when they are the first of the session', async () => {
      const world = sessionWorld({ sessions: [session({ meterStartWh: 0 })] });
      await stopSession(
        world.deps,
        stop({ meterStopWh: 500_500, samples: [sample('2026-03-15T10:00:40.000Z', 500_000)] }),
      );
      expect(world.sessions.get('ses_1')).toMatchObject({ energyWh: 500, flags: ['meter-start-reset'] });
    });
  });
});
