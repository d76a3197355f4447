import type { AvailabilityIntent } from '@csms/db';
import { describe, expect, it, vi } from 'vitest';
import {
  reapplyAvailabilityAtBoot,
  requestAvailabilityForMaintenance,
} from '../../src/stations/charge-point-availability.ts';
import { chargerLiveness } from '../../src/stations/charger-liveness.ts';
import { fakeDeps } from '../support/fake-deps.ts';
import { answering, chargerWorld, fastTimeouts, result, TENANT, type WorldOptions } from './charger-world.ts';

describe('chargerLiveness', () => {
  const now = new Date('2026-03-15T12:00:00Z');
  const seenAgo = (seconds: number) =>
    fakeDeps({
      chargers: {
        describe: async () => ({
          connectedAt: new Date('2026-03-15T08:00:00Z'),
          lastActiveAt: new Date(now.getTime() - seconds * 1000),
        }),
      },
    });

  it('is online while the charger spoke within twice its heartbeat interval', async () => {
    const liveness = await chargerLiveness(seenAgo(599), 'conn-1', 300, now);
    expect(liveness).toEqual({ connected: true, lastActiveAt: new Date('2026-03-15T11:50:01Z') });
    expect((await chargerLiveness(seenAgo(600), 'conn-1', 300, now)).connected).toBe(true);
  });

  it('is offline once silent for more than twice the heartbeat interval, although the socket lingers', async () => {
    const liveness = await chargerLiveness(seenAgo(601), 'conn-1', 300, now);
    expect(liveness).toEqual({ connected: false, lastActiveAt: new Date('2026-03-15T11:49:59Z') });
  });

  it('is offline when the gateway no longer knows the connection, or there is none', async () => {
    const asked: string[] = [];
    const deps = fakeDeps({
      chargers: {
        describe: async (connectionId) => {
          asked.push(connectionId);
          return undefined;
        },
      },
    });
    expect(await chargerLiveness(deps, 'conn-gone', 300, now)).toEqual({ connected: false });
    expect(await chargerLiveness(deps, undefined, 300, now)).toEqual({ connected: false });
    expect(asked).toEqual(['conn-gone']);
  });

  it('counts from the connection time when the gateway reports no activity yet', async () => {
    const connectedAt = new Date('2026-03-15T11:00:00Z');
    const deps = fakeDeps({ chargers: { describe: async () => ({ connectedAt }) } });
    expect(await chargerLiveness(deps, 'conn-1', 300, now)).toEqual({
      connected: false,
      lastActiveAt: connectedAt,
    });
    expect(await chargerLiveness(deps, 'conn-1', 3600, now)).toEqual({
      connected: true,
      lastActiveAt: connectedAt,
    });
  });
});

/** The availability wish of each charger in a Map, with every attempt recorded on it. */
function availabilityWorld(options: WorldOptions & { intent?: AvailabilityIntent } = {}) {
  const intents = new Map<string, AvailabilityIntent>();
  if (options.intent) intents.set('CP-1', options.intent);
  const world = chargerWorld({
    settings: { timeouts: fastTimeouts },
    ...options,
    repositories: {
      availability: {
        saveAvailabilityIntent: async (_tenantId, chargePointId, intent) =>
          void intents.set(chargePointId, intent),
        getAvailabilityIntent: async (_tenantId, chargePointId) => intents.get(chargePointId),
        recordAvailabilityAttempt: async (_tenantId, chargePointId, requestedAt, outcome) => {
          const intent = intents.get(chargePointId);
          if (intent?.requestedAt !== requestedAt) return false;
          intents.set(chargePointId, {
            ...intent,
            state: outcome.state,
            lastAttemptAt: outcome.at,
            ...(outcome.lastError === undefined ? {} : { lastError: outcome.lastError }),
            ...(outcome.answeredAt === undefined ? {} : { answeredAt: outcome.answeredAt }),
          });
          return true;
        },
      },
      ...options.repositories,
    },
  });
  return { ...world, intents };
}

