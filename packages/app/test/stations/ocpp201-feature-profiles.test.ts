import {
  ConflictError,
  chargerTransactionSessionId,
  type IdToken,
  type Reservation,
  type Session,
  ValidationError,
} from '@csms/core';
import type { FirmwareRequest, ReservationChanges, StoredChargingProfile } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { requestDiagnostics, requestFirmwareUpdate } from '../../src/stations/firmware/requests.ts';
import { cancelReservation } from '../../src/stations/reservations/cancel.ts';
import { reserveConnector } from '../../src/stations/reservations/reserve.ts';
import { clearChargingProfile } from '../../src/stations/smart-charging/clear-profile.ts';
import { compositeSchedule } from '../../src/stations/smart-charging/composite-schedule.ts';
import { requestChargingProfilesReport } from '../../src/stations/smart-charging/request-profiles-report.ts';
import { setChargingProfile } from '../../src/stations/smart-charging/set-profile.ts';
import { authorizationBackdrop, company } from '../sessions/session-world.ts';
import {
  type Answer,
  answering,
  chargerWorld,
  fastTimeouts,
  result,
  TENANT,
  type WorldOptions,
} from './charger-world.ts';
import { token } from './local-list-world.ts';

/**
 * Reservations, smart charging, firmware and logs on an OCPP 2.0.1 charger, through the same use cases as
 * 1.6. `callChargePoint` checks every payload against the official 2.0.1 schema before it is "sent", so a
 * wrong mapping fails here as it would on a strict charger.
 */
const now = new Date('2026-03-15T12:00:00.000Z');

interface Stores {
  readonly reservations: Map<string, Reservation>;
  readonly profiles: Map<number, StoredChargingProfile>;
  readonly firmware: FirmwareRequest[];
  readonly sessions: Map<string, Session>;
  /** Session ids by connector (EVSE), as the connector item keeps them. */
  readonly connectors: Map<number, string>;
}

function world201(
  options: WorldOptions & {
    answer?: Answer;
    tokens?: IdToken[];
    sessions?: Session[];
    reservations?: Reservation[];
    ocppVersion?: 'ocpp1.6' | 'ocpp2.0.1';
  } = {},
) {
  const stores: Stores = {
    reservations: new Map((options.reservations ?? []).map((r) => [r.id, r])),
    profiles: new Map(),
    firmware: [],
    sessions: new Map((options.sessions ?? []).map((s) => [s.id, s])),
    connectors: new Map(
      (options.sessions ?? []).filter((s) => s.status === 'active').map((s) => [s.connectorId, s.id]),
    ),
  };
  const tokens = new Map((options.tokens ?? [token('CARD-A')]).map((t) => [t.idTag, t]));
  let requestIds = 6;
  const world = chargerWorld({
    settings: { timeouts: fastTimeouts },
    chargePoints: [{ ocppVersion: options.ocppVersion ?? 'ocpp2.0.1' }],
    ...options,
    repositories: {
      reservations: {
        getReservation: async (_t, id) => stores.reservations.get(id),
        nextReservationNumber: async () => 18,
        createReservation: async (created) => void stores.reservations.set(created.id, created),
        updateReservation: async (_t, id, from, changes: ReservationChanges) => {
          const stored = stores.reservations.get(id);
          if (!stored || !from.includes(stored.status)) return false;
          stores.reservations.set(id, { ...stored, ...changes } as Reservation);
          return true;
        },
      },
      idTokens: { getIdToken: async (_t, idTag) => tokens.get(idTag) },
      customers: { getCustomer: async () => company() },
      ...authorizationBackdrop,
      chargingProfiles: {
        listChargingProfiles: async () => [...stores.profiles.values()],
        getChargingProfile: async (_t, _cp, id) => stores.profiles.get(id),
        putChargingProfile: async (_t, profile) =>
          void stores.profiles.set(profile.chargingProfileId, profile),
        deleteChargingProfile: async (_t, _cp, id) => void stores.profiles.delete(id),
      },
      sessions: {
        getSession: async (_t, id) => stores.sessions.get(id),
        connectorSessionId: async (_t, _cp, connectorId) => stores.connectors.get(connectorId),
      },
      deviceModel: { nextReportRequestId: async () => ++requestIds },
      firmware: { putFirmwareRequest: async (_t, request) => void stores.firmware.push(request) },
      ...options.repositories,
    },
  });
  return { ...world, ...stores };
}

