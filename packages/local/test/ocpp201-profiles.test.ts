import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import {
  type ChargingTenant,
  chargingTenant,
  createDefaultTariff,
  customerWithToken,
  minutesFromNow,
} from './support/ocpp16.ts';

/**
 * Reservations, smart charging, firmware and logs through the same routes as for 1.6, on OCPP 2.0.1 chargers:
 * ReserveNow / CancelReservation, SetChargingProfile (the API's 1.6-shaped profile converted), ClearChargingProfile,
 * GetCompositeSchedule, GetChargingProfiles (answered by ReportChargingProfiles), UpdateFirmware (signed firmware
 * fields) and GetLog. The chargers are strict ocpp-rpc 2.0.1 clients: a CALL that breaks the official 2.0.1
 * schema is refused on their side and the route answers 502, so every 2xx below proves the mapping valid.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
const open: RPCClient[] = [];

beforeAll(async () => {
  stack = await startTestStack({ environment: { OCPP_CALL_TIMEOUT_MS: '3000' } });
  tenant = await chargingTenant(stack, 'CP-201-pr');
  await createDefaultTariff(tenant.api);
});
afterAll(async () => {
  for (const client of open) await client.close({ force: true });
  await stack?.stop();
});

async function charger201(id: string): Promise<RPCClient> {
  const client = await tenant.charger201(id);
  open.push(client);
  return client;
}

/** Records the params of every CALL of `action` the charger gets, answering with `answer`. */
function answering(
  client: RPCClient,
  action: string,
  answer: (params: Record<string, unknown>) => Record<string, unknown>,
) {
  const seen: Record<string, unknown>[] = [];
  client.handle(action, async ({ params: raw }) => {
    const params = raw as Record<string, unknown>;
    seen.push(params);
    return answer(params);
  });
  return seen;
}

interface ReservationView {
  id: string;
  reservationId: number;
  connectorId: number;
  status: string;
  chargerStatus: string | null;
  sessionId: string | null;
  cancelStatus: string | null;
}

const startEvent = (transactionId: string, evseId: number, idToken: string, reservationId?: number) => ({
  eventType: 'Started',
  timestamp: minutesFromNow(0),
  triggerReason: 'Authorized',
  seqNo: 0,
  transactionInfo: { transactionId, chargingState: 'Charging' },
  evse: { id: evseId, connectorId: 1 },
  idToken: { idToken, type: 'ISO14443' },
  ...(reservationId === undefined ? {} : { reservationId }),
  meterValue: [
    {
      timestamp: minutesFromNow(0),
      sampledValue: [
        {
          value: 1000,
          context: 'Transaction.Begin',
          measurand: 'Energy.Active.Import.Register',
          unitOfMeasure: { unit: 'Wh' },
        },
      ],
    },
  ],
});

