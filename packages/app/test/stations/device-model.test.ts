import { ConflictError, NotFoundError, UpstreamTimeoutError } from '@csms/core';
import type {
  CustomerInformationPart,
  DeviceEvent,
  DeviceReportAnswer,
  DeviceReportPart,
  DeviceReportRequest,
  NewDeviceReportRequest,
  ReportedMonitor,
  ReportPartOrigin,
  VariableReport,
} from '@csms/db';
import type { Ocpp201 } from '@csms/ocpp';
import { describe, expect, it } from 'vitest';
import { assembleCustomerInformation } from '../../src/stations/device-model/queries.ts';
import { recordDeviceEvents } from '../../src/stations/device-model/record-events.ts';
import {
  recordDisplayMessages,
  recordReportedChargingProfiles,
} from '../../src/stations/device-model/record-held-reports.ts';
import { recordMonitoringReport } from '../../src/stations/device-model/record-monitoring-report.ts';
import { recordNotifyReport } from '../../src/stations/device-model/record-report.ts';
import { requestReport } from '../../src/stations/device-model/request-report.ts';
import { fakeDeps } from '../support/fake-deps.ts';
import { answering, chargerWorld, fastTimeouts, result, TENANT } from './charger-world.ts';

const RECEIVED_AT = new Date('2026-03-15T12:00:00.000Z');

/**
 * The device-model repository as a small in-memory fake: what was stored per call, and report requests whose
 * status follows parts the way the real one does (complete when the last part and all before it are in).
 */
function deviceModelFake(requests: Map<number, DeviceReportRequest> = new Map()) {
  const variableParts: { origin: ReportPartOrigin; reports: readonly VariableReport[] }[] = [];
  const pruned: { requestId: number; olderThan: string }[] = [];
  const answers: { requestId: number; answer: DeviceReportAnswer }[] = [];
  const created: NewDeviceReportRequest[] = [];
  const monitors: ReportedMonitor[] = [];
  const events: DeviceEvent[] = [];
  let counter = 0;
  const repository = {
    storeReportedVariables: async (
      _tenantId: string,
      _chargePointId: string,
      origin: ReportPartOrigin,
      reports: readonly VariableReport[],
    ) => {
      variableParts.push({ origin, reports });
      return { written: reports.length, unchanged: 0 };
    },
    recordReportPart: async (
      _tenantId: string,
      _chargePointId: string,
      kind: 'report' | 'monitoring',
      part: DeviceReportPart,
    ) => {
      const before: DeviceReportRequest = requests.get(part.requestId) ?? {
        kind,
        requestId: part.requestId,
        status: 'receiving',
        seqNos: [],
      };
      const seqNos = [...new Set([...before.seqNos, part.seqNo])].sort((a, b) => a - b);
      const lastSeqNo = part.tbc ? before.lastSeqNo : part.seqNo;
      const complete =
        lastSeqNo !== undefined && seqNos.filter((s) => s <= lastSeqNo).length === lastSeqNo + 1;
      const earliest = [before.earliestGeneratedAt, part.generatedAt]
        .filter((g) => g !== undefined)
        .sort()[0];
      const after: DeviceReportRequest = {
        ...before,
        seqNos,
        ...(lastSeqNo === undefined ? {} : { lastSeqNo }),
        ...(earliest ? { earliestGeneratedAt: earliest } : {}),
        status: complete ? 'complete' : 'receiving',
      };
      requests.set(part.requestId, after);
      return { request: after, completedNow: complete && before.status !== 'complete' };
    },
    pruneReportedVariables: async (
      _tenantId: string,
      _chargePointId: string,
      report: { requestId: number; olderThan: string },
    ) => {
      pruned.push(report);
      return 2;
    },
    nextReportRequestId: async () => ++counter,
    createReportRequest: async (
      _tenantId: string,
      _chargePointId: string,
      request: NewDeviceReportRequest,
    ) => {
      created.push(request);
      requests.set(request.requestId, { ...request, status: 'requested', seqNos: [] });
    },
    recordReportAnswer: async (
      _tenantId: string,
      _chargePointId: string,
      _kind: 'report' | 'monitoring',
      requestId: number,
      answer: DeviceReportAnswer,
    ) => void answers.push({ requestId, answer }),
    storeReportedMonitors: async (
      _tenantId: string,
      _chargePointId: string,
      given: readonly ReportedMonitor[],
    ) => void monitors.push(...given),
    storeDeviceEvents: async (_tenantId: string, _chargePointId: string, given: readonly DeviceEvent[]) =>
      void events.push(...given),
  };
  return { repository, variableParts, pruned, answers, created, monitors, events, requests };
}