const sent = (world: { calls: { action: string; payload: Record<string, unknown> }[] }) =>
  world.calls.map(({ action, payload }) => [action, payload]);

function session201(transactionId: string, overrides: Partial<Session> = {}): Session {
  return {
    id: chargerTransactionSessionId(TENANT, 'CP-1', transactionId),
    tenantId: TENANT,
    chargePointId: 'CP-1',
    connectorId: 2,
    transactionId,
    status: 'active',
    ...overrides,
  } as Session;
}

describe('reservations on OCPP 2.0.1', () => {
  const request = {
    chargePointId: 'CP-1',
    connectorId: 1,
    idTag: 'CARD-A',
    expiresAt: '2026-03-15T13:00:00.000Z',
  };

  it('sends ReserveNow with the RFID card as ISO14443, the EVSE and the group, and keeps the answer', async () => {
    const world = world201({
      tokens: [token('CARD-A', { groupIdTag: 'FLEET-1' })],
      answer: answering({ ReserveNow: result({ status: 'Accepted' }) }),
    });
    const reservation = await reserveConnector(world.deps, TENANT, request, now);
    expect(sent(world)).toEqual([
      [
        'ReserveNow',
        {
          id: 18,
          expiryDateTime: '2026-03-15T13:00:00.000Z',
          idToken: { idToken: 'CARD-A', type: 'ISO14443' },
          evseId: 1,
          groupIdToken: { idToken: 'FLEET-1', type: 'Central' },
        },
      ],
    ]);
    expect(reservation).toMatchObject({
      reservationId: 18,
      connectorId: 1,
      status: 'Accepted',
      chargerStatus: 'Accepted',
    });
  });

  it('names a vehicle id as Central, any EVSE as no evseId, and records a refusal as the status', async () => {
    const world = world201({
      tokens: [token('VIN-1', { type: 'VehicleId' })],
      answer: answering({ ReserveNow: result({ status: 'Occupied', statusInfo: { reasonCode: 'InUse' } }) }),
    });
    const reservation = await reserveConnector(
      world.deps,
      TENANT,
      { ...request, idTag: 'VIN-1', connectorId: 0 },
      now,
    );
    expect(sent(world)).toEqual([
      [
        'ReserveNow',
        { id: 18, expiryDateTime: request.expiresAt, idToken: { idToken: 'VIN-1', type: 'Central' } },
      ],
    ]);
    expect(reservation.status).toBe('Occupied');
  });

  it('cancels with CancelReservation by the OCPP number', async () => {
    const world = world201({
      reservations: [
        {
          id: 'rsv0001',
          tenantId: TENANT,
          reservationId: 17,
          chargePointId: 'CP-1',
          connectorId: 1,
          idTag: 'CARD-A',
          expiresAt: '2026-03-15T13:00:00.000Z',
          status: 'Accepted',
          createdAt: '2026-03-15T11:00:00.000Z',
          updatedAt: '2026-03-15T11:00:00.000Z',
        },
      ],
      answer: answering({ CancelReservation: result({ status: 'Rejected' }) }),
    });
    const cancelled = await cancelReservation(world.deps, TENANT, 'rsv0001', now);
    expect(sent(world)).toEqual([['CancelReservation', { reservationId: 17 }]]);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelStatus: 'Rejected' });
  });

  it('still sends the 1.6 ReserveNow to a 1.6 charger', async () => {
    const world = world201({
      ocppVersion: 'ocpp1.6',
      answer: answering({ ReserveNow: result({ status: 'Accepted' }) }),
    });
    await reserveConnector(world.deps, TENANT, request, now);
    expect(sent(world)).toEqual([
      ['ReserveNow', { connectorId: 1, expiryDate: request.expiresAt, idTag: 'CARD-A', reservationId: 18 }],
    ]);
  });
});

const profile = (id: number, purpose: string, extra: Record<string, unknown> = {}) =>
  ({
    chargingProfileId: id,
    stackLevel: 1,
    chargingProfilePurpose: purpose,
    chargingProfileKind: 'Absolute',
    chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] },
    ...extra,
  }) as Parameters<typeof setChargingProfile>[3]['csChargingProfiles'];

