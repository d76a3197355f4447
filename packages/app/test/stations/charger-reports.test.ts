import {
  applyEvseConnectorReport,
  type ConnectorStatus,
  DEFAULT_HEARTBEAT_INTERVAL_SECONDS,
  defaultTenantSettings,
} from '@csms/core';
import type { AvailabilityIntent, StoredTenant } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { type BootReport, recordChargerBoot } from '../../src/stations/charger-boot.ts';
import { recordConnectorStatusReport } from '../../src/stations/connector-status.ts';
import { recordFirmwareStatusReport } from '../../src/stations/firmware/status-report.ts';
import { fakeDeps } from '../support/fake-deps.ts';
import { answering, chargerWorld, fastTimeouts, result, TENANT } from './charger-world.ts';

const RECEIVED_AT = new Date('2026-03-15T12:00:00.000Z');

const tenant = (heartbeatIntervalSeconds?: number): StoredTenant => ({
  id: TENANT,
  name: 'Volt Parking',
  email: 'ops@volt.example',
  country: 'DE',
  currency: 'EUR',
  createdAt: '2026-01-01T00:00:00.000Z',
  settings:
    heartbeatIntervalSeconds === undefined
      ? defaultTenantSettings
      : { ...defaultTenantSettings, heartbeatIntervalSeconds },
});

/** A booting charger: its boot records, the tenant's settings, and its availability wish, if any. */
function bootWorld(
  options: { tenant?: StoredTenant; intent?: AvailabilityIntent; ocppVersion?: 'ocpp1.6' | 'ocpp2.0.1' } = {},
) {
  const boots: { chargePointId: string; boot: Record<string, unknown> }[] = [];
  const intents = new Map<string, AvailabilityIntent>(options.intent ? [['CP-1', options.intent]] : []);
  const world = chargerWorld({
    chargePoints: [{ ocppVersion: options.ocppVersion ?? 'ocpp1.6' }],
    settings: { timeouts: fastTimeouts },
    answer: answering({ ChangeAvailability: result({ status: 'Accepted' }) }),
    repositories: {
      chargePoints: {
        recordBoot: async (_tenantId, chargePointId, boot) =>
          void boots.push({ chargePointId, boot: { ...boot } }),
      },
      tenants: { getTenant: async () => options.tenant },
      availability: {
        getAvailabilityIntent: async (_tenantId, chargePointId) => intents.get(chargePointId),
        recordAvailabilityAttempt: async (_tenantId, chargePointId, requestedAt, outcome) => {
          const intent = intents.get(chargePointId);
          if (intent?.requestedAt !== requestedAt) return false;
          intents.set(chargePointId, { ...intent, state: outcome.state });
          return true;
        },
      },
    },
  });
  return { ...world, boots, intents };
}

const boot = (overrides: Partial<BootReport> = {}): BootReport => ({
  tenantId: TENANT,
  chargePointId: 'CP-1',
  ocppVersion: 'ocpp1.6',
  boot: { vendor: 'Acme', model: 'Wallbox 22', serialNumber: 'SN-1', firmwareVersion: '1.2.3' },
  receivedAt: RECEIVED_AT,
  ...overrides,
});

describe('recordChargerBoot', () => {
  it('records what the charger says it is, when it said so, and hands out the tenant’s heartbeat interval', async () => {
    const world = bootWorld({ tenant: tenant(120) });
    expect(await recordChargerBoot(world.deps, boot())).toEqual({
      status: 'Accepted',
      heartbeatIntervalSeconds: 120,
    });
    expect(world.boots).toEqual([
      {
        chargePointId: 'CP-1',
        boot: {
          vendor: 'Acme',
          model: 'Wallbox 22',
          serialNumber: 'SN-1',
          firmwareVersion: '1.2.3',
          receivedAt: RECEIVED_AT.toISOString(),
        },
      },
    ]);
    // No availability wish stored: nothing is sent to the charger.
    expect(world.calls).toEqual([]);
  });

  it('falls back to the default interval when the tenant has no record', async () => {
    const world = bootWorld();
    expect(await recordChargerBoot(world.deps, boot())).toEqual({
      status: 'Accepted',
      heartbeatIntervalSeconds: DEFAULT_HEARTBEAT_INTERVAL_SECONDS,
    });
  });

  it('tells a charger that missed a maintenance change while offline, in its own OCPP version', async () => {
    const pending: AvailabilityIntent = {
      type: 'Inoperative',
      requestedAt: '2026-03-15T11:00:00.000Z',
      state: 'pending',
    };
    const v16 = bootWorld({ tenant: tenant(), intent: pending });
    await recordChargerBoot(v16.deps, boot());
    expect(v16.calls.map((call) => [call.action, call.payload])).toEqual([
      ['ChangeAvailability', { connectorId: 0, type: 'Inoperative' }],
    ]);
    expect(v16.intents.get('CP-1')?.state).toBe('Accepted');

    const v201 = bootWorld({ tenant: tenant(), intent: pending, ocppVersion: 'ocpp2.0.1' });
    await recordChargerBoot(v201.deps, boot({ ocppVersion: 'ocpp2.0.1' }));
    expect(v201.calls.map((call) => call.payload)).toEqual([{ operationalStatus: 'Inoperative' }]);
  });
});

