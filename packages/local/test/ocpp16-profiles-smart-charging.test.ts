import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import { type ChargingTenant, chargingTenant, customerWithToken } from './support/ocpp16.ts';

/**
 * OCPP 1.6 SmartCharging through the charging-profiles API: SetChargingProfile validated by the official
 * schema (and the rules around it) before it is sent, stored with the charger's answer, ClearChargingProfile,
 * GetCompositeSchedule. Strict ocpp-rpc chargers validate each CALL on their side.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
let charger: RPCClient;
const set: Record<string, unknown>[] = [];
const cleared: Record<string, unknown>[] = [];
let answer = 'Accepted';

beforeAll(async () => {
  stack = await startTestStack({
    environment: {
      OCPP_CALL_TIMEOUT_MS: '3000',
    },
  });
  tenant = await chargingTenant(stack, 'CP-sc-1');
  charger = await tenant.charger('CP-sc-1');
  charger.handle('SetChargingProfile', async ({ params: raw }) => {
    const params = raw as Record<string, unknown>;
    set.push(params);
    return { status: answer };
  });
  charger.handle('ClearChargingProfile', async ({ params: raw }) => {
    const params = raw as { id?: number };
    cleared.push(params);
    return { status: params.id === 99 ? 'Unknown' : 'Accepted' };
  });
  charger.handle('GetCompositeSchedule', async ({ params }) => ({
    status: 'Accepted',
    connectorId: (params as { connectorId: number }).connectorId,
    scheduleStart: '2030-01-01T00:00:00.000Z',
    chargingSchedule: {
      duration: (params as { duration: number }).duration,
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
    },
  }));
});
afterAll(async () => {
  await charger?.close({ force: true });
  await stack?.stop();
});

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

interface ProfileView {
  chargingProfileId: number;
  connectorId: number;
  purpose: string;
  stackLevel: number;
  transactionId: number | null;
  status: string;
}

const put = (body: unknown) =>
  tenant.api<ProfileView>('POST', '/v1/charge-points/CP-sc-1/charging-profiles', body);
const list = async () =>
  (await tenant.api<{ items: ProfileView[] }>('GET', '/v1/charge-points/CP-sc-1/charging-profiles')).body
    .items;

describe('charging profiles', () => {
  it('sets a TxDefaultProfile and a ChargePointMaxProfile, stored with the answer', async () => {
    const txDefault = { connectorId: 1, csChargingProfiles: profile(1, 'TxDefaultProfile') };
    const res = await put(txDefault);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      chargingProfileId: 1,
      connectorId: 1,
      purpose: 'TxDefaultProfile',
      stackLevel: 0,
      transactionId: null,
      status: 'Accepted',
      csChargingProfiles: txDefault.csChargingProfiles,
    });
    expect(set.at(-1)).toEqual(txDefault);
    expect(
      (await put({ connectorId: 0, csChargingProfiles: profile(2, 'ChargePointMaxProfile') })).status,
    ).toBe(200);
    expect((await list()).map((p) => [p.chargingProfileId, p.purpose, p.status])).toEqual([
      [1, 'TxDefaultProfile', 'Accepted'],
      [2, 'ChargePointMaxProfile', 'Accepted'],
    ]);
  });

  it('replaces a profile of the same purpose and stack level on the connector, as the charger does', async () => {
    await put({ connectorId: 1, csChargingProfiles: profile(3, 'TxDefaultProfile') });
    const ids = (await list()).map((p) => p.chargingProfileId);
    expect(ids).toContain(3);
    expect(ids).not.toContain(1);
  });

  it('sets a TxProfile for a running transaction only', async () => {
    await customerWithToken(tenant, 'SC-TAG-1');
    const { transactionId } = (await charger.call('StartTransaction', {
      connectorId: 2,
      idTag: 'SC-TAG-1',
      meterStart: 0,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    const tx = { connectorId: 2, csChargingProfiles: profile(4, 'TxProfile', 1, { transactionId }) };
    const res = await put(tx);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ purpose: 'TxProfile', transactionId, status: 'Accepted' });
    expect(set.at(-1)).toEqual(tx);

    const wrongConnector = await put({
      connectorId: 1,
      csChargingProfiles: profile(5, 'TxProfile', 1, { transactionId }),
    });
    expect(wrongConnector.status).toBe(422);
    await charger.call('StopTransaction', {
      transactionId,
      meterStop: 500,
      timestamp: new Date().toISOString(),
    });
    expect((await put(tx)).status).toBe(409);
  });

  it('keeps an accepted profile when the charger refuses a change of it, and stores a refused new one', async () => {
    answer = 'Rejected';
    try {
      const res = await put({ connectorId: 0, csChargingProfiles: profile(2, 'ChargePointMaxProfile', 0) });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('Rejected');
      expect((await list()).find((p) => p.chargingProfileId === 2)?.status).toBe('Accepted');
      await put({ connectorId: 1, csChargingProfiles: profile(6, 'TxDefaultProfile', 5) });
      expect((await list()).find((p) => p.chargingProfileId === 6)?.status).toBe('Rejected');
    } finally {
      answer = 'Accepted';
    }
  });

  it('validates by the OCPP schema and the profile rules (422 naming the field), before sending', async () => {
    const sent = set.length;
    const cases: [unknown, string][] = [
      [
        {
          connectorId: 1,
          csChargingProfiles: { ...profile(7, 'TxDefaultProfile'), chargingProfileKind: 'Daily' },
        },
        'chargingProfileKind',
      ],
      [{ connectorId: 1, csChargingProfiles: { ...profile(7, 'TxDefaultProfile'), extra: 1 } }, 'extra'],
      [{ connectorId: 1 }, 'csChargingProfiles'],
      [{ connectorId: 2, csChargingProfiles: profile(7, 'ChargePointMaxProfile') }, 'connectorId'],
      [{ connectorId: 0, csChargingProfiles: profile(7, 'TxProfile') }, 'connectorId'],
      [
        {
          connectorId: 1,
          csChargingProfiles: { ...profile(7, 'TxDefaultProfile'), chargingProfileKind: 'Recurring' },
        },
        'recurrencyKind',
      ],
      [
        {
          connectorId: 1,
          csChargingProfiles: {
            ...profile(7, 'TxDefaultProfile'),
            chargingSchedule: {
              chargingRateUnit: 'W',
              chargingSchedulePeriod: [{ startPeriod: 60, limit: 11000 }],
            },
          },
        },
        'startPeriod',
      ],
      [
        { connectorId: 1, csChargingProfiles: profile(7, 'TxDefaultProfile', 0, { transactionId: 1 }) },
        'transactionId',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await put(body);
      expect(res.status, field).toBe(422);
      expect(JSON.stringify(res.body), field).toContain(field);
    }
    expect(set).toHaveLength(sent);
  });

  it('clears a profile with ClearChargingProfile; an unknown one is 404, one the charger lost is removed too', async () => {
    const res = await tenant.api('DELETE', '/v1/charge-points/CP-sc-1/charging-profiles/2');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ chargingProfileId: 2, status: 'Accepted' });
    expect(cleared).toEqual([{ id: 2 }]);
    expect((await list()).map((p) => p.chargingProfileId)).not.toContain(2);
    expect((await tenant.api('DELETE', '/v1/charge-points/CP-sc-1/charging-profiles/2')).status).toBe(404);
    expect((await tenant.api('DELETE', '/v1/charge-points/CP-sc-1/charging-profiles/abc')).status).toBe(404);

    await put({ connectorId: 1, csChargingProfiles: profile(99, 'TxDefaultProfile', 7) });
    const unknown = await tenant.api('DELETE', '/v1/charge-points/CP-sc-1/charging-profiles/99');
    expect(unknown.body).toEqual({ chargingProfileId: 99, status: 'Unknown' });
    expect((await list()).map((p) => p.chargingProfileId)).not.toContain(99);
  });

  it("returns the charger's composite schedule", async () => {
    const res = await tenant.api(
      'GET',
      '/v1/charge-points/CP-sc-1/composite-schedule?connectorId=1&duration=3600&chargingRateUnit=A',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'Accepted',
      connectorId: 1,
      chargingSchedule: { duration: 3600, chargingRateUnit: 'A' },
    });
    // Defaults: the whole charger, for a day.
    const defaults = await tenant.api('GET', '/v1/charge-points/CP-sc-1/composite-schedule');
    expect(defaults.body).toMatchObject({ connectorId: 0, chargingSchedule: { duration: 86_400 } });
    const invalid = await tenant.api('GET', '/v1/charge-points/CP-sc-1/composite-schedule?duration=0');
    expect(invalid.status).toBe(422);
    expect(JSON.stringify(invalid.body.errors)).toContain('duration');
  });

  it('answers 409 for a charger that is not connected and 404 for an unknown one', async () => {
    await tenant.credentials('CP-sc-off');
    const body = { connectorId: 1, csChargingProfiles: profile(1, 'TxDefaultProfile') };
    expect((await tenant.api('POST', '/v1/charge-points/CP-sc-off/charging-profiles', body)).status).toBe(
      409,
    );
    expect(
      (await tenant.api('GET', '/v1/charge-points/CP-sc-off/composite-schedule?connectorId=0&duration=60'))
        .status,
    ).toBe(409);
    expect((await tenant.api('POST', '/v1/charge-points/CP-nope/charging-profiles', body)).status).toBe(404);
    expect((await tenant.api('GET', '/v1/charge-points/CP-nope/charging-profiles')).status).toBe(404);
  });
});
