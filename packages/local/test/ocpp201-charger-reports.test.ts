import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { exchange, rawSocket } from './support/chargers.ts';
import { startTestStack } from './support/local-stack.ts';
import {
  type ChargingTenant,
  chargingTenant,
  customerWithToken,
  minutesFromNow,
  type Page,
} from './support/ocpp16.ts';

/**
 * What an OCPP 2.0.1 charger reports on its own, answered for real: security events, firmware and log
 * progress, reservations it ended, external limits, EV charging needs and schedules, vendor messages, and the
 * certificate requests the CSMS refuses (V2G signing, ISO 15118 contract certificates, status of a certificate
 * its CA did not issue; signing itself: ocpp201-certificates.test.ts). The chargers are strict
 * ocpp-rpc clients, which validate both their calls and the CSMS's answers against the OCA schemas; what is
 * stored is read back through the REST API.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
const open: RPCClient[] = [];

beforeAll(async () => {
  stack = await startTestStack({ environment: { OCPP_CALL_TIMEOUT_MS: '3000' } });
  tenant = await chargingTenant(stack, 'CP-201-sec');
});
afterAll(async () => {
  for (const charger of open) await charger.close({ force: true });
  await stack?.stop();
});

/** A booted strict 2.0.1 charger of the tenant (registered first if needed). */
async function charger201(id: string): Promise<RPCClient> {
  const client = await tenant.charger201(id);
  open.push(client);
  return client;
}

interface SecurityEventView {
  type: string;
  timestamp: string;
  techInfo: string | null;
  receivedAt: string;
}

