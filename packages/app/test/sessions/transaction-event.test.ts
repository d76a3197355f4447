import { chargerTransactionSessionId, type SessionMeterValue } from '@csms/core';
import type { RemoteStart } from '@csms/db';
import { describe, expect, it } from 'vitest';
import {
  recordTransactionEvent,
  type TransactionEventCommand,
} from '../../src/sessions/transaction-event.ts';
import { company, connectorKey, RECEIVED_AT, sessionWorld, TENANT, token } from './session-world.ts';

const TX = 'b7e1c0de-0001';
const SESSION = chargerTransactionSessionId(TENANT, 'CP-1', TX);

const reading = (timestamp: string, energyWh: number, context?: string): SessionMeterValue => ({
  timestamp,
  energyWh,
  ...(context ? { context } : {}),
  source: 'TransactionEvent',
  sampledValues: [{ value: energyWh, ...(context ? { context } : {}) }],
});

const event = (overrides: Partial<TransactionEventCommand> = {}): TransactionEventCommand => ({
  tenantId: TENANT,
  chargePointId: 'CP-1',
  eventType: 'Started',
  seqNo: 0,
  timestamp: '2026-03-15T10:00:00Z',
  transactionId: TX,
  evseId: 1,
  idToken: 'CARD-1',
  samples: [reading('2026-03-15T10:00:00.000Z', 1_000, 'Transaction.Begin')],
  receivedAt: RECEIVED_AT,
  ...overrides,
});

const updated = (seqNo: number, overrides: Partial<TransactionEventCommand> = {}) =>
  event({ eventType: 'Updated', seqNo, idToken: undefined, samples: [], ...overrides });

const ended = (seqNo: number, overrides: Partial<TransactionEventCommand> = {}) =>
  event({
    eventType: 'Ended',
    seqNo,
    timestamp: '2026-03-15T11:00:00Z',
    idToken: undefined,
    stoppedReason: 'EVDisconnected',
    samples: [reading('2026-03-15T11:00:00.000Z', 6_000, 'Transaction.End')],
    ...overrides,
  });

function world(remoteStarts: readonly RemoteStart[] = []) {
  const statuses: { sessionId: string; at: string; status: string }[] = [];
  const w = sessionWorld({
    tokens: [token()],
    customers: [company()],
    options: {
      repositories: {
        sessionStatuses: {
          recordSessionStatus: async (_tenantId, sessionId, change) => {
            statuses.push({ sessionId, ...change });
          },
          sessionStatusesOf: async () => [],
        },
        remoteStarts: {
          findRemoteStart: async (_tenantId, chargePointId, id) =>
            remoteStarts.find((s) => s.chargePointId === chargePointId && s.remoteStartId === id),
        },
        // No tariff applies: the cost is then absent (pricing has tests of its own).
        chargePoints: {
          getChargePoint: async (_tenantId, id) => ({ chargePoint: { id } as never, connectors: [] }),
        },
        tariffAssignments: { assignmentsOfScopes: async () => [] },
      },
    },
  });
  return { ...w, statuses };
}