const notifyReport = (overrides: Partial<Ocpp201.NotifyReportRequest> = {}): Ocpp201.NotifyReportRequest => ({
  requestId: 1,
  generatedAt: '2026-03-15T11:59:00+01:00',
  seqNo: 0,
  tbc: false,
  reportData: [
    {
      component: { name: 'EVSE', evse: { id: 1, connectorId: 2 }, customData: { vendorId: 'acme' } },
      variable: { name: 'Power' },
      variableAttribute: [
        { value: '0', mutability: 'ReadOnly' },
        { type: 'MaxSet', value: '22000' },
      ],
      variableCharacteristics: { dataType: 'decimal', unit: 'W', supportsMonitoring: true },
    },
  ],
  ...overrides,
});

describe('recordNotifyReport', () => {
  it('maps a part to stored variables: Actual by default, the EVSE flattened, vendor data and time zones gone', async () => {
    const fake = deviceModelFake();
    const deps = fakeDeps({ repositories: { deviceModel: fake.repository } });
    const outcome = await recordNotifyReport(deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      receivedAt: RECEIVED_AT,
      report: notifyReport(),
    });
    expect(fake.variableParts).toEqual([
      {
        origin: { requestId: 1, generatedAt: '2026-03-15T10:59:00.000Z' },
        reports: [
          {
            component: { name: 'EVSE', evseId: 1, connectorId: 2 },
            variable: { name: 'Power' },
            attributes: [
              { type: 'Actual', value: '0', mutability: 'ReadOnly' },
              { type: 'MaxSet', value: '22000' },
            ],
            characteristics: { dataType: 'decimal', unit: 'W', supportsMonitoring: true },
          },
        ],
      },
    ]);
    expect(outcome).toEqual({ status: 'complete', written: 1, unchanged: 0, pruned: 0 });
  });

  it('prunes only once a full inventory the CSMS asked for is complete, against its earliest part', async () => {
    const requests = new Map<number, DeviceReportRequest>([
      [1, { kind: 'report', requestId: 1, status: 'requested', reportBase: 'FullInventory', seqNos: [] }],
    ]);
    const fake = deviceModelFake(requests);
    const deps = fakeDeps({ repositories: { deviceModel: fake.repository } });
    const part = (seqNo: number, tbc: boolean, generatedAt: string) =>
      recordNotifyReport(deps, {
        tenantId: TENANT,
        chargePointId: 'CP-1',
        receivedAt: RECEIVED_AT,
        report: notifyReport({ seqNo, tbc, generatedAt }),
      });
    // The last part first: not complete until part 0 is in.
    expect((await part(1, false, '2026-03-15T11:00:01Z')).status).toBe('receiving');
    expect(fake.pruned).toEqual([]);
    expect(await part(0, true, '2026-03-15T11:00:00Z')).toMatchObject({ status: 'complete', pruned: 2 });
    expect(fake.pruned).toEqual([{ requestId: 1, olderThan: '2026-03-15T11:00:00.000Z' }]);
    expect(deps.logged.some((line) => line.message === 'Device model report complete')).toBe(true);
  });

  it('never prunes after a partial report (configuration, criteria, or a request it did not make)', async () => {
    const requests = new Map<number, DeviceReportRequest>([
      [
        1,
        {
          kind: 'report',
          requestId: 1,
          status: 'requested',
          reportBase: 'ConfigurationInventory',
          seqNos: [],
        },
      ],
    ]);
    const fake = deviceModelFake(requests);
    const deps = fakeDeps({ repositories: { deviceModel: fake.repository } });
    for (const requestId of [1, 2]) {
      await recordNotifyReport(deps, {
        tenantId: TENANT,
        chargePointId: 'CP-1',
        receivedAt: RECEIVED_AT,
        report: notifyReport({ requestId }),
      });
    }
    expect(fake.pruned).toEqual([]);
  });
});

