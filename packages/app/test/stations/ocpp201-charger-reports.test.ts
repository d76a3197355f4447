import { NotFoundError, type Reservation, type ReservationStatus } from '@csms/core';
import type {
  ChargePointWithConnectors,
  EvChargingNeeds,
  EvChargingSchedule,
  ExternalChargingLimit,
  FirmwareProgress,
  ReservationChanges,
  SecurityEvent,
} from '@csms/db';
import { describe, expect, it } from 'vitest';
import { receiveDataTransfer } from '../../src/stations/data-transfer.ts';
import { recordLogStatusReport } from '../../src/stations/firmware/log-status.ts';
import { recordFirmwareStatusReport } from '../../src/stations/firmware/status-report.ts';
import { endReservationByCharger } from '../../src/stations/reservations/charger-update.ts';
import { refuseEvCertificate } from '../../src/stations/security/certificates.ts';
import { listSecurityEvents, recordSecurityEvent } from '../../src/stations/security/security-events.ts';
import { readChargingReports } from '../../src/stations/smart-charging/charging-reports.ts';
import {
  receiveEvChargingNeeds,
  recordEvChargingSchedule,
} from '../../src/stations/smart-charging/ev-charging.ts';
import {
  clearExternalLimit,
  recordExternalLimit,
} from '../../src/stations/smart-charging/external-limits.ts';
import { fakeDeps } from '../support/fake-deps.ts';
import { chargePoint, TENANT } from './charger-world.ts';

const RECEIVED_AT = new Date('2026-03-15T12:00:00.000Z');
const charger = { tenantId: TENANT, chargePointId: 'CP-1', receivedAt: RECEIVED_AT };
const known: ChargePointWithConnectors = {
  chargePoint: chargePoint({ ocppVersion: 'ocpp2.0.1' }),
  connectors: [],
};
const getChargePoint = async (_tenantId: string, id: string) => (id === 'CP-1' ? known : undefined);

describe('recordSecurityEvent', () => {
  it("keeps the event in the charger's log by the charger's time in UTC, and logs it", async () => {
    const stored: { tenantId: string; event: SecurityEvent }[] = [];
    const deps = fakeDeps({
      repositories: {
        securityEvents: {
          recordSecurityEvent: async (tenantId, event) => void stored.push({ tenantId, event }),
        },
      },
    });
    await recordSecurityEvent(deps, {
      ...charger,
      type: 'TamperDetectionActivated',
      timestamp: '2026-03-15T13:30:00+02:00',
      techInfo: 'lid opened',
    });
    await recordSecurityEvent(deps, {
      ...charger,
      type: 'StartupOfTheDevice',
      timestamp: '2026-03-15T11:00:00Z',
    });
    expect(stored).toEqual([
      {
        tenantId: TENANT,
        event: {
          chargePointId: 'CP-1',
          type: 'TamperDetectionActivated',
          timestamp: '2026-03-15T11:30:00.000Z',
          techInfo: 'lid opened',
          receivedAt: RECEIVED_AT.toISOString(),
        },
      },
      {
        tenantId: TENANT,
        // No techInfo sent: none stored (not an empty one).
        event: {
          chargePointId: 'CP-1',
          type: 'StartupOfTheDevice',
          timestamp: '2026-03-15T11:00:00.000Z',
          receivedAt: RECEIVED_AT.toISOString(),
        },
      },
    ]);
    expect(deps.logged.map((line) => [line.level, line.fields.securityEventType])).toEqual([
      ['info', 'TamperDetectionActivated'],
      ['info', 'StartupOfTheDevice'],
    ]);
  });
});

