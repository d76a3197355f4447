import { ConflictError, NotFoundError, type Reservation, type Session, ValidationError } from '@csms/core';
import type { ReservationChanges } from '@csms/db';
import { describe, expect, it, vi } from 'vitest';
import { remoteStart } from '../../src/stations/remote-control/remote-start.ts';
import { remoteStop } from '../../src/stations/remote-control/remote-stop.ts';
import { cancelReservation } from '../../src/stations/reservations/cancel.ts';
import { markReservationUsed } from '../../src/stations/reservations/mark-used.ts';
import { reserveConnector } from '../../src/stations/reservations/reserve.ts';
import { answering, chargerWorld, fastTimeouts, result, TENANT, type WorldOptions } from './charger-world.ts';
import { token } from './local-list-world.ts';

const now = new Date('2026-03-15T12:00:00.000Z');

function reservation(overrides: Partial<Reservation> = {}): Reservation {
  return {
    id: 'rsv0001',
    tenantId: TENANT,
    reservationId: 17,
    chargePointId: 'CP-1',
    connectorId: 1,
    idTag: 'CARD-A',
    customerId: 'cus_1',
    expiresAt: '2026-03-15T13:00:00.000Z',
    status: 'Accepted',
    createdAt: '2026-03-15T11:00:00.000Z',
    updatedAt: '2026-03-15T11:00:00.000Z',
    ...overrides,
  };
}

/** Reservations in a Map; an update applies only from the statuses it names, as the conditional write does. */
function reservationWorld(options: WorldOptions & { reservations?: Reservation[] } = {}) {
  const reservations = new Map<string, Reservation>();
  for (const stored of options.reservations ?? []) reservations.set(stored.id, stored);
  const world = chargerWorld({
    settings: { timeouts: fastTimeouts },
    ...options,
    repositories: {
      reservations: {
        getReservation: async (tenantId, id) => (tenantId === TENANT ? reservations.get(id) : undefined),
        findReservationByNumber: async (_tenantId, number) =>
          [...reservations.values()].find((stored) => stored.reservationId === number),
        updateReservation: async (_tenantId, id, from, changes: ReservationChanges) => {
          const stored = reservations.get(id);
          if (!stored || !from.includes(stored.status)) return false;
          reservations.set(id, { ...stored, ...changes } as Reservation);
          return true;
        },
        nextReservationNumber: async () => 18,
        createReservation: async (created) => void reservations.set(created.id, created),
      },
      ...options.repositories,
    },
  });
  return { ...world, reservations };
}

describe('cancelReservation', () => {
  it('sends CancelReservation with the OCPP number and records the charger’s answer', async () => {
    const world = reservationWorld({
      reservations: [reservation()],
      answer: answering({ CancelReservation: result({ status: 'Accepted' }) }),
    });
    const cancelled = await cancelReservation(world.deps, TENANT, 'rsv0001', now);
    expect(world.calls.map(({ action, payload }) => [action, payload])).toEqual([
      ['CancelReservation', { reservationId: 17 }],
    ]);
    expect(cancelled).toMatchObject({ id: 'rsv0001', status: 'cancelled', cancelStatus: 'Accepted' });
    expect(cancelled.cancelledAt).toEqual(expect.any(String));
  });

  it('reads as cancelled even when the charger no longer holds it (Rejected)', async () => {
    const world = reservationWorld({
      reservations: [reservation({ status: 'failed' })],
      answer: answering({ CancelReservation: result({ status: 'Rejected' }) }),
    });
    const cancelled = await cancelReservation(world.deps, TENANT, 'rsv0001', now);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelStatus: 'Rejected' });
  });

  it('refuses a reservation that expired, was used, or belongs to nobody here, asking no charger', async () => {
    const world = reservationWorld({
      reservations: [
        reservation({ id: 'rsvold', expiresAt: '2026-03-15T11:59:00.000Z' }),
        reservation({ id: 'rsvused', status: 'used' }),
      ],
    });
    await expect(cancelReservation(world.deps, TENANT, 'rsvold', now)).rejects.toThrow(
      'Reservation rsvold is expired: nothing to cancel',
    );
    await expect(cancelReservation(world.deps, TENANT, 'rsvused', now)).rejects.toThrow(ConflictError);
    await expect(cancelReservation(world.deps, TENANT, 'rsvmissing', now)).rejects.toThrow(NotFoundError);
    await expect(cancelReservation(world.deps, TENANT, 'RSV-../x', now)).rejects.toThrow(NotFoundError);
    expect(world.calls).toEqual([]);
  });
});

describe('markReservationUsed', () => {
  it('ends a held reservation of the same charger as used, with its session', async () => {
    const world = reservationWorld({ reservations: [reservation({ status: 'pending' })] });
    const at = new Date('2026-03-15T12:30:00.000Z');
    await markReservationUsed(world.deps, TENANT, 'CP-1', 17, 'ses_9', at);
    expect(world.reservations.get('rsv0001')).toMatchObject({
      status: 'used',
      sessionId: 'ses_9',
      usedAt: at.toISOString(),
    });
  });

  it('ignores the number of another charger’s reservation, and never throws', async () => {
    const world = reservationWorld({ reservations: [reservation()] });
    await markReservationUsed(world.deps, TENANT, 'CP-2', 17, 'ses_9', now);
    expect(world.reservations.get('rsv0001')?.status).toBe('Accepted');

    const broken = reservationWorld({
      repositories: {
        reservations: {
          findReservationByNumber: async () => {
            throw new Error('DynamoDB down');
          },
        },
      },
    });
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(
        markReservationUsed(broken.deps, TENANT, 'CP-1', 17, 'ses_9', now),
      ).resolves.toBeUndefined();
      expect(printed).toHaveBeenCalledTimes(1);
    } finally {
      printed.mockRestore();
    }
  });
});

