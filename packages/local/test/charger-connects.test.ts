import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { exchange, HandshakeRefused, rawSocket, strictCharger } from './support/chargers.ts';
import { signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('a new tenant connects its first OCPP 1.6 charger', () => {
  it('boots, beats and reports status through the whole path; the API shows it live', async () => {
    const { api, ocppUrl, password, tenantId } = await signUpWithChargePoint(stack, 'CP-1');
    expect(ocppUrl).toBe(`${stack.ocppUrl}/${tenantId}/CP-1`);

    const charger = strictCharger(ocppUrl, password);
    await charger.connect();
    expect(charger.protocol).toBe('ocpp1.6');

    const boot = (await charger.call('BootNotification', {
      chargePointVendor: 'Alfen',
      chargePointModel: 'Eve Single Pro',
      chargePointSerialNumber: 'ACE0012345',
      firmwareVersion: '6.4.1',
    })) as { status: string; interval: number; currentTime: string };
    expect(boot.status).toBe('Accepted');
    expect(boot.interval).toBeGreaterThan(0);
    expect(boot.interval).toBeLessThan(600);
    expect(Math.abs(Date.parse(boot.currentTime) - Date.now())).toBeLessThan(60_000);

    const beat = (await charger.call('Heartbeat', {})) as { currentTime: string };
    expect(Date.parse(beat.currentTime)).not.toBeNaN();

    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await charger.call('StatusNotification', {
      connectorId: 2,
      errorCode: 'GroundFailure',
      status: 'Faulted',
      timestamp: '2026-11-21T08:00:00.000Z',
    });

    const shown = await api('GET', '/v1/charge-points/CP-1');
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      id: 'CP-1',
      connected: true,
      boot: {
        vendor: 'Alfen',
        model: 'Eve Single Pro',
        serialNumber: 'ACE0012345',
        firmwareVersion: '6.4.1',
      },
      connectors: [
        { connectorId: 1, status: 'Available' },
        {
          connectorId: 2,
          status: 'Faulted',
          errorCode: 'GroundFailure',
          updatedAt: '2026-11-21T08:00:00.000Z',
        },
      ],
    });
    expect(Date.parse(shown.body.lastSeenAt as string)).not.toBeNaN();

    await charger.close();
    // $disconnect runs after the socket closes; the API then reports the charger offline.
    await expect.poll(async () => (await api('GET', '/v1/charge-points/CP-1')).body.connected).toBe(false);
  });

  it('keeps the newest report when an older queued StatusNotification arrives late', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-queue');
    const charger = strictCharger(ocppUrl, password);
    await charger.connect();
    await charger.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Charging',
      timestamp: '2026-11-21T10:00:00Z',
    });
    await charger.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Preparing',
      timestamp: '2026-11-21T09:00:00Z',
    });
    const shown = await api('GET', '/v1/charge-points/CP-queue');
    expect(shown.body.connectors).toEqual([
      { connectorId: 1, status: 'Charging', updatedAt: '2026-11-21T10:00:00.000Z' },
    ]);
    await charger.close();
  });
});

