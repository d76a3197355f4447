import { describe, expect, it } from 'vitest';
import { type MeterValuesCommand, recordMeterValues } from '../../src/sessions/record-meter-values.ts';
import { RECEIVED_AT, sample, session, sessionWorld, TENANT } from './session-world.ts';

const values = (overrides: Partial<MeterValuesCommand> = {}): MeterValuesCommand => ({
  tenantId: TENANT,
  chargePointId: 'CP-1',
  transactionId: 7,
  samples: [sample('2026-03-15T11:55:00.000Z', 3_000), sample('2026-03-15T11:56:00.000Z', 3_200)],
  receivedAt: RECEIVED_AT,
  ...overrides,
});

describe('recordMeterValues', () => {
  it('stores the values of a running session of this charger, with no flag', async () => {
    const world = sessionWorld({ sessions: [session()] });
    const command = values();
    // No customer on the session: nothing to fund, so the funding check reads nothing.
    expect(await recordMeterValues(world.deps, command)).toEqual({
      stored: true,
      sessionId: 'ses_1',
      flagged: [],
    });
    expect(world.samples.get('ses_1')).toEqual(command.samples);
    expect(world.sessions.get('ses_1')?.flags).toEqual([]);
    expect(world.writes).toEqual(['appendMeterSamples(ses_1, 2)']);
  });

  it('keeps nothing for values without a transaction, and reads nothing', async () => {
    const world = sessionWorld({ sessions: [session()] });
    Object.assign(world.deps.sessions, {
      transactionOwner: async () => {
        throw new Error('read');
      },
    });
    expect(await recordMeterValues(world.deps, values({ transactionId: undefined }))).toEqual({
      stored: false,
      reason: 'no-transaction',
    });
    expect(world.writes).toEqual([]);
  });

  it('keeps nothing for an unknown transaction', async () => {
    const world = sessionWorld({ sessions: [session()] });
    expect(await recordMeterValues(world.deps, values({ transactionId: 999 }))).toEqual({
      stored: false,
      reason: 'unknown-transaction',
    });
    expect(world.writes).toEqual([]);
  });

  it('ignores values naming another charger’s transaction', async () => {
    const world = sessionWorld({ sessions: [session({ chargePointId: 'CP-2' })] });
    expect(await recordMeterValues(world.deps, values({ chargePointId: 'CP-1' }))).toEqual({
      stored: false,
      reason: 'unknown-transaction',
    });
    expect(world.writes).toEqual([]);
  });

  it('ignores them too when the transaction item names no charger but the session is another’s', async () => {
    const world = sessionWorld({
      sessions: [session({ chargePointId: 'CP-2' })],
      transactions: new Map([[7, { sessionId: 'ses_1' }]]),
    });
    expect((await recordMeterValues(world.deps, values())).stored).toBe(false);
    expect(world.writes).toEqual([]);
  });

  it('stores values that arrive after the stop and flags the session values-after-stop, once', async () => {
    const world = sessionWorld({
      sessions: [session({ status: 'completed', stoppedAt: '2026-03-15T11:50:00.000Z' })],
    });
    const first = await recordMeterValues(world.deps, values());
    await recordMeterValues(world.deps, values({ samples: [sample('2026-03-15T11:57:00.000Z', 3_300)] }));

    expect(first).toEqual({ stored: true, sessionId: 'ses_1', flagged: ['values-after-stop'] });
    expect(world.samples.get('ses_1')).toHaveLength(3);
    expect(world.sessions.get('ses_1')?.flags).toEqual(['values-after-stop']);
    expect(world.writes.filter((write) => write.startsWith('flagSession'))).toEqual([
      'flagSession(ses_1, values-after-stop)',
    ]);
  });

  it('flags a sample stamped beyond the tolerated clock skew in the future, and stores it', async () => {
    const world = sessionWorld({ sessions: [session()] });
    const nearFuture = await recordMeterValues(
      world.deps,
      values({ samples: [sample('2026-03-15T12:04:00.000Z', 3_000)] }),
    );
    expect(nearFuture.stored && nearFuture.flagged).toEqual([]);

    const farFuture = await recordMeterValues(
      world.deps,
      values({
        samples: [sample('2026-03-15T11:58:00.000Z', 3_100), sample('2026-03-15T12:30:00.000Z', 3_200)],
      }),
    );
    expect(farFuture).toEqual({ stored: true, sessionId: 'ses_1', flagged: ['timestamp-in-future'] });
    expect(world.sessions.get('ses_1')?.flags).toEqual(['timestamp-in-future']);
    expect(world.samples.get('ses_1')).toHaveLength(3);
  });

  it('checks the funding of a customer’s running session, and sends no stop for a card-funded one', async () => {
    const asked: string[] = [];
    const world = sessionWorld({
      sessions: [session({ customerId: 'cus_1' })],
      options: {
        repositories: {
          sessionFunding: {
            getSessionFunding: async (_tenantId, sessionId) => {
              asked.push(sessionId);
              return {
                sessionId,
                customerId: 'cus_1',
                means: 'card',
                decidedAt: '2026-03-15T10:00:00.000Z',
                status: 'open',
              };
            },
          },
        },
      },
    });
    expect((await recordMeterValues(world.deps, values())).stored).toBe(true);
    expect(asked).toEqual(['ses_1']);
    expect(world.deps.sent.frames).toEqual([]);
  });

  it('still stores the values when the funding check fails, and logs the failure', async () => {
    const world = sessionWorld({
      sessions: [session({ customerId: 'cus_1' })],
      options: {
        repositories: {
          sessionFunding: {
            getSessionFunding: async () => {
              throw new Error('throttled');
            },
          },
        },
      },
    });
    expect(await recordMeterValues(world.deps, values())).toEqual({
      stored: true,
      sessionId: 'ses_1',
      flagged: [],
    });
    expect(world.samples.get('ses_1')).toHaveLength(2);
    expect(world.deps.logged).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'Funding check failed' }),
    );
  });
});
