import { createRPCError, type RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import { type ChargingTenant, chargingTenant } from './support/ocpp16.ts';

/**
 * OCPP 1.6 FirmwareManagement: UpdateFirmware and GetDiagnostics requested through the API (validated on the
 * strict charger's side), and the FirmwareStatusNotification / DiagnosticsStatusNotification the charger
 * sends back kept as a history next to the requests.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
let charger: RPCClient;
const updates: Record<string, unknown>[] = [];
const diagnostics: Record<string, unknown>[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    environment: {
      OCPP_CALL_TIMEOUT_MS: '3000',
    },
  });
  tenant = await chargingTenant(stack, 'CP-fw-1');
  charger = await tenant.charger('CP-fw-1');
  charger.handle('UpdateFirmware', async ({ params: raw }) => {
    const params = raw as Record<string, unknown>;
    updates.push(params);
    return {};
  });
  charger.handle('GetDiagnostics', async ({ params: raw }) => {
    const params = raw as Record<string, unknown>;
    diagnostics.push(params);
    return { fileName: 'diag-CP-fw-1.zip' };
  });
});
afterAll(async () => {
  await charger?.close({ force: true });
  await stack?.stop();
});

interface FirmwareView {
  chargePointId: string;
  firmwareVersion: string | null;
  firmwareStatus: { status: string; at: string } | null;
  diagnosticsStatus: { status: string; at: string } | null;
  requests: {
    kind: string;
    outcome: string;
    location: string;
    fileName: string | null;
    error: string | null;
  }[];
  statusHistory: { kind: string; status: string; at: string }[];
}

const firmware = async (id = 'CP-fw-1') =>
  (await tenant.api<FirmwareView>('GET', `/v1/charge-points/${id}/firmware`)).body;

describe('firmware updates', () => {
  it('sends UpdateFirmware and tracks the statuses the charger reports', async () => {
    const body = {
      location: 'https://firmware.example/volt-2.1.bin',
      retrieveDate: '2030-01-01T02:00:00Z',
      retries: 3,
      retryInterval: 600,
    };
    const res = await tenant.api('POST', '/v1/charge-points/CP-fw-1/firmware-updates', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'firmware', outcome: 'sent', ...body, fileName: null });
    expect(updates).toEqual([body]);

    for (const status of ['Downloading', 'Downloaded', 'Installing', 'Installed']) {
      await charger.call('FirmwareStatusNotification', { status });
    }
    await charger.call('BootNotification', {
      chargePointVendor: 'Volt',
      chargePointModel: 'Strict-1',
      firmwareVersion: '2.1',
    });
    const view = await firmware();
    expect(view).toMatchObject({
      chargePointId: 'CP-fw-1',
      firmwareVersion: '2.1',
      firmwareStatus: { status: 'Installed' },
      diagnosticsStatus: null,
    });
    expect(view.statusHistory.map((s) => `${s.kind}:${s.status}`)).toEqual([
      'firmware:Installed',
      'firmware:Installing',
      'firmware:Downloaded',
      'firmware:Downloading',
    ]);
    expect(view.requests).toEqual([expect.objectContaining({ kind: 'firmware', location: body.location })]);
  });

  it('validates the request by the OCPP schema before sending', async () => {
    const sent = updates.length;
    const noScheme = await tenant.api('POST', '/v1/charge-points/CP-fw-1/firmware-updates', {
      location: 'firmware.example/x.bin',
      retrieveDate: '2030-01-01T02:00:00Z',
    });
    expect(noScheme.status).toBe(422);
    expect(JSON.stringify(noScheme.body.errors)).toContain('location');
    const badDate = await tenant.api('POST', '/v1/charge-points/CP-fw-1/firmware-updates', {
      location: 'https://firmware.example/x.bin',
      retrieveDate: 'tomorrow',
    });
    expect(badDate.status).toBe(422);
    expect(updates).toHaveLength(sent);
  });
});

describe('diagnostics', () => {
  it('sends GetDiagnostics, returns the file name and tracks the upload', async () => {
    const body = {
      location: 'ftp://logs.example/upload/',
      startTime: '2029-12-01T00:00:00Z',
      stopTime: '2029-12-02T00:00:00Z',
    };
    const res = await tenant.api('POST', '/v1/charge-points/CP-fw-1/diagnostics', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'diagnostics',
      outcome: 'sent',
      fileName: 'diag-CP-fw-1.zip',
      ...body,
    });
    expect(diagnostics).toEqual([body]);
    await charger.call('DiagnosticsStatusNotification', { status: 'Uploading' });
    await charger.call('DiagnosticsStatusNotification', { status: 'Uploaded' });
    const view = await firmware();
    expect(view.diagnosticsStatus).toMatchObject({ status: 'Uploaded' });
    expect(view.statusHistory.slice(0, 2).map((s) => `${s.kind}:${s.status}`)).toEqual([
      'diagnostics:Uploaded',
      'diagnostics:Uploading',
    ]);
    expect(view.requests.map((r) => r.kind)).toEqual(['diagnostics', 'firmware']);
  });

  it('keeps a request the charger refused as failed (502), and answers 409 / 404 for offline / unknown', async () => {
    const other = await tenant.charger('CP-fw-2');
    other.handle('GetDiagnostics', async () => {
      throw createRPCError('NotSupported', 'no logs');
    });
    try {
      const res = await tenant.api('POST', '/v1/charge-points/CP-fw-2/diagnostics', {
        location: 'ftp://logs.example/upload/',
      });
      expect(res.status).toBe(502);
      const view = await firmware('CP-fw-2');
      expect(view.requests).toEqual([expect.objectContaining({ kind: 'diagnostics', outcome: 'failed' })]);
      expect(view.requests[0]?.error).toContain('NotSupported');
    } finally {
      await other.close({ force: true });
    }
    await tenant.credentials('CP-fw-off');
    expect(
      (
        await tenant.api('POST', '/v1/charge-points/CP-fw-off/diagnostics', {
          location: 'ftp://logs.example/',
        })
      ).status,
    ).toBe(409);
    expect((await tenant.api('GET', '/v1/charge-points/CP-fw-none/firmware')).status).toBe(404);
  });
});