describe('requestReport', () => {
  const world201 = (answer: Parameters<typeof answering>[0], fake = deviceModelFake()) => ({
    fake,
    world: chargerWorld({
      chargePoints: [{ ocppVersion: 'ocpp2.0.1' }],
      settings: { timeouts: fastTimeouts },
      answer: answering(answer),
      repositories: { deviceModel: fake.repository },
    }),
  });

  it('sends GetBaseReport with a fresh requestId, recorded before it was sent, and answers the charger’s status', async () => {
    const { fake, world } = world201({ GetBaseReport: result({ status: 'Accepted' }) });
    const answer = await requestReport(world.deps, TENANT, 'CP-1', {
      kind: 'base',
      reportBase: 'FullInventory',
    });
    expect(answer).toEqual({ requestId: 1, status: 'Accepted' });
    expect(world.calls.map((call) => [call.action, call.payload])).toEqual([
      ['GetBaseReport', { requestId: 1, reportBase: 'FullInventory' }],
    ]);
    expect(fake.created).toEqual([
      { kind: 'report', requestId: 1, requestedAt: '2026-03-15T12:00:00.000Z', reportBase: 'FullInventory' },
    ]);
    expect(fake.answers).toEqual([{ requestId: 1, answer: { chargerStatus: 'Accepted' } }]);

    const again = await requestReport(world.deps, TENANT, 'CP-1', {
      kind: 'base',
      reportBase: 'SummaryInventory',
    });
    expect(again.requestId).toBe(2);
  });

  it('sends GetReport with the criteria, and records a refusal as rejected, an empty result as complete', async () => {
    const statuses = ['Rejected', 'EmptyResultSet'];
    const { fake, world } = world201({
      GetReport: () => result({ status: statuses.shift() ?? 'Accepted', statusInfo: { reasonCode: 'Busy' } }),
    });
    const criteria = {
      kind: 'criteria' as const,
      componentVariable: [{ component: { name: 'EVSE' }, variable: { name: 'Power' } }],
      componentCriteria: ['Problem' as const],
    };
    const refused = await requestReport(world.deps, TENANT, 'CP-1', criteria);
    expect(refused).toEqual({ requestId: 1, status: 'Rejected', statusInfo: { reasonCode: 'Busy' } });
    expect(world.calls[0]?.payload).toEqual({
      requestId: 1,
      componentVariable: criteria.componentVariable,
      componentCriteria: ['Problem'],
    });
    await requestReport(world.deps, TENANT, 'CP-1', criteria);
    expect(fake.answers.map(({ answer }) => answer.status)).toEqual(['rejected', 'complete']);
    expect(fake.created[0]?.criteria).toEqual({
      componentVariable: criteria.componentVariable,
      componentCriteria: ['Problem'],
    });
  });

  it('records silence as failed and passes the timeout on', async () => {
    const { fake, world } = world201({});
    await expect(
      requestReport(world.deps, TENANT, 'CP-1', { kind: 'base', reportBase: 'FullInventory' }),
    ).rejects.toThrow(UpstreamTimeoutError);
    expect(fake.answers).toEqual([
      { requestId: 1, answer: { status: 'failed', error: expect.stringContaining('did not answer') } },
    ]);
  });

  it('refuses an OCPP 1.6 or offline charger (409) and an unknown one (404) before taking a requestId', async () => {
    const fake = deviceModelFake();
    const world = chargerWorld({
      chargePoints: [
        { ocppVersion: 'ocpp1.6' },
        { id: 'CP-2', ocppVersion: 'ocpp2.0.1', connectionId: undefined },
      ],
      repositories: { deviceModel: fake.repository },
    });
    const base = { kind: 'base', reportBase: 'FullInventory' } as const;
    await expect(requestReport(world.deps, TENANT, 'CP-1', base)).rejects.toThrow(ConflictError);
    await expect(requestReport(world.deps, TENANT, 'CP-2', base)).rejects.toThrow('is not connected');
    await expect(requestReport(world.deps, TENANT, 'CP-9', base)).rejects.toThrow(NotFoundError);
    expect(fake.created).toEqual([]);
    expect(world.calls).toEqual([]);
  });
});

