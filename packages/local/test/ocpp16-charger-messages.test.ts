import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import { type ChargingTenant, chargingTenant, customerWithToken, minutesFromNow } from './support/ocpp16.ts';

/**
 * OCPP 1.6 conformance, charger → CSMS: every message a 1.6 charger sends, from an independent strict client
 * (ocpp-rpc validates each request it sends and each answer it receives against the OCA schemas, so a
 * schema-invalid answer fails the call), through the local gateway and the real handlers. Transactions have
 * their own suite (`ocpp16-transactions.test.ts`).
 */
let stack: LocalStack;
let tenant: ChargingTenant;
let charger: RPCClient;

beforeAll(async () => {
  stack = await startTestStack();
  tenant = await chargingTenant(stack, 'CP-conf');
  charger = await tenant.charger('CP-conf');
});
afterAll(async () => {
  await charger?.close({ force: true });
  await stack?.stop();
});

type IdTagInfo = { status: string; expiryDate?: string; parentIdTag?: string };
const authorize = async (idTag: string) =>
  ((await charger.call('Authorize', { idTag })) as { idTagInfo: IdTagInfo }).idTagInfo;

describe('Authorize applies rule I4', () => {
  it('accepts a valid token whose customer accepted the current Terms, in any letter case', async () => {
    await customerWithToken(tenant, 'AUTH-OK-1');
    expect(await authorize('AUTH-OK-1')).toEqual({ status: 'Accepted' });
    expect(await authorize('auth-ok-1')).toEqual({ status: 'Accepted' });
  });

  it('tells the charger the expiry and the group of a token', async () => {
    const expiresAt = minutesFromNow(60 * 24 * 30);
    await customerWithToken(tenant, 'AUTH-GROUP-1', { expiresAt, groupIdTag: 'FLEET-ACME' });
    expect(await authorize('AUTH-GROUP-1')).toEqual({
      status: 'Accepted',
      expiryDate: expiresAt,
      parentIdTag: 'FLEET-ACME',
    });
  });

  it('answers Invalid for an unknown token', async () => {
    expect(await authorize('NOBODY-KNOWS-ME')).toEqual({ status: 'Invalid' });
  });

  it('answers Blocked for a blocked token, and Accepted again once unblocked', async () => {
    await customerWithToken(tenant, 'AUTH-LOST-1');
    const blocked = await tenant.api('PATCH', '/v1/id-tokens/AUTH-LOST-1', {
      status: 'Blocked',
      reason: 'card lost',
    });
    expect(blocked.status).toBe(200);
    expect(await authorize('AUTH-LOST-1')).toEqual({ status: 'Blocked' });
    await tenant.api('PATCH', '/v1/id-tokens/AUTH-LOST-1', { status: 'Accepted' });
    expect(await authorize('AUTH-LOST-1')).toEqual({ status: 'Accepted' });
  });

  it('answers Blocked for a blocked or suspended customer (A3)', async () => {
    const blocked = await customerWithToken(tenant, 'AUTH-CUS-BLK');
    await tenant.api('PATCH', `/v1/customers/${blocked}`, { status: 'blocked', reason: 'fraud' });
    expect(await authorize('AUTH-CUS-BLK')).toEqual({ status: 'Blocked' });
    const suspended = await customerWithToken(tenant, 'AUTH-CUS-SUS');
    await tenant.api('PATCH', `/v1/customers/${suspended}`, { status: 'suspended', reason: 'false data' });
    expect(await authorize('AUTH-CUS-SUS')).toEqual({ status: 'Blocked' });
  });

  it('answers Blocked while the current Terms are not accepted (A2)', async () => {
    await customerWithToken(tenant, 'AUTH-NO-TERMS', { acceptTerms: false });
    expect(await authorize('AUTH-NO-TERMS')).toEqual({ status: 'Blocked' });
  });

  it('answers Blocked while the customer has unpaid debt (P5), Accepted once settled', async () => {
    const customerId = await customerWithToken(tenant, 'AUTH-DEBT-1');
    // Debt is booked by the payments feature; its seam is the db module.
    await stack.deps.customers.adjustOutstandingDebt(tenant.tenantId, customerId, 1999);
    expect(await authorize('AUTH-DEBT-1')).toEqual({ status: 'Blocked' });
    await stack.deps.customers.adjustOutstandingDebt(tenant.tenantId, customerId, -1999);
    expect(await authorize('AUTH-DEBT-1')).toEqual({ status: 'Accepted' });
  });

  it('answers Blocked without a usable payment means, Accepted once the balance holds funds (I4, P1)', async () => {
    const customerId = await customerWithToken(tenant, 'AUTH-NO-MONEY', { type: 'individual' });
    expect(await authorize('AUTH-NO-MONEY')).toEqual({ status: 'Blocked' });
    const credited = await tenant.api('POST', `/v1/customers/${customerId}/balance/credits`, {
      amount: 2000,
      reason: 'welcome credit',
    });
    expect(credited.status, JSON.stringify(credited.body)).toBe(201);
    expect(await authorize('AUTH-NO-MONEY')).toEqual({ status: 'Accepted' });
  });

  it('answers Expired for a token past its expiry', async () => {
    const expiresAt = minutesFromNow(-1);
    await customerWithToken(tenant, 'AUTH-OLD-1', { expiresAt });
    expect(await authorize('AUTH-OLD-1')).toEqual({ status: 'Expired', expiryDate: expiresAt });
  });

  it('blocks everyone after a material Terms change until they accept it again', async () => {
    // Own tenant: a new Terms version here would block the other tests' customers.
    const other = await chargingTenant(stack, 'CP-terms');
    const cp = await other.charger('CP-terms');
    const customerId = await customerWithToken(other, 'AUTH-TERMS-2');
    const status = async () =>
      ((await cp.call('Authorize', { idTag: 'AUTH-TERMS-2' })) as { idTagInfo: IdTagInfo }).idTagInfo.status;
    expect(await status()).toBe('Accepted');
    const v2 = await other.api<{ id: string }>('POST', '/v1/terms', {
      kind: 'terms',
      version: '2',
      material: true,
      text: 'New terms.',
    });
    expect(await status()).toBe('Blocked');
    await other.api('POST', `/v1/customers/${customerId}/terms-acceptances`, { termsId: v2.body.id });
    expect(await status()).toBe('Accepted');
    await cp.close();
  });
});

