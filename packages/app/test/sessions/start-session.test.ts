import { type Reservation, startedSessionId } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { type StartCommand, startSession } from '../../src/sessions/start-session.ts';
import {
  company,
  connectorKey,
  RECEIVED_AT,
  type SessionWorldState,
  session,
  sessionWorld,
  TENANT,
  token,
} from './session-world.ts';

const start = (overrides: Partial<StartCommand> = {}): StartCommand => ({
  tenantId: TENANT,
  chargePointId: 'CP-1',
  connectorId: 1,
  idTag: 'CARD-1',
  timestamp: '2026-03-15T11:59:00Z',
  meterStartWh: 1_000,
  receivedAt: RECEIVED_AT,
  ...overrides,
});

const known = (state: SessionWorldState = {}) =>
  sessionWorld({ tokens: [token()], customers: [company()], ...state });

describe('startSession', () => {
  it('records an accepted start under the next transaction id, marks the connector busy and starts its workflow', async () => {
    const world = known({ lastTransactionId: 41 });
    const command = start();
    const sessionId = startedSessionId(TENANT, command);

    const outcome = await startSession(world.deps, command);

    expect(outcome).toEqual({
      sessionId,
      transactionId: 42,
      authorization: { status: 'Accepted', reason: 'accepted' },
      repeated: false,
    });
    expect(world.sessions.get(sessionId)).toEqual({
      id: sessionId,
      tenantId: TENANT,
      chargePointId: 'CP-1',
      connectorId: 1,
      idTag: 'CARD-1',
      customerId: 'cus_1',
      transactionId: 42,
      startedAt: '2026-03-15T11:59:00.000Z',
      meterStartWh: 1_000,
      status: 'active',
      flags: [],
      createdAt: RECEIVED_AT.toISOString(),
    });
    expect(world.connectors.get(connectorKey('CP-1', 1))).toEqual({ sessionId, lastMeterWh: 1_000 });
    expect(world.deps.started).toEqual([
      {
        workflow: 'sessionLifecycle',
        name: `${TENANT}-${sessionId}`,
        input: { tenantId: TENANT, chargePointId: 'CP-1', sessionId, startedAt: '2026-03-15T11:59:00.000Z' },
      },
    ]);
  });

  it('answers an identical retry with the same transaction id and writes nothing', async () => {
    const world = known();
    const first = await startSession(world.deps, start());
    const writes = [...world.writes];

    const retry = await startSession(world.deps, start());

    expect(retry).toEqual({ ...first, repeated: true });
    expect(world.writes).toEqual(writes);
    expect(world.sessions.size).toBe(1);
    expect(world.deps.started).toHaveLength(1);
  });

  it('gives a retry that raced the original past the retry check the original’s transaction id', async () => {
    const world = known();
    const first = await startSession(world.deps, start());
    // The eventually consistent read missed the original: createSession finds it and answers with its id.
    const { getSession } = world.deps.sessions;
    Object.assign(world.deps.sessions, {
      getSession: async (tenantId: string, id: string, consistent?: boolean) =>
        consistent === false ? undefined : getSession(tenantId, id, consistent),
    });

    const raced = await startSession(world.deps, start());

    expect(raced).toEqual({ ...first, repeated: false });
    expect(world.sessions.size).toBe(1);
    expect(world.deps.started).toHaveLength(1);
  });

  it('records a start that differs from an earlier one (here its time) as a session of its own', async () => {
    const world = known({ lastTransactionId: 1 });
    const a = await startSession(world.deps, start());
    await startSession(world.deps, start({ timestamp: '2026-03-15T11:59:01Z' }));
    expect(world.sessions.size).toBe(2);
    expect(a.transactionId).toBe(2);
  });

  it('records a start with an unknown idTag, flagged, and tells the charger Invalid', async () => {
    const world = sessionWorld();
    const outcome = await startSession(world.deps, start({ idTag: 'NOPE' }));
    expect(outcome.authorization).toEqual({ status: 'Invalid', reason: 'unknown-token' });
    const recorded = world.sessions.get(outcome.sessionId);
    expect(recorded?.flags).toEqual(['unknown-id-tag']);
    expect(recorded?.customerId).toBeUndefined();
    expect(recorded?.status).toBe('active');
  });

  it('records a start with a refused idTag, flagged not-authorized, with its customer', async () => {
    const world = known({ tokens: [token({ status: 'Blocked' })] });
    const outcome = await startSession(world.deps, start());
    expect(outcome.authorization).toEqual({ status: 'Blocked', reason: 'token-blocked' });
    expect(world.sessions.get(outcome.sessionId)).toMatchObject({
      customerId: 'cus_1',
      flags: ['not-authorized'],
    });
  });

  it('records a second start on a busy connector as a new session flagged concurrent-start', async () => {
    const world = known({
      sessions: [session()],
      connectors: new Map([[connectorKey('CP-1', 1), { sessionId: 'ses_1', lastMeterWh: 1_000 }]]),
    });
    const outcome = await startSession(world.deps, start({ meterStartWh: 1_200 }));
    expect(outcome.sessionId).not.toBe('ses_1');
    expect(world.sessions.get(outcome.sessionId)).toMatchObject({
      flags: ['concurrent-start'],
      priorRegisterWh: 1_000,
    });
  });

  it('flags a start stamped in the future, and meterStart 0 after a known register reading', async () => {
    const world = known({ connectors: new Map([[connectorKey('CP-1', 1), { lastMeterWh: 910_000 }]]) });
    const outcome = await startSession(
      world.deps,
      start({ meterStartWh: 0, timestamp: '2026-03-15T12:30:00Z' }),
    );
    expect(world.sessions.get(outcome.sessionId)).toMatchObject({
      meterStartWh: 0,
      priorRegisterWh: 910_000,
      flags: ['timestamp-in-future', 'meter-start-reset'],
    });
  });

  it('reads a start time without an offset as UTC', async () => {
    const world = known();
    const outcome = await startSession(world.deps, start({ timestamp: '2026-03-15T11:59:00' }));
    expect(world.sessions.get(outcome.sessionId)?.startedAt).toBe('2026-03-15T11:59:00.000Z');
  });

  it('never hands out a transaction id an orphan stop already claimed', async () => {
    const world = known({
      lastTransactionId: 10,
      transactions: new Map([
        [11, { sessionId: 'ses_orphan_1', chargePointId: 'CP-9' }],
        [12, { sessionId: 'ses_orphan_2', chargePointId: 'CP-9' }],
      ]),
    });
    expect((await startSession(world.deps, start())).transactionId).toBe(13);
  });

  it('gives up after a few taken ids in a row (a bug, not a busy tenant)', async () => {
    const taken = new Map(
      [11, 12, 13, 14, 15].map((id) => [id, { sessionId: `ses_o${id}`, chargePointId: 'CP-9' }] as const),
    );
    const world = known({ lastTransactionId: 10, transactions: taken });
    await expect(startSession(world.deps, start())).rejects.toThrow(
      'No free transaction id after 5 attempts',
    );
  });

  it('still answers the start when its workflow cannot be started, and logs it', async () => {
    const world = known({
      options: {
        workflows: {
          start: async () => {
            throw new Error('ExecutionLimitExceeded');
          },
        },
      },
    });
    const outcome = await startSession(world.deps, start());
    expect(world.sessions.get(outcome.sessionId)?.status).toBe('active');
    expect(world.deps.logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'Could not start the session workflow',
        fields: expect.objectContaining({ sessionId: outcome.sessionId }),
      }),
    );
  });

  it('ends the reservation the start names as used by the new session, only for this charger', async () => {
    const updates: { id: string; changes: Record<string, unknown> }[] = [];
    const reservation = (chargePointId: string): Reservation => ({
      id: `rsv_${chargePointId}`,
      tenantId: TENANT,
      reservationId: 17,
      chargePointId,
      connectorId: 1,
      idTag: 'CARD-1',
      expiresAt: '2026-03-15T13:00:00.000Z',
      status: 'Accepted',
      createdAt: '2026-03-15T11:00:00.000Z',
      updatedAt: '2026-03-15T11:00:00.000Z',
    });
    const withReservation = (chargePointId: string) =>
      known({
        options: {
          repositories: {
            reservations: {
              findReservationByNumber: async () => reservation(chargePointId),
              updateReservation: async (_tenantId, id, _from, changes) => {
                updates.push({ id, changes: { ...changes } });
                return true;
              },
            },
          },
        },
      });

    const own = withReservation('CP-1');
    const outcome = await startSession(own.deps, start({ reservationId: 17 }));
    expect(own.sessions.get(outcome.sessionId)?.reservationId).toBe(17);
    expect(updates).toEqual([
      {
        id: 'rsv_CP-1',
        changes: {
          status: 'used',
          sessionId: outcome.sessionId,
          usedAt: RECEIVED_AT.toISOString(),
          updatedAt: RECEIVED_AT.toISOString(),
        },
      },
    ]);

    await startSession(withReservation('CP-2').deps, start({ reservationId: 17 }));
    expect(updates).toHaveLength(1);
  });
});