describe('smart charging on OCPP 2.0.1', () => {
  const accepting = answering({ SetChargingProfile: result({ status: 'Accepted' }) });

  it('converts the profile for the EVSE and stores it as given, with the answer', async () => {
    const world = world201({ answer: accepting });
    const stored = await setChargingProfile(world.deps, TENANT, 'CP-1', {
      connectorId: 1,
      csChargingProfiles: profile(5, 'TxDefaultProfile'),
    });
    expect(sent(world)).toEqual([
      [
        'SetChargingProfile',
        {
          evseId: 1,
          chargingProfile: {
            id: 5,
            stackLevel: 1,
            chargingProfilePurpose: 'TxDefaultProfile',
            chargingProfileKind: 'Absolute',
            chargingSchedule: [
              { id: 5, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] },
            ],
          },
        },
      ],
    ]);
    expect(stored).toMatchObject({ connectorId: 1, purpose: 'TxDefaultProfile', status: 'Accepted' });
    expect(stored.profile).toEqual(profile(5, 'TxDefaultProfile'));
    expect(world.profiles.get(5)?.status).toBe('Accepted');
  });

  it('sends a ChargePointMaxProfile as ChargingStationMaxProfile on EVSE 0', async () => {
    const world = world201({ answer: answering({ SetChargingProfile: result({ status: 'Rejected' }) }) });
    const stored = await setChargingProfile(world.deps, TENANT, 'CP-1', {
      connectorId: 0,
      csChargingProfiles: profile(6, 'ChargePointMaxProfile'),
    });
    expect(world.calls[0]?.payload).toMatchObject({
      evseId: 0,
      chargingProfile: { chargingProfilePurpose: 'ChargingStationMaxProfile' },
    });
    expect(stored).toMatchObject({ purpose: 'ChargePointMaxProfile', status: 'Rejected' });
  });

  it('gives a TxProfile the charger’s transaction id: the one named, or the one running on the EVSE', async () => {
    const world = world201({ answer: accepting, sessions: [session201('tx-abc')] });
    const named = await setChargingProfile(world.deps, TENANT, 'CP-1', {
      connectorId: 2,
      csChargingProfiles: profile(7, 'TxProfile', { transactionId: 'tx-abc' }),
    });
    const running = await setChargingProfile(world.deps, TENANT, 'CP-1', {
      connectorId: 2,
      csChargingProfiles: profile(8, 'TxProfile', { stackLevel: 2 }),
    });
    expect(world.calls.map((call) => call.payload.chargingProfile)).toEqual([
      expect.objectContaining({ id: 7, transactionId: 'tx-abc' }),
      expect.objectContaining({ id: 8, transactionId: 'tx-abc' }),
    ]);
    expect(named.transactionId).toBe('tx-abc');
    expect(running).toMatchObject({ transactionId: 'tx-abc', profile: { transactionId: 'tx-abc' } });
  });

  it('refuses a TxProfile for no running transaction of that EVSE, or named by a 1.6 integer, sending nothing', async () => {
    const world = world201({
      answer: accepting,
      sessions: [session201('tx-abc'), session201('tx-old', { status: 'completed' })],
    });
    const set = (connectorId: number, extra: Record<string, unknown>) =>
      setChargingProfile(world.deps, TENANT, 'CP-1', {
        connectorId,
        csChargingProfiles: profile(9, 'TxProfile', extra),
      }).catch((error: unknown) => error);

    const integer = await set(2, { transactionId: 4711 });
    expect(integer).toBeInstanceOf(ValidationError);
    expect((integer as ValidationError).issues[0]?.field).toBe('csChargingProfiles.transactionId');
    const otherEvse = await set(1, { transactionId: 'tx-abc' });
    expect((otherEvse as ValidationError).issues[0]?.message).toBe(
      'No transaction tx-abc on connector 1 of this charge point',
    );
    expect(await set(2, { transactionId: 'tx-old' })).toEqual(
      new ConflictError('Transaction tx-old has ended'),
    );
    expect(await set(3, {})).toBeInstanceOf(ConflictError);
    expect(world.calls).toEqual([]);
  });

  it('refuses a string transaction id for a 1.6 charger', async () => {
    const world = world201({ ocppVersion: 'ocpp1.6', answer: accepting });
    const error = await setChargingProfile(world.deps, TENANT, 'CP-1', {
      connectorId: 2,
      csChargingProfiles: profile(9, 'TxProfile', { transactionId: 'tx-abc' }),
    }).catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([
      {
        field: 'csChargingProfiles.transactionId',
        message: 'This charger speaks OCPP 1.6: its transaction ids are integers',
      },
    ]);
    expect(world.calls).toEqual([]);
  });

  it('clears by chargingProfileId', async () => {
    const world = world201({ answer: answering({ ClearChargingProfile: result({ status: 'Unknown' }) }) });
    world.profiles.set(5, {
      chargePointId: 'CP-1',
      connectorId: 1,
      chargingProfileId: 5,
      stackLevel: 1,
      purpose: 'TxDefaultProfile',
      profile: profile(5, 'TxDefaultProfile'),
      status: 'Accepted',
      setAt: now.toISOString(),
    });
    expect(await clearChargingProfile(world.deps, TENANT, 'CP-1', '5')).toEqual({
      chargingProfileId: 5,
      status: 'Unknown',
    });
    expect(sent(world)).toEqual([['ClearChargingProfile', { chargingProfileId: 5 }]]);
    expect(world.profiles.size).toBe(0);
  });

  it('asks the composite schedule of the EVSE and answers in the route’s shape', async () => {
    const world = world201({
      answer: answering({
        GetCompositeSchedule: result({
          status: 'Accepted',
          schedule: {
            evseId: 1,
            duration: 600,
            scheduleStart: '2026-03-15T12:00:00.000Z',
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 13.3 }],
          },
        }),
      }),
    });
    const answer = await compositeSchedule(world.deps, TENANT, 'CP-1', {
      connectorId: 1,
      duration: 600,
      chargingRateUnit: 'A',
    });
    expect(sent(world)).toEqual([
      ['GetCompositeSchedule', { duration: 600, evseId: 1, chargingRateUnit: 'A' }],
    ]);
    expect(answer).toEqual({
      status: 'Accepted',
      connectorId: 1,
      scheduleStart: '2026-03-15T12:00:00.000Z',
      chargingSchedule: {
        duration: 600,
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 13.3 }],
      },
    });
  });

  it('asks for a profiles report under a fresh requestId; a 1.6 charger has no such message', async () => {
    const world = world201({
      answer: answering({ GetChargingProfiles: result({ status: 'NoProfiles' }) }),
    });
    const requested = await requestChargingProfilesReport(world.deps, TENANT, 'CP-1', {
      evseId: 1,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingLimitSource: ['CSO'],
    });
    expect(requested).toEqual({ requestId: 7, status: 'NoProfiles' });
    expect(sent(world)).toEqual([
      [
        'GetChargingProfiles',
        {
          requestId: 7,
          evseId: 1,
          chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile', chargingLimitSource: ['CSO'] },
        },
      ],
    ]);
    const all = await requestChargingProfilesReport(world.deps, TENANT, 'CP-1', {});
    expect(all.requestId).toBe(8);
    expect(world.calls[1]?.payload).toEqual({ requestId: 8, chargingProfile: {} });

    const v16 = world201({ ocppVersion: 'ocpp1.6' });
    await expect(requestChargingProfilesReport(v16.deps, TENANT, 'CP-1', {})).rejects.toThrow(ConflictError);
    expect(v16.calls).toEqual([]);
  });
});