describe('availability for maintenance (S1)', () => {
  it('tells a connected 1.6 charger ChangeAvailability Inoperative on connector 0 and records its answer', async () => {
    const world = availabilityWorld({
      answer: answering({ ChangeAvailability: result({ status: 'Accepted' }) }),
    });
    const outcome = await requestAvailabilityForMaintenance(world.deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      maintenance: true,
      connectionId: 'conn-CP-1',
    });
    expect(outcome).toBe('Accepted');
    expect(world.calls.map(({ action, payload }) => ({ action, payload }))).toEqual([
      { action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Inoperative' } },
    ]);
    expect(world.intents.get('CP-1')).toMatchObject({ type: 'Inoperative', state: 'Accepted' });
    expect(world.intents.get('CP-1')?.answeredAt).toEqual(expect.any(String));
  });

  it('uses operationalStatus for an OCPP 2.0.1 charger', async () => {
    const world = availabilityWorld({
      chargePoints: [{ ocppVersion: 'ocpp2.0.1' }],
      answer: answering({ ChangeAvailability: result({ status: 'Scheduled' }) }),
    });
    const outcome = await requestAvailabilityForMaintenance(world.deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      maintenance: false,
      connectionId: 'conn-CP-1',
    });
    expect(outcome).toBe('Scheduled');
    expect(world.calls[0]?.payload).toEqual({ operationalStatus: 'Operative' });
    expect(world.intents.get('CP-1')?.state).toBe('Scheduled');
  });

  it('only stores the wish for an offline charger: deferred to its next boot, nothing sent', async () => {
    const world = availabilityWorld({ chargePoints: [{ connectionId: undefined }] });
    const outcome = await requestAvailabilityForMaintenance(world.deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      maintenance: true,
      connectionId: undefined,
    });
    expect(outcome).toBe('deferred');
    expect(world.deps.sent.frames).toEqual([]);
    expect(world.intents.get('CP-1')).toMatchObject({ type: 'Inoperative', state: 'pending' });
  });

  it('keeps the wish pending with the reason when the charger is silent or answers a CALLERROR', async () => {
    const silent = availabilityWorld();
    const change = { tenantId: TENANT, chargePointId: 'CP-1', maintenance: true, connectionId: 'conn-CP-1' };
    expect(await requestAvailabilityForMaintenance(silent.deps, change)).toBe('deferred');
    expect(silent.intents.get('CP-1')).toMatchObject({ state: 'pending', lastError: 'no answer in time' });
    expect(silent.slots.size).toBe(0);

    const refusing = availabilityWorld({
      answer: answering({
        ChangeAvailability: { kind: 'error', code: 'InternalError', description: 'busy', details: {} },
      }),
    });
    expect(await requestAvailabilityForMaintenance(refusing.deps, change)).toBe('deferred');
    expect(refusing.intents.get('CP-1')).toMatchObject({
      state: 'pending',
      lastError: 'CALLERROR InternalError',
    });
  });

  it('tells a booting charger a wish it has not accepted, and leaves an accepted one alone', async () => {
    const pending: AvailabilityIntent = {
      type: 'Inoperative',
      requestedAt: '2026-03-15T11:00:00.000Z',
      state: 'pending',
    };
    const world = availabilityWorld({
      intent: pending,
      answer: answering({ ChangeAvailability: result({ status: 'Accepted' }) }),
    });
    expect(await reapplyAvailabilityAtBoot(world.deps, TENANT, 'CP-1', 'ocpp1.6')).toBe('Accepted');
    expect(world.calls.map((call) => call.payload)).toEqual([{ connectorId: 0, type: 'Inoperative' }]);
    expect(world.intents.get('CP-1')?.state).toBe('Accepted');

    // Accepted now: the next boot sends nothing.
    expect(await reapplyAvailabilityAtBoot(world.deps, TENANT, 'CP-1', 'ocpp1.6')).toBeUndefined();
    expect(world.calls).toHaveLength(1);
  });

  it('never fails a boot, even when storage fails', async () => {
    const world = availabilityWorld({
      repositories: {
        availability: {
          getAvailabilityIntent: async () => {
            throw new Error('DynamoDB down');
          },
        },
      },
    });
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await reapplyAvailabilityAtBoot(world.deps, TENANT, 'CP-1', 'ocpp1.6')).toBeUndefined();
      expect(printed).toHaveBeenCalledTimes(1);
      expect(String(printed.mock.calls[0]?.[0])).toContain('DynamoDB down');
    } finally {
      printed.mockRestore();
    }
    expect(world.calls).toEqual([]);
  });
});