describe('listSecurityEvents', () => {
  it('pages the log of a charge point of the tenant, and is 404 for any other', async () => {
    const asked: unknown[] = [];
    const deps = fakeDeps({
      repositories: {
        chargePoints: { getChargePoint },
        securityEvents: {
          listSecurityEvents: async (tenantId, chargePointId, query) => {
            asked.push({ tenantId, chargePointId, query });
            return { items: [], nextCursor: null };
          },
        },
      },
    });
    await listSecurityEvents(deps, TENANT, 'CP-1', { limit: 10, cursor: 'c', type: 'FirmwareUpdated' });
    expect(asked).toEqual([
      { tenantId: TENANT, chargePointId: 'CP-1', query: { limit: 10, cursor: 'c', type: 'FirmwareUpdated' } },
    ]);
    await expect(listSecurityEvents(deps, TENANT, 'CP-9', { limit: 10 })).rejects.toThrow(NotFoundError);
    await expect(listSecurityEvents(deps, TENANT, '../CP-1', { limit: 10 })).rejects.toThrow(NotFoundError);
    expect(asked).toHaveLength(1);
  });
});

// Signing and certificate status: test/stations/certificates.test.ts.
describe('ISO 15118 EV certificate requests', () => {
  it('refuses them with a reason the charger can show, and warns the operator', () => {
    const deps = fakeDeps();
    const refusal = refuseEvCertificate(deps, {
      action: 'Install',
      iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef',
    });
    expect(refusal.reasonCode).toBe('NotSupported');
    // OCPP 2.0.1 StatusInfo limits.
    expect(refusal.reasonCode.length).toBeLessThanOrEqual(20);
    expect(refusal.additionalInfo.length).toBeLessThanOrEqual(512);
    expect(deps.logged.map((line) => [line.level, line.fields])).toEqual([
      ['warn', { certificateAction: 'Install', iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef' }],
    ]);
  });
});

describe('receiveDataTransfer', () => {
  it('knows no vendor, and logs which vendor asked', () => {
    const deps = fakeDeps();
    expect(receiveDataTransfer(deps, { vendorId: 'com.acme', messageId: 'Tariff' })).toBe('UnknownVendorId');
    expect(receiveDataTransfer(deps, { vendorId: 'org.other' })).toBe('UnknownVendorId');
    expect(deps.logged.map((line) => line.fields)).toEqual([
      { vendorId: 'com.acme', vendorMessageId: 'Tariff' },
      { vendorId: 'org.other' },
    ]);
  });
});

describe('firmware and log progress with a request id', () => {
  it('passes the 2.0.1 request id of a firmware status on', async () => {
    const recorded: unknown[][] = [];
    const deps = fakeDeps({
      repositories: { chargePoints: { recordFirmwareStatus: async (...args) => void recorded.push(args) } },
    });
    await recordFirmwareStatusReport(deps, {
      ...charger,
      kind: 'firmware',
      status: 'Installed',
      requestId: 7,
    });
    expect(recorded).toEqual([[TENANT, 'CP-1', 'firmware', 'Installed', RECEIVED_AT, 7]]);
  });

  it('keeps the latest log upload status, stamped with the time it was received', async () => {
    const recorded: { chargePointId: string; progress: FirmwareProgress }[] = [];
    const deps = fakeDeps({
      repositories: {
        chargePoints: {
          recordLogUploadStatus: async (_tenantId, chargePointId, progress) =>
            void recorded.push({ chargePointId, progress }),
        },
      },
    });
    await recordLogStatusReport(deps, { ...charger, status: 'Uploading', requestId: 3 });
    await recordLogStatusReport(deps, { ...charger, status: 'Idle' });
    expect(recorded).toEqual([
      {
        chargePointId: 'CP-1',
        progress: { status: 'Uploading', requestId: 3, at: RECEIVED_AT.toISOString() },
      },
      { chargePointId: 'CP-1', progress: { status: 'Idle', at: RECEIVED_AT.toISOString() } },
    ]);
  });
});

/** Reservations by id, found by their OCPP number, moved only from the states `updateReservation` is given. */
function reservationWorld(reservations: Reservation[]) {
  const byId = new Map(reservations.map((reservation) => [reservation.id, reservation]));
  const deps = fakeDeps({
    repositories: {
      reservations: {
        findReservationByNumber: async (_tenantId, number) =>
          [...byId.values()].find((reservation) => reservation.reservationId === number),
        updateReservation: async (
          _tenantId,
          id,
          from: readonly ReservationStatus[],
          changes: ReservationChanges,
        ) => {
          const reservation = byId.get(id);
          if (!reservation || !from.includes(reservation.status)) return false;
          byId.set(id, { ...reservation, ...changes });
          return true;
        },
      },
    },
  });
  return { deps, byId };
}

const reservation = (overrides: Partial<Reservation>): Reservation => ({
  id: 'rsv1',
  tenantId: TENANT,
  reservationId: 41,
  chargePointId: 'CP-1',
  connectorId: 1,
  idTag: 'TAG-1',
  expiresAt: '2026-03-15T13:00:00.000Z',
  status: 'Accepted',
  chargerStatus: 'Accepted',
  createdAt: '2026-03-15T11:00:00.000Z',
  updatedAt: '2026-03-15T11:00:00.000Z',
  ...overrides,
});

describe('endReservationByCharger', () => {
  it('ends a held reservation as expired or cancelled, keeping what the charger said', async () => {
    const world = reservationWorld([
      reservation({}),
      reservation({ id: 'rsv2', reservationId: 42, status: 'pending', chargerStatus: undefined }),
    ]);
    const update = { ...charger, reservationId: 41, status: 'Expired' } as const;
    expect(await endReservationByCharger(world.deps, update)).toBe('ended');
    expect(
      await endReservationByCharger(world.deps, { ...update, reservationId: 42, status: 'Removed' }),
    ).toBe('ended');
    expect(world.byId.get('rsv1')).toMatchObject({
      status: 'expired',
      chargerUpdateStatus: 'Expired',
      updatedAt: RECEIVED_AT.toISOString(),
    });
    expect(world.byId.get('rsv1')?.cancelledAt).toBeUndefined();
    expect(world.byId.get('rsv2')).toMatchObject({
      status: 'cancelled',
      chargerUpdateStatus: 'Removed',
      cancelledAt: RECEIVED_AT.toISOString(),
    });
    expect(world.deps.logged).toEqual([]);
  });

  it('changes nothing for an unknown number, another charger’s reservation, or one already used', async () => {
    const used = reservation({ status: 'used', sessionId: 'ses_1' });
    const elsewhere = reservation({ id: 'rsv3', reservationId: 43, chargePointId: 'CP-2' });
    const world = reservationWorld([used, elsewhere]);
    const update = { ...charger, status: 'Removed' } as const;
    expect(await endReservationByCharger(world.deps, { ...update, reservationId: 99 })).toBe('unknown');
    expect(await endReservationByCharger(world.deps, { ...update, reservationId: 43 })).toBe('other-charger');
    expect(await endReservationByCharger(world.deps, { ...update, reservationId: 41 })).toBe('already-ended');
    expect(world.byId.get('rsv1')).toEqual(used);
    expect(world.byId.get('rsv3')).toEqual(elsewhere);
    expect(world.deps.logged.map((line) => [line.level, line.fields.outcome])).toEqual([
      ['warn', 'unknown'],
      ['warn', 'other-charger'],
      ['warn', 'already-ended'],
    ]);
  });
});

describe('external charging limits', () => {
  it('records a limit per EVSE and source, the charger as a whole being EVSE 0', async () => {
    const limits: ExternalChargingLimit[] = [];
    const deps = fakeDeps({
      repositories: {
        chargingReports: {
          recordExternalChargingLimit: async (_tenantId, _cp, limit) => void limits.push(limit),
        },
      },
    });
    const schedule = {
      id: 1,
      chargingRateUnit: 'W',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }],
    };
    await recordExternalLimit(deps, {
      ...charger,
      source: 'EMS',
      isGridCritical: true,
      chargingSchedules: [schedule],
    });
    await recordExternalLimit(deps, { ...charger, evseId: 2, source: 'SO' });
    expect(limits).toEqual([
      {
        evseId: 0,
        source: 'EMS',
        isGridCritical: true,
        chargingSchedules: [schedule],
        reportedAt: RECEIVED_AT.toISOString(),
      },
      { evseId: 2, source: 'SO', reportedAt: RECEIVED_AT.toISOString() },
    ]);
  });

  it('marks a known limit cleared and acknowledges an unknown one', async () => {
    const cleared: unknown[][] = [];
    const deps = fakeDeps({
      repositories: {
        chargingReports: {
          clearExternalChargingLimit: async (...args) => {
            cleared.push(args);
            return args[2] === 2;
          },
        },
      },
    });
    expect(await clearExternalLimit(deps, { ...charger, evseId: 2, source: 'SO' })).toBe(true);
    expect(await clearExternalLimit(deps, { ...charger, source: 'EMS' })).toBe(false);
    expect(cleared).toEqual([
      [TENANT, 'CP-1', 2, 'SO', RECEIVED_AT.toISOString()],
      [TENANT, 'CP-1', 0, 'EMS', RECEIVED_AT.toISOString()],
    ]);
    expect(deps.logged.map((line) => line.fields)).toEqual([{ evseId: 0, source: 'EMS' }]);
  });
});