describe('recordTransactionEvent (OCPP 2.0.1)', () => {
  it('opens the session on Started: the charger’s transaction id, the EVSE, the begin reading and the driver', async () => {
    const w = world();

    const outcome = await recordTransactionEvent(w.deps, event());

    expect(outcome).toEqual({
      sessionId: SESSION,
      authorization: { status: 'Accepted', reason: 'accepted' },
      ended: false,
    });
    expect(w.sessions.get(SESSION)).toMatchObject({
      transactionId: TX,
      chargePointId: 'CP-1',
      connectorId: 1,
      idTag: 'CARD-1',
      customerId: 'cus_1',
      startedAt: '2026-03-15T10:00:00.000Z',
      meterStartWh: 1_000,
      status: 'active',
      flags: [],
    });
    expect(w.connectors.get(connectorKey('CP-1', 1))).toEqual({ sessionId: SESSION, lastMeterWh: 1_000 });
    expect(w.deps.started).toHaveLength(1);
  });

  it('a repeated Started changes nothing: one session, one workflow, one copy of each reading', async () => {
    const w = world();
    await recordTransactionEvent(w.deps, event());
    await recordTransactionEvent(w.deps, event());

    expect([...w.sessions.keys()]).toEqual([SESSION]);
    expect(w.deps.started).toHaveLength(1);
    expect(w.writes.filter((write) => write.startsWith('createChargerTransactionSession'))).toHaveLength(1);
  });

  it('ends the session with the energy between the begin and end readings and the charger’s reason', async () => {
    const w = world();
    await recordTransactionEvent(w.deps, event());
    await recordTransactionEvent(w.deps, updated(1, { chargingState: 'Charging' }));

    const outcome = await recordTransactionEvent(w.deps, ended(2));

    expect(outcome).toMatchObject({ sessionId: SESSION, ended: true });
    expect(w.sessions.get(SESSION)).toMatchObject({
      status: 'completed',
      stoppedAt: '2026-03-15T11:00:00.000Z',
      meterStopWh: 6_000,
      energyWh: 5_000,
      stopReason: 'EVDisconnected',
    });
    expect(w.statuses).toEqual([{ sessionId: SESSION, at: '2026-03-15T10:00:00.000Z', status: 'Charging' }]);
    expect(w.connectors.get(connectorKey('CP-1', 1))).toEqual({ lastMeterWh: 6_000 });
  });

  it('a repeated Ended does not end the session again', async () => {
    const w = world();
    await recordTransactionEvent(w.deps, event());
    await recordTransactionEvent(w.deps, ended(1));

    const again = await recordTransactionEvent(w.deps, ended(1));

    expect(again.ended).toBe(false);
    expect(w.writes.filter((write) => write.startsWith('completeSession'))).toHaveLength(1);
  });

  it('an Ended whose Started was lost still records the whole session from its begin and end readings', async () => {
    const w = world();

    const outcome = await recordTransactionEvent(
      w.deps,
      ended(3, {
        samples: [
          reading('2026-03-15T10:05:00.000Z', 2_000, 'Transaction.Begin'),
          reading('2026-03-15T11:00:00.000Z', 9_000, 'Transaction.End'),
        ],
      }),
    );

    expect(outcome.ended).toBe(true);
    expect(w.sessions.get(SESSION)).toMatchObject({
      startedAt: '2026-03-15T10:05:00.000Z',
      meterStartWh: 2_000,
      energyWh: 7_000,
      status: 'completed',
    });
    expect(w.deps.started).toHaveLength(1);
  });

  it('an Updated arriving after Ended only adds its readings, flagged when they postdate the stop', async () => {
    const w = world();
    await recordTransactionEvent(w.deps, event());
    await recordTransactionEvent(w.deps, ended(2));

    await recordTransactionEvent(
      w.deps,
      updated(1, { samples: [reading('2026-03-15T10:30:00.000Z', 3_000)] }),
    );
    expect(w.sessions.get(SESSION)?.flags).toEqual([]);
    await recordTransactionEvent(
      w.deps,
      updated(3, { samples: [reading('2026-03-15T11:30:00.000Z', 6_100)] }),
    );

    expect(w.sessions.get(SESSION)).toMatchObject({ status: 'completed', energyWh: 5_000 });
    expect(w.sessions.get(SESSION)?.flags).toEqual(['values-after-stop']);
    expect(w.samples.get(SESSION)).toHaveLength(4);
  });

  it('an Updated that opened the session before its Started: the Started moves the start back', async () => {
    const w = world();
    await recordTransactionEvent(
      w.deps,
      updated(1, {
        timestamp: '2026-03-15T10:30:00Z',
        samples: [reading('2026-03-15T10:30:00.000Z', 3_000)],
      }),
    );
    expect(w.sessions.get(SESSION)).toMatchObject({ startedAt: '2026-03-15T10:30:00.000Z', meterStartWh: 0 });

    await recordTransactionEvent(w.deps, event());
    await recordTransactionEvent(w.deps, ended(2));

    expect(w.sessions.get(SESSION)).toMatchObject({
      startedAt: '2026-03-15T10:00:00.000Z',
      meterStartWh: 1_000,
      energyWh: 5_000,
    });
    expect(w.deps.started).toHaveLength(1);
  });

  it('a driver identified only in a later Updated is attached to the session that started without one', async () => {
    const w = world();
    await recordTransactionEvent(w.deps, event({ idToken: undefined }));
    expect(w.sessions.get(SESSION)).toMatchObject({ idTag: '' });

    const outcome = await recordTransactionEvent(w.deps, updated(1, { idToken: 'CARD-1' }));

    expect(outcome.authorization).toEqual({ status: 'Accepted', reason: 'accepted' });
    expect(w.sessions.get(SESSION)).toMatchObject({ idTag: 'CARD-1', customerId: 'cus_1' });
    // A different token later does not rewrite who charged.
    await recordTransactionEvent(w.deps, updated(2, { idToken: 'OTHER' }));
    expect(w.sessions.get(SESSION)).toMatchObject({ idTag: 'CARD-1', customerId: 'cus_1' });
  });

  it('links a Started without idToken to the driver its remote start was sent for, without telling the charger', async () => {
    const w = world([
      {
        tenantId: TENANT,
        chargePointId: 'CP-1',
        remoteStartId: 17,
        idTag: 'CARD-1',
        customerId: 'cus_1',
        requestedAt: '2026-03-15T09:59:00.000Z',
      },
    ]);

    const outcome = await recordTransactionEvent(w.deps, event({ idToken: undefined, remoteStartId: 17 }));

    expect(outcome.authorization).toBeUndefined();
    expect(w.sessions.get(SESSION)).toMatchObject({ idTag: 'CARD-1', customerId: 'cus_1' });
  });

  it('records a session for a token nobody issued (the charger decided), flagged, and says Invalid/unknown', async () => {
    const w = world();

    const outcome = await recordTransactionEvent(w.deps, event({ idToken: 'STRANGER' }));

    expect(outcome.authorization).toEqual({ status: 'Invalid', reason: 'unknown-token' });
    expect(w.sessions.get(SESSION)).toMatchObject({ idTag: 'STRANGER', flags: ['unknown-id-tag'] });
    expect(w.sessions.get(SESSION)?.customerId).toBeUndefined();
  });

  it('two transactions of one charger on two EVSEs are two sessions', async () => {
    const w = world();
    await recordTransactionEvent(w.deps, event());
    await recordTransactionEvent(w.deps, event({ transactionId: 'other-tx', evseId: 2 }));

    const other = chargerTransactionSessionId(TENANT, 'CP-1', 'other-tx');
    expect(w.sessions.get(other)).toMatchObject({ connectorId: 2, transactionId: 'other-tx', flags: [] });
    expect(w.connectors.get(connectorKey('CP-1', 2))?.sessionId).toBe(other);
    expect(w.connectors.get(connectorKey('CP-1', 1))?.sessionId).toBe(SESSION);
  });
});