describe('reserveConnector refusals', () => {
  const request = {
    chargePointId: 'CP-1',
    connectorId: 1,
    idTag: 'CARD-A',
    expiresAt: '2026-03-15T13:00:00.000Z',
  };

  it('refuses an expiry in the past, an unknown charger, and a charger in maintenance, writing nothing', async () => {
    const world = reservationWorld({ chargePoints: [{}, { id: 'CP-M', maintenance: true }] });
    const past = await reserveConnector(
      world.deps,
      TENANT,
      { ...request, expiresAt: now.toISOString() },
      now,
    ).catch((error: unknown) => error);
    expect(past).toBeInstanceOf(ValidationError);
    expect((past as ValidationError).issues).toEqual([
      { field: 'expiresAt', message: 'Must be in the future' },
    ]);

    const unknown = await reserveConnector(
      world.deps,
      TENANT,
      { ...request, chargePointId: 'CP-X' },
      now,
    ).catch((error: unknown) => error);
    expect((unknown as ValidationError).issues).toEqual([
      { field: 'chargePointId', message: 'No such charge point in this tenant' },
    ]);

    await expect(
      reserveConnector(world.deps, TENANT, { ...request, chargePointId: 'CP-M' }, now),
    ).rejects.toThrow('Charge point CP-M is in maintenance');
    expect(world.reservations.size).toBe(0);
    expect(world.calls).toEqual([]);
  });

  it('refuses an idTag that may not charge (I4) before holding a connector', async () => {
    const world = reservationWorld({
      repositories: {
        idTokens: {
          getIdToken: async (_tenantId, idTag) =>
            idTag === 'CARD-LOST' ? token('CARD-LOST', { status: 'Blocked' }) : undefined,
        },
        customers: {
          getCustomer: async () => ({ id: 'cus_1', status: 'active', outstandingDebt: 0 }) as never,
        },
        terms: { listAllTermsDocuments: async () => [] },
      },
    });
    const unknown = await reserveConnector(world.deps, TENANT, { ...request, idTag: 'NOPE' }, now).catch(
      (error: unknown) => error,
    );
    expect((unknown as ValidationError).issues).toEqual([
      { field: 'idTag', message: 'No such ID token in this tenant' },
    ]);
    await expect(
      reserveConnector(world.deps, TENANT, { ...request, idTag: 'CARD-LOST' }, now),
    ).rejects.toThrow('ID token CARD-LOST may not charge: Blocked (token-blocked)');
    expect(world.reservations.size).toBe(0);
    expect(world.calls).toEqual([]);
  });
});

describe('remote control', () => {
  const session = {
    id: 'ses_1',
    tenantId: TENANT,
    chargePointId: 'CP-1',
    transactionId: 4711,
    status: 'active',
  } as Session;

  it('stops a session by asking its charger RemoteStopTransaction with the OCPP transaction id', async () => {
    const world = chargerWorld({
      repositories: {
        sessions: { getSession: async (_tenantId, id) => (id === 'ses_1' ? session : undefined) },
      },
      answer: answering({ RemoteStopTransaction: result({ status: 'Accepted' }) }),
    });
    expect(await remoteStop(world.deps, TENANT, 'ses_1')).toEqual({
      status: 'Accepted',
      sessionId: 'ses_1',
      chargePointId: 'CP-1',
      transactionId: 4711,
    });
    expect(world.calls.map(({ action, payload }) => [action, payload])).toEqual([
      ['RemoteStopTransaction', { transactionId: 4711 }],
    ]);
  });

  it('refuses to stop an unknown or finished session, asking no charger', async () => {
    const world = chargerWorld({
      repositories: {
        sessions: {
          getSession: async (_tenantId, id) =>
            id === 'ses_done' ? ({ ...session, status: 'completed' } as Session) : undefined,
        },
      },
    });
    await expect(remoteStop(world.deps, TENANT, 'ses_x')).rejects.toThrow(NotFoundError);
    await expect(remoteStop(world.deps, TENANT, '../../etc')).rejects.toThrow(NotFoundError);
    await expect(remoteStop(world.deps, TENANT, 'ses_done')).rejects.toThrow('Session ses_1 is completed');
    expect(world.calls).toEqual([]);
  });

  it('refuses a remote start on a charger in maintenance or offline, before any lookup of the idTag', async () => {
    const world = chargerWorld({
      chargePoints: [{ maintenance: true }, { id: 'CP-2', connectionId: undefined }],
    });
    await expect(remoteStart(world.deps, TENANT, 'CP-1', { idTag: 'CARD-A' }, now)).rejects.toThrow(
      'Charge point CP-1 is in maintenance',
    );
    await expect(remoteStart(world.deps, TENANT, 'CP-2', { idTag: 'CARD-A' }, now)).rejects.toThrow(
      'Charge point CP-2 is not connected',
    );
    await expect(remoteStart(world.deps, TENANT, 'CP-9', { idTag: 'CARD-A' }, now)).rejects.toThrow(
      NotFoundError,
    );
    expect(world.calls).toEqual([]);
  });
});