describe('EV charging needs and schedules', () => {
  it('stores the needs and says Rejected with a reason: no schedule will follow', async () => {
    const needs: EvChargingNeeds[] = [];
    const deps = fakeDeps({
      repositories: {
        chargingReports: { recordEvChargingNeeds: async (_t, _cp, stored) => void needs.push(stored) },
      },
    });
    const chargingNeeds = { requestedEnergyTransfer: 'DC', departureTime: '2026-03-15T18:00:00Z' };
    const answer = await receiveEvChargingNeeds(deps, {
      ...charger,
      evseId: 1,
      chargingNeeds,
      maxScheduleTuples: 3,
    });
    expect(answer.status).toBe('Rejected');
    expect(answer.reasonCode).toBe('NotSupported');
    expect(needs).toEqual([
      {
        evseId: 1,
        chargingNeeds,
        maxScheduleTuples: 3,
        answer: 'Rejected',
        receivedAt: RECEIVED_AT.toISOString(),
      },
    ]);
  });

  it('stores the schedule the EV chose and answers Accepted (processed, not approved)', async () => {
    const schedules: EvChargingSchedule[] = [];
    const deps = fakeDeps({
      repositories: {
        chargingReports: { recordEvChargingSchedule: async (_t, _cp, stored) => void schedules.push(stored) },
      },
    });
    const chargingSchedule = {
      id: 5,
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
    };
    expect(
      await recordEvChargingSchedule(deps, {
        ...charger,
        evseId: 1,
        timeBase: '2026-03-15T14:00:00+01:00',
        chargingSchedule,
      }),
    ).toBe('Accepted');
    expect(schedules).toEqual([
      {
        evseId: 1,
        timeBase: '2026-03-15T13:00:00.000Z',
        chargingSchedule,
        receivedAt: RECEIVED_AT.toISOString(),
      },
    ]);
  });

  it('reads the reports of a charge point of the tenant, and is 404 for any other', async () => {
    const reports = { limits: [], needs: [], schedules: [] };
    const deps = fakeDeps({
      repositories: {
        chargePoints: { getChargePoint },
        chargingReports: { chargingReports: async () => reports },
      },
    });
    expect(await readChargingReports(deps, TENANT, 'CP-1')).toBe(reports);
    await expect(readChargingReports(deps, TENANT, 'CP-9')).rejects.toThrow(NotFoundError);
  });
});