describe('the handshake refuses what is not a known charger speaking OCPP', () => {
  it('refuses a wrong password with 401', async () => {
    const { ocppUrl } = await signUpWithChargePoint(stack, 'CP-pw');
    await expect(rawSocket(ocppUrl, { user: 'CP-pw', password: 'not-the-password' })).rejects.toEqual(
      new HandshakeRefused(401),
    );
  });

  it('refuses an unknown charger with 401', async () => {
    const { tenantId } = await signUpWithChargePoint(stack, 'CP-known');
    await expect(
      rawSocket(`${stack.ocppUrl}/${tenantId}/CP-unknown`, {
        user: 'CP-unknown',
        password: 'whatever-password',
      }),
    ).rejects.toEqual(new HandshakeRefused(401));
  });

  it('refuses a connection without credentials with 401', async () => {
    const { ocppUrl } = await signUpWithChargePoint(stack, 'CP-anon');
    await expect(rawSocket(ocppUrl)).rejects.toEqual(new HandshakeRefused(401));
  });

  it('refuses a charger of another tenant presenting its own password under this tenant', async () => {
    const a = await signUpWithChargePoint(stack, 'CP-shared');
    const b = await signUpWithChargePoint(stack, 'CP-shared');
    await expect(
      rawSocket(`${stack.ocppUrl}/${a.tenantId}/CP-shared`, { user: 'CP-shared', password: b.password }),
    ).rejects.toEqual(new HandshakeRefused(401));
    // Same identity in two tenants, each with its own password: both connect.
    const wsA = await rawSocket(a.ocppUrl, { user: 'CP-shared', password: a.password });
    const wsB = await rawSocket(b.ocppUrl, { user: 'CP-shared', password: b.password });
    wsA.close();
    wsB.close();
  });

  it('refuses a charger that offers no OCPP subprotocol we speak', async () => {
    const { ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-proto');
    await expect(rawSocket(ocppUrl, { user: 'CP-proto', password, protocols: ['ocpp1.5'] })).rejects.toEqual(
      new HandshakeRefused(400),
    );
  });

  it('answers 404 for a path that is not /ocpp/{tenant}/{chargePoint}', async () => {
    await expect(rawSocket(`${stack.ocppUrl}`)).rejects.toEqual(new HandshakeRefused(404));
  });

  it('accepts ocpp2.0.1 when that is what the charger offers', async () => {
    const { ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-201');
    const charger = strictCharger(ocppUrl, password, ['ocpp2.0.1']);
    await charger.connect();
    expect(charger.protocol).toBe('ocpp2.0.1');
    const boot = (await charger.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { model: 'Wallbox X', vendorName: 'ACME' },
    })) as { status: string };
    expect(boot.status).toBe('Accepted');
    await charger.close();
  });
});

describe('bad frames get the right CALLERROR and the connection stays open', () => {
  it('answers each kind of bad frame and still serves a valid call afterwards', async () => {
    const { ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-bad');
    const ws = await rawSocket(ocppUrl, { user: 'CP-bad', password });

    const notJson = await exchange(ws, '[2, "m1", "Heartbeat", {');
    expect(notJson[0]).toBe(4);
    expect(notJson[2]).toBe('FormationViolation');

    const unknownAction = await exchange(ws, '[2, "m2", "MakeCoffee", {}]');
    expect(unknownAction.slice(0, 3)).toEqual([4, 'm2', 'NotImplemented']);

    const missingField = await exchange(ws, '[2, "m3", "BootNotification", {"chargePointVendor": "X"}]');
    expect(missingField.slice(0, 3)).toEqual([4, 'm3', 'OccurenceConstraintViolation']); // sic: OCPP 1.6's spelling

    const wrongType = await exchange(
      ws,
      '[2, "m4", "StatusNotification", {"connectorId": "one", "errorCode": "NoError", "status": "Available"}]',
    );
    expect(wrongType.slice(0, 3)).toEqual([4, 'm4', 'TypeConstraintViolation']);

    const badEnum = await exchange(
      ws,
      '[2, "m5", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Sleeping"}]',
    );
    expect(badEnum.slice(0, 3)).toEqual([4, 'm5', 'PropertyConstraintViolation']);

    const tooLong = await exchange(
      ws,
      `[2, "m6", "BootNotification", {"chargePointVendor": "${'V'.repeat(21)}", "chargePointModel": "M"}]`,
    );
    expect(tooLong.slice(0, 3)).toEqual([4, 'm6', 'PropertyConstraintViolation']);

    const stillAlive = await exchange(ws, '[2, "m7", "Heartbeat", {}]');
    expect(stillAlive[0]).toBe(3);
    expect(stillAlive[1]).toBe('m7');
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });
});