describe('the other device model messages', () => {
  it('flattens monitoring reports to one monitor each and counts the part on a monitoring request', async () => {
    const fake = deviceModelFake();
    const deps = fakeDeps({ repositories: { deviceModel: fake.repository } });
    const outcome = await recordMonitoringReport(deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      receivedAt: RECEIVED_AT,
      report: {
        requestId: 5,
        seqNo: 0,
        generatedAt: '2026-03-15T11:00:00Z',
        monitor: [
          {
            component: { name: 'EVSE', evse: { id: 1 } },
            variable: { name: 'Power' },
            variableMonitoring: [
              { id: 1, transaction: false, value: 22000, type: 'UpperThreshold', severity: 4 },
              { id: 2, transaction: true, value: 10, type: 'Delta', severity: 8 },
            ],
          },
        ],
      },
    });
    expect(outcome).toEqual({ status: 'complete', monitors: 2 });
    expect(fake.monitors.map((m) => [m.id, m.component, m.type, m.requestId])).toEqual([
      [1, { name: 'EVSE', evseId: 1 }, 'UpperThreshold', 5],
      [2, { name: 'EVSE', evseId: 1 }, 'Delta', 5],
    ]);
    expect(fake.requests.get(5)?.kind).toBe('monitoring');
  });

  it('keeps each event with the charger’s time in UTC', async () => {
    const fake = deviceModelFake();
    const deps = fakeDeps({ repositories: { deviceModel: fake.repository } });
    await recordDeviceEvents(deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      receivedAt: RECEIVED_AT,
      notification: {
        generatedAt: '2026-03-15T11:00:00Z',
        seqNo: 0,
        eventData: [
          {
            eventId: 7,
            timestamp: '2026-03-15T12:30:00+02:00',
            trigger: 'Alerting',
            actualValue: 'Faulted',
            techCode: 'E42',
            component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
            variable: { name: 'AvailabilityState' },
            eventNotificationType: 'HardWiredNotification',
          },
        ],
      },
    });
    expect(fake.events).toEqual([
      {
        eventId: 7,
        timestamp: '2026-03-15T10:30:00.000Z',
        trigger: 'Alerting',
        actualValue: 'Faulted',
        techCode: 'E42',
        component: { name: 'Connector', evseId: 1, connectorId: 1 },
        variable: { name: 'AvailabilityState' },
        eventNotificationType: 'HardWiredNotification',
        generatedAt: '2026-03-15T11:00:00.000Z',
        seqNo: 0,
        receivedAt: RECEIVED_AT.toISOString(),
      },
    ]);
  });

  it('stores reported profiles per EVSE and display messages, stamped with the time received', async () => {
    const profiles: unknown[] = [];
    const messages: unknown[] = [];
    const deps = fakeDeps({
      repositories: {
        deviceReports: {
          storeReportedChargingProfiles: async (_t, _cp, given) => void profiles.push(...given),
          storeReportedDisplayMessages: async (_t, _cp, given) => void messages.push(...given),
        },
      },
    });
    const chargingProfile: Ocpp201.ChargingProfileType = {
      id: 3,
      stackLevel: 1,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: [
        { id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      ],
    };
    await recordReportedChargingProfiles(deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      receivedAt: RECEIVED_AT,
      report: { requestId: 9, chargingLimitSource: 'CSO', evseId: 1, chargingProfile: [chargingProfile] },
    });
    expect(profiles).toEqual([
      {
        evseId: 1,
        chargingProfileId: 3,
        requestId: 9,
        chargingLimitSource: 'CSO',
        stackLevel: 1,
        purpose: 'TxDefaultProfile',
        profile: chargingProfile,
        reportedAt: RECEIVED_AT.toISOString(),
      },
    ]);
    await recordDisplayMessages(deps, {
      tenantId: TENANT,
      chargePointId: 'CP-1',
      receivedAt: RECEIVED_AT,
      report: { requestId: 4 },
    });
    expect(messages).toEqual([]);
  });

  it('puts customer information back together per request, in seqNo order', () => {
    const part = (requestId: number, seqNo: number, data: string, tbc: boolean): CustomerInformationPart => ({
      requestId,
      seqNo,
      data,
      tbc,
      generatedAt: `2026-03-15T11:00:0${seqNo}.000Z`,
      receivedAt: `2026-03-15T12:00:0${seqNo}.000Z`,
    });
    expect(
      assembleCustomerInformation([part(1, 1, 'b', false), part(1, 0, 'a', true), part(2, 1, 'y', false)]),
    ).toEqual([
      {
        requestId: 2,
        complete: false,
        data: 'y',
        seqNos: [1],
        generatedAt: '2026-03-15T11:00:01.000Z',
        receivedAt: '2026-03-15T12:00:01.000Z',
      },
      {
        requestId: 1,
        complete: true,
        data: 'ab',
        seqNos: [0, 1],
        generatedAt: '2026-03-15T11:00:01.000Z',
        receivedAt: '2026-03-15T12:00:01.000Z',
      },
    ]);
  });
});