describe('reservations: ReserveNow and CancelReservation', () => {
  it('reserves an EVSE for an RFID card, and a TransactionEvent naming the reservation uses it', async () => {
    const cp = await charger201('CP-201-rsv');
    const reserved = answering(cp, 'ReserveNow', () => ({ status: 'Accepted' }));
    await customerWithToken(tenant, 'P201-RSV-A', { groupIdTag: 'P201-FLEET' });
    const expiresAt = minutesFromNow(30);
    const res = await tenant.api<ReservationView>('POST', '/v1/reservations', {
      chargePointId: 'CP-201-rsv',
      connectorId: 2,
      idTag: 'P201-RSV-A',
      expiresAt,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ connectorId: 2, status: 'Accepted', chargerStatus: 'Accepted' });
    expect(reserved).toEqual([
      {
        id: res.body.reservationId,
        expiryDateTime: expiresAt,
        idToken: { idToken: 'P201-RSV-A', type: 'ISO14443' },
        evseId: 2,
        groupIdToken: { idToken: 'P201-FLEET', type: 'Central' },
      },
    ]);

    await cp.call('TransactionEvent', startEvent('TX-RSV-1', 2, 'P201-RSV-A', res.body.reservationId));
    const used = await tenant.api<ReservationView>('GET', `/v1/reservations/${res.body.id}`);
    expect(used.body).toMatchObject({ status: 'used', sessionId: expect.any(String) });
  });

  it('reserves any EVSE without evseId, keeps a refusal as the status, and cancels by the OCPP number', async () => {
    const cp = await charger201('CP-201-rsv2');
    let answer = 'Occupied';
    const reserved = answering(cp, 'ReserveNow', () => ({ status: answer }));
    const cancels = answering(cp, 'CancelReservation', () => ({ status: 'Accepted' }));
    await customerWithToken(tenant, 'P201-RSV-B');
    const reserve = () =>
      tenant.api<ReservationView>('POST', '/v1/reservations', {
        chargePointId: 'CP-201-rsv2',
        connectorId: 0,
        idTag: 'P201-RSV-B',
        expiresAt: minutesFromNow(30),
      });
    const refused = await reserve();
    expect(refused.status).toBe(201);
    expect(refused.body.status).toBe('Occupied');
    expect(reserved[0]).not.toHaveProperty('evseId');

    answer = 'Accepted';
    const held = await reserve();
    const cancelled = await tenant.api<ReservationView>('DELETE', `/v1/reservations/${held.body.id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelStatus: 'Accepted' });
    expect(cancels).toEqual([{ reservationId: held.body.reservationId }]);
    expect((await tenant.api('DELETE', `/v1/reservations/${held.body.id}`)).status).toBe(409);
  });
});

interface ProfileView {
  chargingProfileId: number;
  connectorId: number;
  purpose: string;
  stackLevel: number;
  transactionId: number | string | null;
  status: string;
  csChargingProfiles: Record<string, unknown>;
}

const profile = (id: number, purpose: string, stackLevel = 0, extra: Record<string, unknown> = {}) => ({
  chargingProfileId: id,
  stackLevel,
  chargingProfilePurpose: purpose,
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 16 },
      { startPeriod: 3600, limit: 10.5, numberPhases: 3 },
    ],
  },
  ...extra,
});

describe('smart charging: the 1.6-shaped profiles API on a 2.0.1 charger', () => {
  let cp: RPCClient;
  let set: Record<string, unknown>[];
  let cleared: Record<string, unknown>[];
  let composite: Record<string, unknown>[];
  let reports: Record<string, unknown>[];
  const put = (body: unknown) =>
    tenant.api<ProfileView>('POST', '/v1/charge-points/CP-201-sc/charging-profiles', body);

  beforeAll(async () => {
    cp = await charger201('CP-201-sc');
    set = answering(cp, 'SetChargingProfile', () => ({ status: 'Accepted' }));
    cleared = answering(cp, 'ClearChargingProfile', () => ({ status: 'Accepted' }));
    composite = answering(cp, 'GetCompositeSchedule', (params) => ({
      status: 'Accepted',
      schedule: {
        evseId: params.evseId,
        duration: params.duration,
        scheduleStart: '2030-01-01T00:00:00.000Z',
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 13.25, phaseToUse: 1, numberPhases: 1 }],
      },
    }));
    reports = answering(cp, 'GetChargingProfiles', () => ({ status: 'Accepted' }));
  });

  it('sets a TxDefaultProfile on an EVSE and a station-wide maximum, converted to 2.0.1', async () => {
    const txDefault = { connectorId: 1, csChargingProfiles: profile(1, 'TxDefaultProfile') };
    const res = await put(txDefault);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      chargingProfileId: 1,
      connectorId: 1,
      purpose: 'TxDefaultProfile',
      transactionId: null,
      status: 'Accepted',
      csChargingProfiles: txDefault.csChargingProfiles,
    });
    expect(set.at(-1)).toEqual({
      evseId: 1,
      chargingProfile: {
        id: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [
          {
            id: 1,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16 },
              { startPeriod: 3600, limit: 10.5, numberPhases: 3 },
            ],
          },
        ],
      },
    });

    const max = await put({ connectorId: 0, csChargingProfiles: profile(2, 'ChargePointMaxProfile') });
    expect(max.status).toBe(200);
    expect(set.at(-1)).toMatchObject({
      evseId: 0,
      chargingProfile: { id: 2, chargingProfilePurpose: 'ChargingStationMaxProfile' },
    });
    const list = await tenant.api<{ items: ProfileView[] }>(
      'GET',
      '/v1/charge-points/CP-201-sc/charging-profiles',
    );
    expect(list.body.items.map((p) => [p.chargingProfileId, p.purpose, p.status])).toEqual([
      [1, 'TxDefaultProfile', 'Accepted'],
      [2, 'ChargePointMaxProfile', 'Accepted'],
    ]);
  });

  it('sends a TxProfile with the charger’s transaction id, named or running on the EVSE; refuses others', async () => {
    await customerWithToken(tenant, 'P201-SC-A');
    await cp.call('TransactionEvent', startEvent('TX-SC-1', 2, 'P201-SC-A'));

    const named = await put({
      connectorId: 2,
      csChargingProfiles: profile(3, 'TxProfile', 1, { transactionId: 'TX-SC-1' }),
    });
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ purpose: 'TxProfile', transactionId: 'TX-SC-1', status: 'Accepted' });
    expect(set.at(-1)).toMatchObject({
      evseId: 2,
      chargingProfile: { id: 3, chargingProfilePurpose: 'TxProfile', transactionId: 'TX-SC-1' },
    });

    const running = await put({ connectorId: 2, csChargingProfiles: profile(4, 'TxProfile', 2) });
    expect(running.status).toBe(200);
    expect(running.body.transactionId).toBe('TX-SC-1');
    expect(set.at(-1)).toMatchObject({ chargingProfile: { id: 4, transactionId: 'TX-SC-1' } });

    const sent = set.length;
    const integer = await put({
      connectorId: 2,
      csChargingProfiles: profile(5, 'TxProfile', 3, { transactionId: 7 }),
    });
    expect(integer.status).toBe(422);
    expect(JSON.stringify(integer.body)).toContain('transactionId');
    const otherEvse = await put({
      connectorId: 1,
      csChargingProfiles: profile(5, 'TxProfile', 3, { transactionId: 'TX-SC-1' }),
    });
    expect(otherEvse.status).toBe(422);
    expect((await put({ connectorId: 3, csChargingProfiles: profile(5, 'TxProfile', 3) })).status).toBe(409);
    // The 1.6 profile rules hold for 2.0.1 chargers too.
    expect(
      (await put({ connectorId: 2, csChargingProfiles: profile(5, 'ChargePointMaxProfile') })).status,
    ).toBe(422);
    expect(set).toHaveLength(sent);
  });

  it('clears by chargingProfileId and reads the composite schedule of an EVSE in the 1.6 shape', async () => {
    const res = await tenant.api('DELETE', '/v1/charge-points/CP-201-sc/charging-profiles/1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ chargingProfileId: 1, status: 'Accepted' });
    expect(cleared).toEqual([{ chargingProfileId: 1 }]);

    const schedule = await tenant.api(
      'GET',
      '/v1/charge-points/CP-201-sc/composite-schedule?connectorId=2&duration=3600&chargingRateUnit=A',
    );
    expect(schedule.status).toBe(200);
    expect(composite).toEqual([{ duration: 3600, evseId: 2, chargingRateUnit: 'A' }]);
    expect(schedule.body).toEqual({
      status: 'Accepted',
      connectorId: 2,
      scheduleStart: '2030-01-01T00:00:00.000Z',
      chargingSchedule: {
        duration: 3600,
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 13.25, numberPhases: 1, phaseToUse: 1 }],
      },
    });
  });

  it('asks which profiles the charger holds; its ReportChargingProfiles land under that requestId', async () => {
    const res = await tenant.api<{ requestId: number; status: string }>(
      'POST',
      '/v1/charge-points/CP-201-sc/charging-profile-reports',
      { evseId: 2, chargingProfilePurpose: 'TxProfile', chargingLimitSource: ['CSO'] },
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ requestId: expect.any(Number), status: 'Accepted', statusInfo: null });
    expect(reports).toEqual([
      {
        requestId: res.body.requestId,
        evseId: 2,
        chargingProfile: { chargingProfilePurpose: 'TxProfile', chargingLimitSource: ['CSO'] },
      },
    ]);
    // What the charger holds, as the CSMS sent it (the last SetChargingProfile on EVSE 2).
    const held = (set.at(-1) as { chargingProfile: Record<string, unknown> }).chargingProfile;
    await cp.call('ReportChargingProfiles', {
      requestId: res.body.requestId,
      chargingLimitSource: 'CSO',
      evseId: 2,
      chargingProfile: [held],
    });
    const reported = await tenant.api<{ items: Record<string, unknown>[] }>(
      'GET',
      '/v1/charge-points/CP-201-sc/reported-charging-profiles',
    );
    expect(reported.body.items).toEqual([
      expect.objectContaining({
        evseId: 2,
        chargingProfileId: 4,
        requestId: res.body.requestId,
        chargingProfile: held,
      }),
    ]);
    const invalid = await tenant.api('POST', '/v1/charge-points/CP-201-sc/charging-profile-reports', {
      chargingProfilePurpose: 'ChargePointMaxProfile',
    });
    expect(invalid.status).toBe(422);
  });

  it('answers 409 for a report asked of a 1.6 charger, which has no GetChargingProfiles', async () => {
    const v16 = await tenant.charger('CP-201-sc16');
    open.push(v16);
    const res = await tenant.api('POST', '/v1/charge-points/CP-201-sc16/charging-profile-reports', {});
    expect(res.status).toBe(409);
  });
});

interface FirmwareRequestView {
  kind: string;
  outcome: string;
  requestId: number | null;
  installDate: string | null;
  signed: boolean;
  logType: string | null;
  chargerStatus: string | null;
  fileName: string | null;
  error: string | null;
}

describe('firmware and logs: UpdateFirmware and GetLog', () => {
  it('sends UpdateFirmware with the signed-firmware fields, and tracks the statuses by requestId', async () => {
    const cp = await charger201('CP-201-fw');
    let answer = 'Accepted';
    const updates = answering(cp, 'UpdateFirmware', () => ({ status: answer }));
    const body = {
      location: 'https://firmware.example/volt-3.0.bin',
      retrieveDate: '2030-01-01T02:00:00.000Z',
      installDate: '2030-01-01T03:00:00.000Z',
      signingCertificate: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----',
      signature: 'MEUCIQDx2Jg1lSignatureBase64==',
      retries: 2,
      retryInterval: 600,
    };
    const res = await tenant.api<FirmwareRequestView>(
      'POST',
      '/v1/charge-points/CP-201-fw/firmware-updates',
      body,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'firmware',
      outcome: 'sent',
      requestId: expect.any(Number),
      installDate: body.installDate,
      signed: true,
      chargerStatus: 'Accepted',
    });
    const { requestId } = res.body;
    expect(updates).toEqual([
      {
        requestId,
        firmware: {
          location: body.location,
          retrieveDateTime: body.retrieveDate,
          installDateTime: body.installDate,
          signingCertificate: body.signingCertificate,
          signature: body.signature,
        },
        retries: 2,
        retryInterval: 600,
      },
    ]);

    for (const status of ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'Installed']) {
      await cp.call('FirmwareStatusNotification', { status, requestId });
    }
    const view = await tenant.api<{
      firmwareStatus: { status: string; requestId?: number };
      statusHistory: { kind: string; status: string; requestId?: number }[];
    }>('GET', '/v1/charge-points/CP-201-fw/firmware');
    expect(view.body.firmwareStatus).toMatchObject({ status: 'Installed', requestId });
    expect(view.body.statusHistory.every((s) => s.requestId === requestId)).toBe(true);

    answer = 'InvalidCertificate';
    const refused = await tenant.api<FirmwareRequestView>(
      'POST',
      '/v1/charge-points/CP-201-fw/firmware-updates',
      {
        location: body.location,
        retrieveDate: body.retrieveDate,
      },
    );
    expect(refused.status).toBe(201);
    expect(refused.body).toMatchObject({
      outcome: 'failed',
      chargerStatus: 'InvalidCertificate',
      signed: false,
    });
    expect(refused.body.requestId).not.toBe(requestId);
    expect(updates.at(-1)).toEqual({
      requestId: refused.body.requestId,
      firmware: { location: body.location, retrieveDateTime: body.retrieveDate },
    });
  });

  it('maps a diagnostics request to GetLog, keeps the file name, and shows the upload status', async () => {
    const cp = await charger201('CP-201-log');
    const logs = answering(cp, 'GetLog', (params) => ({
      status: 'Accepted',
      filename: `${String(params.logType)}-CP-201-log.tgz`,
    }));
    const res = await tenant.api<FirmwareRequestView>('POST', '/v1/charge-points/CP-201-log/diagnostics', {
      location: 'ftp://logs.example/upload/',
      startTime: '2029-12-01T00:00:00.000Z',
      stopTime: '2029-12-02T00:00:00.000Z',
      retries: 1,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'diagnostics',
      outcome: 'sent',
      logType: 'DiagnosticsLog',
      fileName: 'DiagnosticsLog-CP-201-log.tgz',
    });
    expect(logs).toEqual([
      {
        logType: 'DiagnosticsLog',
        requestId: res.body.requestId,
        log: {
          remoteLocation: 'ftp://logs.example/upload/',
          oldestTimestamp: '2029-12-01T00:00:00.000Z',
          latestTimestamp: '2029-12-02T00:00:00.000Z',
        },
        retries: 1,
      },
    ]);
    await cp.call('LogStatusNotification', { status: 'Uploading', requestId: res.body.requestId });
    await cp.call('LogStatusNotification', { status: 'Uploaded', requestId: res.body.requestId });
    const charger = await tenant.api<{ logUploadStatus: { status: string; requestId: number | null } }>(
      'GET',
      '/v1/charge-points/CP-201-log',
    );
    expect(charger.body.logUploadStatus).toMatchObject({ status: 'Uploaded', requestId: res.body.requestId });

    const security = await tenant.api<FirmwareRequestView>(
      'POST',
      '/v1/charge-points/CP-201-log/diagnostics',
      {
        location: 'ftp://logs.example/upload/',
        logType: 'SecurityLog',
      },
    );
    expect(security.status).toBe(201);
    expect(security.body).toMatchObject({ logType: 'SecurityLog', fileName: 'SecurityLog-CP-201-log.tgz' });
    expect(logs.at(-1)).toEqual({
      logType: 'SecurityLog',
      requestId: security.body.requestId,
      log: { remoteLocation: 'ftp://logs.example/upload/' },
    });
  });

  it('refuses what a 1.6 charger cannot take (422) and sends it nothing', async () => {
    const v16 = await tenant.charger('CP-201-fw16');
    open.push(v16);
    const updates = answering(v16, 'UpdateFirmware', () => ({}));
    const signed = await tenant.api('POST', '/v1/charge-points/CP-201-fw16/firmware-updates', {
      location: 'https://firmware.example/volt-3.0.bin',
      retrieveDate: '2030-01-01T02:00:00.000Z',
      signature: 'c2ln',
    });
    expect(signed.status).toBe(422);
    expect(JSON.stringify(signed.body)).toContain('signature');
    const security = await tenant.api('POST', '/v1/charge-points/CP-201-fw16/diagnostics', {
      location: 'ftp://logs.example/',
      logType: 'SecurityLog',
    });
    expect(security.status).toBe(422);
    expect(updates).toEqual([]);
    const view = await tenant.api<{ requests: unknown[] }>('GET', '/v1/charge-points/CP-201-fw16/firmware');
    expect(view.body.requests).toEqual([]);
  });
});