describe('the other charger-initiated messages', () => {
  it('BootNotification: Accepted, with the CSMS clock and a heartbeat interval under the idle limit', async () => {
    const boot = (await charger.call('BootNotification', {
      chargePointVendor: 'ABB',
      chargePointModel: 'Terra AC',
      chargePointSerialNumber: 'TACW-0001',
      chargeBoxSerialNumber: 'BOX-0001',
      firmwareVersion: '1.6.3',
      iccid: '8949000000000000001',
      imsi: '262010000000001',
      meterType: 'EM340',
      meterSerialNumber: 'MTR-0001',
    })) as { status: string; currentTime: string; interval: number };
    expect(boot.status).toBe('Accepted');
    expect(boot.interval).toBeGreaterThan(0);
    expect(boot.interval).toBeLessThan(600);
    expect(Math.abs(Date.parse(boot.currentTime) - Date.now())).toBeLessThan(60_000);
    const shown = await tenant.api('GET', '/v1/charge-points/CP-conf');
    expect(shown.body).toMatchObject({
      boot: { vendor: 'ABB', model: 'Terra AC', serialNumber: 'TACW-0001', firmwareVersion: '1.6.3' },
    });
  });

  it('Heartbeat: the CSMS clock', async () => {
    const beat = (await charger.call('Heartbeat', {})) as { currentTime: string };
    expect(Math.abs(Date.parse(beat.currentTime) - Date.now())).toBeLessThan(60_000);
  });

  it('DataTransfer: no vendor extension is implemented, so UnknownVendorId', async () => {
    expect(
      await charger.call('DataTransfer', { vendorId: 'com.example', messageId: 'Hello', data: '{"x":1}' }),
    ).toEqual({ status: 'UnknownVendorId' });
    expect(await charger.call('DataTransfer', { vendorId: 'com.example' })).toEqual({
      status: 'UnknownVendorId',
    });
  });

  it('DiagnosticsStatusNotification: every status is answered', async () => {
    for (const status of ['Idle', 'Uploading', 'Uploaded', 'UploadFailed']) {
      expect(await charger.call('DiagnosticsStatusNotification', { status })).toEqual({});
    }
  });

  it('FirmwareStatusNotification: every status is answered', async () => {
    const statuses = [
      'Idle',
      'Downloading',
      'Downloaded',
      'DownloadFailed',
      'Installing',
      'Installed',
      'InstallationFailed',
    ];
    for (const status of statuses) {
      expect(await charger.call('FirmwareStatusNotification', { status })).toEqual({});
    }
  });

  it('StatusNotification: recorded per connector with the charger’s time; connector 0 is the charger', async () => {
    const at = minutesFromNow(-1);
    expect(
      await charger.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Available',
        timestamp: at,
      }),
    ).toEqual({});
    expect(
      await charger.call('StatusNotification', {
        connectorId: 2,
        errorCode: 'OtherError',
        status: 'Faulted',
        info: 'RCD tripped',
        vendorId: 'com.example',
        vendorErrorCode: 'E42',
      }),
    ).toEqual({});
    expect(
      await charger.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' }),
    ).toEqual({});
    const shown = await tenant.api<{ connectors: { connectorId: number; status: string }[] }>(
      'GET',
      '/v1/charge-points/CP-conf',
    );
    expect(shown.body.connectors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ connectorId: 1, status: 'Available', updatedAt: at }),
        expect.objectContaining({ connectorId: 2, status: 'Faulted', errorCode: 'OtherError' }),
      ]),
    );
  });

  it('StatusNotification queued offline: an older report arriving late does not overwrite a newer one', async () => {
    const cp = await tenant.charger('CP-offline-status');
    const newer = minutesFromNow(-60);
    const older = minutesFromNow(-180);
    await cp.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Charging',
      timestamp: newer,
    });
    expect(
      await cp.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Preparing',
        timestamp: older,
      }),
    ).toEqual({});
    const shown = await tenant.api<{ connectors: unknown[] }>('GET', '/v1/charge-points/CP-offline-status');
    expect(shown.body.connectors).toEqual([
      expect.objectContaining({ connectorId: 1, status: 'Charging', updatedAt: newer }),
    ]);
    await cp.close();
  });
});