/** Connector statuses as stored, the connector → session map, and each session's status history. */
function statusWorld(active: Record<string, string> = {}) {
  const statuses: { chargePointId: string; status: ConnectorStatus }[] = [];
  const lookups: string[] = [];
  const history = new Map<string, { at: string; status: string }[]>();
  const evses = new Map<string, ConnectorStatus>();
  const deps = fakeDeps({
    repositories: {
      chargePoints: {
        recordConnectorStatus: async (_tenantId, chargePointId, status) =>
          void statuses.push({ chargePointId, status }),
        // The EVSE items as the repository keeps them, merged by the same pure rule.
        recordEvseConnectorStatus: async (_tenantId, chargePointId, evseId, evseConnectorId, report) => {
          const key = `${chargePointId}/${evseId}`;
          const next = applyEvseConnectorReport(evses.get(key), evseId, evseConnectorId, report);
          if (next) evses.set(key, next);
          return next;
        },
      },
      sessions: {
        connectorSessionId: async (_tenantId, chargePointId, connectorId) => {
          lookups.push(`${chargePointId}/${connectorId}`);
          return active[`${chargePointId}/${connectorId}`];
        },
      },
      sessionStatuses: {
        recordSessionStatus: async (_tenantId, sessionId, change) =>
          void history.set(sessionId, [...(history.get(sessionId) ?? []), change]),
      },
    },
  });
  return { deps, statuses, lookups, history, evses };
}

describe('recordConnectorStatusReport', () => {
  it('keeps the 1.6 connector’s status and adds it to the session running there, with the charger’s time', async () => {
    const world = statusWorld({ 'CP-1/1': 'ses_1' });
    const status = { connectorId: 1, status: 'SuspendedEV', updatedAt: '2026-03-15T11:30:00.000Z' };
    await recordConnectorStatusReport(world.deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      ocppVersion: 'ocpp1.6',
      status,
    });
    expect(world.statuses).toEqual([{ chargePointId: 'CP-1', status }]);
    expect(world.history.get('ses_1')).toEqual([{ at: '2026-03-15T11:30:00.000Z', status: 'SuspendedEV' }]);
  });

  it('keeps the status of connector 0 (the charger itself) without looking for a session', async () => {
    const world = statusWorld();
    const status = {
      connectorId: 0,
      status: 'Faulted',
      errorCode: 'PowerMeterFailure',
      updatedAt: '2026-03-15T11:30:00.000Z',
    };
    await recordConnectorStatusReport(world.deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      ocppVersion: 'ocpp1.6',
      status,
    });
    expect(world.statuses).toEqual([{ chargePointId: 'CP-1', status }]);
    expect(world.lookups).toEqual([]);
  });

  it('keeps a 2.0.1 EVSE’s status only: no 2.0.1 session is recorded for it to join', async () => {
    const world = statusWorld({ 'CP-1/1': 'ses_1' });
    const status = {
      connectorId: 1,
      evseConnectorId: 1,
      status: 'Occupied',
      updatedAt: '2026-03-15T11:30:00.000Z',
    };
    await recordConnectorStatusReport(world.deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      ocppVersion: 'ocpp2.0.1',
      status,
    });
    expect(world.evses.get('CP-1/1')).toEqual({
      connectorId: 1,
      status: 'Occupied',
      updatedAt: '2026-03-15T11:30:00.000Z',
      connectors: { '1': { status: 'Occupied', updatedAt: '2026-03-15T11:30:00.000Z' } },
    });
    expect(world.statuses).toEqual([]);
    expect(world.lookups).toEqual([]);
    expect(world.history.size).toBe(0);
  });

  it('keeps every connector of a 2.0.1 EVSE; its session sees Available only once all connectors are', async () => {
    const world = statusWorld({ 'CP-1/1': 'ses_1' });
    const report = (evseConnectorId: number, status: string, updatedAt: string) =>
      recordConnectorStatusReport(world.deps, {
        tenantId: TENANT,
        chargePointId: 'CP-1',
        ocppVersion: 'ocpp2.0.1',
        status: { connectorId: 1, evseConnectorId, status, updatedAt },
      });
    await report(1, 'Occupied', '2026-03-15T11:00:00.000Z');
    await report(2, 'Available', '2026-03-15T11:00:00.000Z');
    expect(world.evses.get('CP-1/1')?.status).toBe('Occupied');
    expect(world.history.size).toBe(0);

    // A late, older report of connector 1 changes nothing and reaches no session.
    await report(1, 'Available', '2026-03-15T10:00:00.000Z');
    expect(world.evses.get('CP-1/1')?.connectors?.['1']?.status).toBe('Occupied');
    expect(world.history.size).toBe(0);

    await report(1, 'Available', '2026-03-15T12:00:00.000Z');
    expect(world.evses.get('CP-1/1')).toMatchObject({
      status: 'Available',
      updatedAt: '2026-03-15T12:00:00.000Z',
    });
    expect(world.history.get('ses_1')).toEqual([{ at: '2026-03-15T12:00:00.000Z', status: 'Available' }]);
    expect(world.statuses).toEqual([]);
  });
});

describe('recordFirmwareStatusReport', () => {
  it('keeps firmware and diagnostics progress apart, stamped with the time it was received', async () => {
    const recorded: unknown[][] = [];
    const deps = fakeDeps({
      repositories: {
        chargePoints: { recordFirmwareStatus: async (...args) => void recorded.push(args) },
      },
    });
    const report = { tenantId: TENANT, chargePointId: 'CP-1', receivedAt: RECEIVED_AT };
    await recordFirmwareStatusReport(deps, { ...report, kind: 'firmware', status: 'Downloading' });
    await recordFirmwareStatusReport(deps, { ...report, kind: 'diagnostics', status: 'Uploaded' });
    expect(recorded).toEqual([
      // No request id: OCPP 1.6 FirmwareManagement reports name none.
      [TENANT, 'CP-1', 'firmware', 'Downloading', RECEIVED_AT, undefined],
      [TENANT, 'CP-1', 'diagnostics', 'Uploaded', RECEIVED_AT, undefined],
    ]);
  });
});