describe('firmware and logs on OCPP 2.0.1', () => {
  const update = {
    location: 'https://firmware.example/volt-3.0.bin',
    retrieveDate: '2026-03-16T02:00:00.000Z',
    installDate: '2026-03-16T03:00:00.000Z',
    signingCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    signature: 'c2lnbmF0dXJl',
    retries: 2,
    retryInterval: 300,
  };

  it('sends UpdateFirmware with a requestId and the signed-firmware fields, and keeps the request', async () => {
    const world = world201({ answer: answering({ UpdateFirmware: result({ status: 'Accepted' }) }) });
    const request = await requestFirmwareUpdate(world.deps, TENANT, 'CP-1', update);
    expect(sent(world)).toEqual([
      [
        'UpdateFirmware',
        {
          requestId: 7,
          firmware: {
            location: update.location,
            retrieveDateTime: update.retrieveDate,
            installDateTime: update.installDate,
            signingCertificate: update.signingCertificate,
            signature: update.signature,
          },
          retries: 2,
          retryInterval: 300,
        },
      ],
    ]);
    expect(request).toMatchObject({
      kind: 'firmware',
      requestId: 7,
      installDate: update.installDate,
      signed: true,
      chargerStatus: 'Accepted',
      outcome: 'sent',
    });
    expect(JSON.stringify(world.firmware)).not.toContain('BEGIN CERTIFICATE');
  });

  it('keeps a refusal as failed with the charger’s status', async () => {
    const world = world201({
      answer: answering({
        UpdateFirmware: result({ status: 'InvalidCertificate', statusInfo: { reasonCode: 'Expired' } }),
      }),
    });
    const request = await requestFirmwareUpdate(world.deps, TENANT, 'CP-1', {
      location: update.location,
      retrieveDate: update.retrieveDate,
    });
    expect(world.calls[0]?.payload).toEqual({
      requestId: 7,
      firmware: { location: update.location, retrieveDateTime: update.retrieveDate },
    });
    expect(request).toMatchObject({
      outcome: 'failed',
      chargerStatus: 'InvalidCertificate',
      error: 'The charger answered InvalidCertificate (Expired)',
    });
    expect(request.signed).toBeUndefined();
    expect(world.firmware).toEqual([request]);
  });

  it('refuses the 2.0.1-only fields for a 1.6 charger before recording or sending anything', async () => {
    const world = world201({ ocppVersion: 'ocpp1.6' });
    const error = await requestFirmwareUpdate(world.deps, TENANT, 'CP-1', update).catch((e: unknown) => e);
    expect((error as ValidationError).issues.map((issue) => issue.field)).toEqual([
      'installDate',
      'signingCertificate',
      'signature',
    ]);
    const log = await requestDiagnostics(world.deps, TENANT, 'CP-1', {
      location: 'ftp://logs.example/',
      logType: 'SecurityLog',
    }).catch((e: unknown) => e);
    expect((log as ValidationError).issues[0]?.field).toBe('logType');
    expect(world.calls).toEqual([]);
    expect(world.firmware).toEqual([]);
  });

  it('maps a diagnostics request to GetLog (DiagnosticsLog by default) and keeps the file name', async () => {
    const world = world201({
      answer: answering({ GetLog: result({ status: 'Accepted', filename: 'diag-CP-1.tgz' }) }),
    });
    const request = await requestDiagnostics(world.deps, TENANT, 'CP-1', {
      location: 'ftp://logs.example/upload/',
      startTime: '2026-03-01T00:00:00.000Z',
      stopTime: '2026-03-02T00:00:00.000Z',
      retries: 1,
    });
    expect(sent(world)).toEqual([
      [
        'GetLog',
        {
          logType: 'DiagnosticsLog',
          requestId: 7,
          log: {
            remoteLocation: 'ftp://logs.example/upload/',
            oldestTimestamp: '2026-03-01T00:00:00.000Z',
            latestTimestamp: '2026-03-02T00:00:00.000Z',
          },
          retries: 1,
        },
      ],
    ]);
    expect(request).toMatchObject({
      kind: 'diagnostics',
      requestId: 7,
      logType: 'DiagnosticsLog',
      fileName: 'diag-CP-1.tgz',
      outcome: 'sent',
      chargerStatus: 'Accepted',
    });
  });

  it('asks for the security log when told, and records silence as failed with the log type', async () => {
    const world = world201();
    await expect(
      requestDiagnostics(world.deps, TENANT, 'CP-1', {
        location: 'ftp://logs.example/',
        logType: 'SecurityLog',
      }),
    ).rejects.toThrow('did not answer');
    expect(world.calls[0]?.payload).toMatchObject({ logType: 'SecurityLog', requestId: 7 });
    expect(world.firmware).toEqual([
      expect.objectContaining({
        kind: 'diagnostics',
        logType: 'SecurityLog',
        requestId: 7,
        outcome: 'failed',
      }),
    ]);
  });
});