describe('SecurityEventNotification', () => {
  it("keeps each charger's security log, lists it newest first page by page, and a replay only once", async () => {
    const cp = await charger201('CP-201-sec');
    const events = [
      { type: 'StartupOfTheDevice', timestamp: '2026-03-01T08:00:00Z' },
      // Another offset: ordered by the instant, shown in UTC.
      {
        type: 'TamperDetectionActivated',
        timestamp: '2026-03-01T11:30:00+02:00',
        techInfo: 'front lid opened',
      },
      { type: 'FirmwareUpdated', timestamp: '2026-03-01T10:00:00.000Z', techInfo: 'from 1.9.0 to 2.0.0' },
    ];
    for (const event of events) expect(await cp.call('SecurityEventNotification', event)).toEqual({});
    // A charger replays what it queued while offline: the same event does not show twice.
    await cp.call('SecurityEventNotification', events[2]);

    const first = await tenant.api<Page<SecurityEventView>>(
      'GET',
      '/v1/charge-points/CP-201-sec/security-events?limit=2',
    );
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      {
        type: 'FirmwareUpdated',
        timestamp: '2026-03-01T10:00:00.000Z',
        techInfo: 'from 1.9.0 to 2.0.0',
        receivedAt: expect.any(String),
      },
      {
        type: 'TamperDetectionActivated',
        timestamp: '2026-03-01T09:30:00.000Z',
        techInfo: 'front lid opened',
        receivedAt: expect.any(String),
      },
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await tenant.api<Page<SecurityEventView>>(
      'GET',
      `/v1/charge-points/CP-201-sec/security-events?limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
    );
    expect(second.status).toBe(200);
    expect(second.body.items.map((event) => [event.type, event.techInfo])).toEqual([
      ['StartupOfTheDevice', null],
    ]);
    expect(second.body.nextCursor).toBeNull();

    const tamper = await tenant.api<Page<SecurityEventView>>(
      'GET',
      '/v1/charge-points/CP-201-sec/security-events?type=TamperDetectionActivated',
    );
    expect(tamper.body.items.map((event) => event.type)).toEqual(['TamperDetectionActivated']);

    expect((await tenant.api('GET', '/v1/charge-points/CP-nobody/security-events')).status).toBe(404);
  });

  it('accepts the OCPP 1.6 security extension’s messages too', async () => {
    const cp = await tenant.charger('CP-16-sec');
    open.push(cp);
    expect(
      await cp.call('SecurityEventNotification', {
        type: 'SettingSystemTime',
        timestamp: '2026-03-02T07:00:00Z',
        techInfo: 'NTP',
      }),
    ).toEqual({});
    expect(await cp.call('LogStatusNotification', { status: 'Uploading', requestId: 4 })).toEqual({});
    expect(
      await cp.call('SignedFirmwareStatusNotification', { status: 'SignatureVerified', requestId: 9 }),
    ).toEqual({});
    // Not a CSR: refused, as the extension defines (signing is covered in ocpp201-certificates.test.ts).
    expect(await cp.call('SignCertificate', { csr: '-----BEGIN CERTIFICATE REQUEST-----' })).toEqual({
      status: 'Rejected',
    });

    const log = await tenant.api<Page<SecurityEventView>>(
      'GET',
      '/v1/charge-points/CP-16-sec/security-events',
    );
    expect(log.body.items).toEqual([
      {
        type: 'SettingSystemTime',
        timestamp: '2026-03-02T07:00:00.000Z',
        techInfo: 'NTP',
        receivedAt: expect.any(String),
      },
    ]);
    const view = await tenant.api('GET', '/v1/charge-points/CP-16-sec');
    expect(view.body.logUploadStatus).toEqual({ status: 'Uploading', requestId: 4, at: expect.any(String) });
    const firmware = await tenant.api('GET', '/v1/charge-points/CP-16-sec/firmware');
    expect(firmware.body.firmwareStatus).toEqual({
      status: 'SignatureVerified',
      requestId: 9,
      at: expect.any(String),
    });
  });
});

describe('firmware and log upload progress', () => {
  it('keeps the firmware status with its request id, and the latest log upload status on the charger', async () => {
    const cp = await charger201('CP-201-fw');
    expect(await cp.call('FirmwareStatusNotification', { status: 'Downloading', requestId: 12 })).toEqual({});
    expect(await cp.call('FirmwareStatusNotification', { status: 'Installed', requestId: 12 })).toEqual({});
    expect(await cp.call('LogStatusNotification', { status: 'Uploading', requestId: 5 })).toEqual({});
    expect(await cp.call('LogStatusNotification', { status: 'Uploaded', requestId: 5 })).toEqual({});
    // A local controller publishing firmware to the stations behind it.
    expect(
      await cp.call('PublishFirmwareStatusNotification', {
        status: 'Published',
        location: ['http://lc.local/fw.bin'],
        requestId: 13,
      }),
    ).toEqual({});

    const firmware = await tenant.api<{
      firmwareVersion: string | null;
      firmwareStatus: { status: string; requestId?: number } | null;
      statusHistory: { kind: string; status: string; requestId?: number }[];
    }>('GET', '/v1/charge-points/CP-201-fw/firmware');
    expect(firmware.status).toBe(200);
    expect(firmware.body.firmwareVersion).toBe('2.0.0');
    expect(firmware.body.firmwareStatus).toMatchObject({ status: 'Installed', requestId: 12 });
    expect(
      firmware.body.statusHistory.map(({ kind, status, requestId }) => [kind, status, requestId]),
    ).toEqual(
      expect.arrayContaining([
        ['firmware', 'Downloading', 12],
        ['firmware', 'Installed', 12],
        ['publish', 'Published', 13],
      ]),
    );

    const view = await tenant.api('GET', '/v1/charge-points/CP-201-fw');
    expect(view.body.logUploadStatus).toEqual({ status: 'Uploaded', requestId: 5, at: expect.any(String) });
  });
});

describe('ReservationStatusUpdate', () => {
  it('ends the reservation the charger expired or removed, and acknowledges one it does not know', async () => {
    // Reserved over OCPP 2.0.1 (ReserveNow), then ended by the charger itself.
    const cp = await charger201('CP-201-rsv');
    cp.handle('ReserveNow', async () => ({ status: 'Accepted' }));
    await customerWithToken(tenant, 'RSV201-TAG');
    const reserved: { id: string; reservationId: number; status: string }[] = [];
    for (const connectorId of [1, 2]) {
      const res = await tenant.api<{ id: string; reservationId: number; status: string }>(
        'POST',
        '/v1/reservations',
        {
          chargePointId: 'CP-201-rsv',
          connectorId,
          idTag: 'RSV201-TAG',
          expiresAt: minutesFromNow(30),
        },
      );
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('Accepted');
      reserved.push(res.body);
    }

    const [removed, expired] = reserved as [(typeof reserved)[0], (typeof reserved)[0]];
    expect(
      await cp.call('ReservationStatusUpdate', {
        reservationId: removed.reservationId,
        reservationUpdateStatus: 'Removed',
      }),
    ).toEqual({});
    expect(
      await cp.call('ReservationStatusUpdate', {
        reservationId: expired.reservationId,
        reservationUpdateStatus: 'Expired',
      }),
    ).toEqual({});
    expect(
      await cp.call('ReservationStatusUpdate', {
        reservationId: 987_654,
        reservationUpdateStatus: 'Expired',
      }),
    ).toEqual({});

    const removedView = await tenant.api('GET', `/v1/reservations/${removed.id}`);
    expect(removedView.body).toMatchObject({
      status: 'cancelled',
      chargerUpdateStatus: 'Removed',
      cancelledAt: expect.any(String),
      cancelStatus: null,
    });
    const expiredView = await tenant.api('GET', `/v1/reservations/${expired.id}`);
    expect(expiredView.body).toMatchObject({
      status: 'expired',
      chargerUpdateStatus: 'Expired',
      cancelledAt: null,
    });
  });
});

interface ChargingReportsView {
  chargingLimits: {
    evseId: number;
    source: string;
    isGridCritical: boolean | null;
    chargingSchedules: Record<string, unknown>[];
    clearedAt: string | null;
  }[];
  evChargingNeeds: { evseId: number; chargingNeeds: Record<string, unknown>; answer: string }[];
  evChargingSchedules: { evseId: number; timeBase: string; chargingSchedule: Record<string, unknown> }[];
}

describe('smart charging reports', () => {
  const schedule = {
    id: 1,
    chargingRateUnit: 'W',
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 11000 },
      { startPeriod: 3600, limit: 7400.5 },
    ],
  };

  it('records external limits per EVSE and source, and their clearing', async () => {
    const cp = await charger201('CP-201-lim');
    expect(
      await cp.call('NotifyChargingLimit', {
        evseId: 1,
        chargingLimit: { chargingLimitSource: 'EMS', isGridCritical: false },
        chargingSchedule: [schedule],
      }),
    ).toEqual({});
    expect(
      await cp.call('NotifyChargingLimit', {
        chargingLimit: { chargingLimitSource: 'SO', isGridCritical: true },
      }),
    ).toEqual({});
    expect(await cp.call('ClearedChargingLimit', { chargingLimitSource: 'EMS', evseId: 1 })).toEqual({});
    // A limit the CSMS never heard of is acknowledged all the same.
    expect(await cp.call('ClearedChargingLimit', { chargingLimitSource: 'CSO', evseId: 3 })).toEqual({});

    const reports = await tenant.api<ChargingReportsView>(
      'GET',
      '/v1/charge-points/CP-201-lim/charging-reports',
    );
    expect(reports.status).toBe(200);
    expect(reports.body.chargingLimits).toEqual([
      expect.objectContaining({
        evseId: 0,
        source: 'SO',
        isGridCritical: true,
        chargingSchedules: [],
        clearedAt: null,
      }),
      expect.objectContaining({
        evseId: 1,
        source: 'EMS',
        isGridCritical: false,
        chargingSchedules: [schedule],
        clearedAt: expect.any(String),
      }),
    ]);
  });

  it('stores EV charging needs and answers Rejected with a reason; stores the EV’s schedule as Accepted', async () => {
    const cp = await charger201('CP-201-ev');
    const chargingNeeds = {
      requestedEnergyTransfer: 'AC_three_phase',
      departureTime: '2026-03-15T18:00:00.000Z',
      acChargingParameters: { energyAmount: 30000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 },
    };
    const needs = (await cp.call('NotifyEVChargingNeeds', {
      evseId: 1,
      chargingNeeds,
      maxScheduleTuples: 3,
    })) as {
      status: string;
      statusInfo?: { reasonCode: string; additionalInfo?: string };
    };
    // Honest: no schedule will follow, so not Accepted (which would promise one).
    expect(needs.status).toBe('Rejected');
    expect(needs.statusInfo?.reasonCode).toBe('NotSupported');
    expect(
      await cp.call('NotifyEVChargingSchedule', {
        evseId: 1,
        timeBase: '2026-03-15T14:00:00+01:00',
        chargingSchedule: schedule,
      }),
    ).toEqual({ status: 'Accepted' });

    const reports = await tenant.api<ChargingReportsView>(
      'GET',
      '/v1/charge-points/CP-201-ev/charging-reports',
    );
    expect(reports.body.evChargingNeeds).toEqual([
      expect.objectContaining({ evseId: 1, chargingNeeds, maxScheduleTuples: 3, answer: 'Rejected' }),
    ]);
    expect(reports.body.evChargingSchedules).toEqual([
      expect.objectContaining({
        evseId: 1,
        timeBase: '2026-03-15T13:00:00.000Z',
        chargingSchedule: schedule,
      }),
    ]);
    expect(reports.body.chargingLimits).toEqual([]);
    expect((await tenant.api('GET', '/v1/charge-points/CP-nobody/charging-reports')).status).toBe(404);
  });
});

describe('DataTransfer and certificate requests', () => {
  it('answers DataTransfer UnknownVendorId and refuses certificate requests with a reason', async () => {
    const cp = await charger201('CP-201-cert');
    expect(
      await cp.call('DataTransfer', { vendorId: 'com.acme', messageId: 'Display', data: { text: 'hi' } }),
    ).toEqual({ status: 'UnknownVendorId' });
    expect(
      await cp.call('SignCertificate', {
        csr: '-----BEGIN CERTIFICATE REQUEST-----',
        certificateType: 'V2GCertificate',
      }),
    ).toEqual({
      status: 'Rejected',
      statusInfo: { reasonCode: 'NotSupported', additionalInfo: expect.any(String) },
    });
    expect(
      await cp.call('Get15118EVCertificate', {
        iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef',
        action: 'Install',
        exiRequest: 'gAAAAA==',
      }),
    ).toEqual({
      status: 'Failed',
      statusInfo: { reasonCode: 'NotSupported', additionalInfo: expect.any(String) },
      exiResponse: '',
    });
    expect(
      await cp.call('GetCertificateStatus', {
        ocspRequestData: {
          hashAlgorithm: 'SHA256',
          issuerNameHash: 'aa',
          issuerKeyHash: 'bb',
          serialNumber: '01',
          responderURL: 'http://ocsp.example',
        },
      }),
    ).toEqual({
      status: 'Failed',
      statusInfo: { reasonCode: 'NotSupported', additionalInfo: expect.any(String) },
    });
  });
});

describe('a report that breaks the 2.0.1 schema', () => {
  it('gets the CALLERROR its violation names, and the connection keeps serving', async () => {
    const { ocppUrl, password } = await tenant.credentials('CP-201-bad');
    const ws = await rawSocket(ocppUrl, {
      user: 'CP-201-bad',
      password,
      protocols: ['ocpp2.0.1'],
    });
    try {
      const missing = await exchange(
        ws,
        '[2, "b1", "SecurityEventNotification", {"type": "StartupOfTheDevice"}]',
      );
      // 2.0.1 spells it correctly (1.6 says OccurenceConstraintViolation).
      expect(missing.slice(0, 3)).toEqual([4, 'b1', 'OccurrenceConstraintViolation']);

      const badEnum = await exchange(
        ws,
        '[2, "b2", "ReservationStatusUpdate", {"reservationId": 1, "reservationUpdateStatus": "Cancelled"}]',
      );
      expect(badEnum.slice(0, 3)).toEqual([4, 'b2', 'PropertyConstraintViolation']);

      const wrongType = await exchange(
        ws,
        '[2, "b3", "NotifyEVChargingNeeds", {"evseId": "one", "chargingNeeds": {"requestedEnergyTransfer": "DC"}}]',
      );
      expect(wrongType.slice(0, 3)).toEqual([4, 'b3', 'TypeConstraintViolation']);

      const valid = await exchange(
        ws,
        '[2, "b4", "SecurityEventNotification", {"type": "StartupOfTheDevice", "timestamp": "2026-03-03T09:00:00Z"}]',
      );
      expect(valid).toEqual([3, 'b4', {}]);
    } finally {
      ws.close();
    }
    const log = await tenant.api<Page<SecurityEventView>>(
      'GET',
      '/v1/charge-points/CP-201-bad/security-events',
    );
    expect(log.body.items.map((event) => event.timestamp)).toEqual(['2026-03-03T09:00:00.000Z']);
  });
});
