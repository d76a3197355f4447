import { describe, expect, it } from 'vitest';
import type { VariableReport } from '../src/device-model.ts';
import { keys } from '../src/keys.ts';
import { freshTenant, useDynamoDbLocal } from './support/dynamodb.ts';

const local = useDynamoDbLocal();

const CP = 'CP-201';
const T1 = '2026-03-01T10:00:00.000Z';
const T2 = '2026-03-01T11:00:00.000Z';
const T3 = '2026-03-01T12:00:00.000Z';

const variable = (
  component: string,
  name: string,
  value: string,
  extra: Partial<VariableReport> = {},
): VariableReport => ({
  component: { name: component },
  variable: { name },
  attributes: [{ type: 'Actual', value, mutability: 'ReadWrite' }],
  ...extra,
});

async function itemsOfDeviceModel(tenantId: string) {
  const { Items = [] } = await local.table.query({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.deviceModelPk(tenantId, CP) },
    ConsistentRead: true,
  });
  return Items;
}

describe('reported variables', () => {
  it('keeps one item per variable with all its attribute types, and lists them by component', async () => {
    const tenantId = freshTenant('dm');
    const { deviceModel } = local.repositories;
    await deviceModel.storeReportedVariables(tenantId, CP, { requestId: 1, generatedAt: T1 }, [
      {
        component: { name: 'EVSE', evseId: 1 },
        variable: { name: 'Power' },
        attributes: [
          { type: 'Actual', value: '0', mutability: 'ReadOnly' },
          { type: 'MaxSet', value: '22000', mutability: 'ReadOnly' },
        ],
        characteristics: { dataType: 'decimal', unit: 'W', maxLimit: 22000, supportsMonitoring: true },
      },
      variable('OCPPCommCtrlr', 'HeartbeatInterval', '300'),
      variable('AuthCtrlr', 'Enabled', 'true'),
    ]);

    expect(await itemsOfDeviceModel(tenantId)).toHaveLength(3);
    const page = await deviceModel.listReportedVariables(tenantId, CP, { limit: 50 });
    expect(page.items.map((v) => `${v.component.name}/${v.variable.name}`)).toEqual([
      'AuthCtrlr/Enabled',
      'EVSE/Power',
      'OCPPCommCtrlr/HeartbeatInterval',
    ]);
    expect(page.items[1]).toEqual({
      component: { name: 'EVSE', evseId: 1 },
      variable: { name: 'Power' },
      attributes: [
        { type: 'Actual', value: '0', mutability: 'ReadOnly', reportedAt: T1, requestId: 1 },
        { type: 'MaxSet', value: '22000', mutability: 'ReadOnly', reportedAt: T1, requestId: 1 },
      ],
      characteristics: {
        dataType: 'decimal',
        unit: 'W',
        maxLimit: 22000,
        supportsMonitoring: true,
        reportedAt: T1,
      },
      reportedAt: T1,
      requestId: 1,
    });
    expect(page.nextCursor).toBeNull();
  });

  it('filters by component and by variable name, case-insensitively, and tells instances and EVSEs apart', async () => {
    const tenantId = freshTenant('dm');
    const { deviceModel } = local.repositories;
    await deviceModel.storeReportedVariables(tenantId, CP, { requestId: 1, generatedAt: T1 }, [
      variable('EVSE', 'AvailabilityState', 'Available', { component: { name: 'EVSE', evseId: 1 } }),
      variable('EVSE', 'AvailabilityState', 'Occupied', { component: { name: 'EVSE', evseId: 2 } }),
      variable('EVSEX', 'AvailabilityState', 'Available'),
      variable('Connector', 'AvailabilityState', 'Available', {
        component: { name: 'Connector', evseId: 1, connectorId: 1 },
      }),
      variable('EVSE', 'Power', '0', { component: { name: 'EVSE', evseId: 1 } }),
      // `#` is the key's separator: a name holding one stays apart from its neighbours.
      variable('Odd#Name', 'Weird#Var', 'x'),
    ]);

    const evse = await deviceModel.listReportedVariables(tenantId, CP, { limit: 50, component: 'evse' });
    expect(evse.items.map((v) => [v.component.evseId, v.variable.name])).toEqual([
      [1, 'AvailabilityState'],
      [1, 'Power'],
      [2, 'AvailabilityState'],
    ]);
    const availability = await deviceModel.listReportedVariables(tenantId, CP, {
      limit: 50,
      variable: 'availabilitystate',
    });
    expect(availability.items).toHaveLength(4);
    const both = await deviceModel.listReportedVariables(tenantId, CP, {
      limit: 50,
      component: 'EVSE',
      variable: 'Power',
    });
    expect(both.items.map((v) => v.variable.name)).toEqual(['Power']);
    const odd = await deviceModel.listReportedVariables(tenantId, CP, { limit: 50, component: 'Odd#Name' });
    expect(odd.items.map((v) => v.variable.name)).toEqual(['Weird#Var']);
  });

  it('writes a part of more than one batch and pages through it with a cursor', async () => {
    const tenantId = freshTenant('dm');
    const { deviceModel } = local.repositories;
    const many = Array.from({ length: 130 }, (_, i) =>
      variable('Controller', `Var${String(i).padStart(3, '0')}`, String(i)),
    );
    const stored = await deviceModel.storeReportedVariables(
      tenantId,
      CP,
      { requestId: 1, generatedAt: T1 },
      many,
    );
    expect(stored).toEqual({ written: 130, unchanged: 0 });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deviceModel.listReportedVariables(tenantId, CP, { limit: 50, cursor });
      seen.push(...page.items.map((v) => v.variable.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(many.map((v) => v.variable.name));
  });

  it('lets the newest report win per attribute type, whatever order the parts arrive in', async () => {
    const tenantId = freshTenant('dm');
    const { deviceModel } = local.repositories;
    const heartbeat = (value: string, type: 'Actual' | 'Target' = 'Actual'): VariableReport => ({
      component: { name: 'OCPPCommCtrlr' },
      variable: { name: 'HeartbeatInterval' },
      attributes: [{ type, value }],
    });
    await deviceModel.storeReportedVariables(tenantId, CP, { requestId: 2, generatedAt: T2 }, [
      heartbeat('60'),
    ]);
    // A late part of an older report: it loses on Actual, but adds the Target it alone knows.
    const late = await deviceModel.storeReportedVariables(tenantId, CP, { requestId: 1, generatedAt: T1 }, [
      {
        ...heartbeat('300'),
        attributes: [
          { type: 'Actual', value: '300' },
          { type: 'Target', value: '300' },
        ],
      },
    ]);
    expect(late).toEqual({ written: 1, unchanged: 0 });
    const older = await deviceModel.storeReportedVariables(tenantId, CP, { requestId: 1, generatedAt: T1 }, [
      heartbeat('999'),
    ]);
    expect(older).toEqual({ written: 0, unchanged: 1 });

    let [stored] = (await deviceModel.listReportedVariables(tenantId, CP, { limit: 10 })).items;
    expect(stored?.attributes).toEqual([
      { type: 'Actual', value: '60', reportedAt: T2, requestId: 2 },
      { type: 'Target', value: '300', reportedAt: T1, requestId: 1 },
    ]);
    expect(stored).toMatchObject({ reportedAt: T2, requestId: 2 });

    await deviceModel.storeReportedVariables(tenantId, CP, { requestId: 3, generatedAt: T3 }, [
      heartbeat('30'),
    ]);
    [stored] = (await deviceModel.listReportedVariables(tenantId, CP, { limit: 10 })).items;
    expect(stored?.attributes.map((a) => a.value)).toEqual(['30', '300']);
    expect(stored).toMatchObject({ reportedAt: T3, requestId: 3 });
  });

  it('prunes, after a full inventory, only variables that report did not name and that are older than it', async () => {
    const tenantId = freshTenant('dm');
    const { deviceModel } = local.repositories;
    await deviceModel.storeReportedVariables(tenantId, CP, { requestId: 1, generatedAt: T1 }, [
      variable('Gone', 'Removed', 'x'),
      variable('Kept', 'Reported', 'old'),
    ]);
    await deviceModel.storeReportedVariables(tenantId, CP, { requestId: 2, generatedAt: T2 }, [
      variable('Kept', 'Reported', 'new'),
    ]);
    // Newer than the inventory's first part: from a later report, it stays.
    await deviceModel.storeReportedVariables(tenantId, CP, { requestId: 3, generatedAt: T3 }, [
      variable('Later', 'Reported', 'y'),
    ]);
    expect(await deviceModel.pruneReportedVariables(tenantId, CP, { requestId: 2, olderThan: T2 })).toBe(1);
    const left = await deviceModel.listReportedVariables(tenantId, CP, { limit: 10 });
    expect(left.items.map((v) => v.component.name)).toEqual(['Kept', 'Later']);
  });
});

describe('report requests', () => {
  it('hands out requestIds per charger', async () => {
    const tenantId = freshTenant('dm');
    const { deviceModel } = local.repositories;
    expect(await deviceModel.nextReportRequestId(tenantId, CP)).toBe(1);
    expect(await deviceModel.nextReportRequestId(tenantId, CP)).toBe(2);
    expect(await deviceModel.nextReportRequestId(tenantId, 'CP-other')).toBe(1);
  });

  it('is complete once the last part and every part before it are in, in any order, exactly once', async () => {
    const tenantId = freshTenant('dm');
    const { deviceModel } = local.repositories;
    await deviceModel.createReportRequest(tenantId, CP, {
      kind: 'report',
      requestId: 7,
      reportBase: 'FullInventory',
      requestedAt: T1,
    });
    await deviceModel.recordReportAnswer(tenantId, CP, 'report', 7, { chargerStatus: 'Accepted' });
    const part = (seqNo: number, tbc: boolean, generatedAt: string) => ({
      requestId: 7,
      seqNo,
      tbc,
      generatedAt,
      receivedAt: T3,
    });

    const last = await deviceModel.recordReportPart(tenantId, CP, 'report', part(2, false, T3));
    expect(last).toMatchObject({ completedNow: false, request: { status: 'receiving', lastSeqNo: 2 } });
    const first = await deviceModel.recordReportPart(tenantId, CP, 'report', part(0, true, T1));
    expect(first).toMatchObject({ completedNow: false, request: { status: 'receiving', seqNos: [0, 2] } });
    expect(first.request.earliestGeneratedAt).toBe(T1);
    const middle = await deviceModel.recordReportPart(tenantId, CP, 'report', part(1, true, T2));
    expect(middle.completedNow).toBe(true);
    expect(middle.request).toEqual({
      kind: 'report',
      requestId: 7,
      status: 'complete',
      reportBase: 'FullInventory',
      requestedAt: T1,
      chargerStatus: 'Accepted',
      seqNos: [0, 1, 2],
      lastSeqNo: 2,
      earliestGeneratedAt: T1,
      lastPartReceivedAt: T3,
      completedAt: T3,
    });
    const repeated = await deviceModel.recordReportPart(tenantId, CP, 'report', part(1, true, T2));
    expect(repeated).toMatchObject({ completedNow: false, request: { status: 'complete' } });
  });

  it('records a report sent some other way on its first part, and keeps the answer from undoing parts', async () => {
    const tenantId = freshTenant('dm');
    const { deviceModel } = local.repositories;
    const single = await deviceModel.recordReportPart(tenantId, CP, 'report', {
      requestId: 42,
      seqNo: 0,
      tbc: false,
      generatedAt: T1,
      receivedAt: T1,
    });
    expect(single).toMatchObject({ completedNow: true, request: { status: 'complete', requestId: 42 } });
    expect(single.request.requestedAt).toBeUndefined();

    await deviceModel.createReportRequest(tenantId, CP, { kind: 'report', requestId: 8, requestedAt: T1 });
    await deviceModel.recordReportPart(tenantId, CP, 'report', {
      requestId: 8,
      seqNo: 0,
      tbc: true,
      generatedAt: T1,
      receivedAt: T1,
    });
    await deviceModel.recordReportAnswer(tenantId, CP, 'report', 8, {
      chargerStatus: 'Rejected',
      status: 'rejected',
    });
    expect(await deviceModel.getReportRequest(tenantId, CP, 'report', 8)).toMatchObject({
      status: 'receiving',
      chargerStatus: 'Rejected',
    });

    await deviceModel.createReportRequest(tenantId, CP, { kind: 'report', requestId: 9, requestedAt: T2 });
    await deviceModel.recordReportAnswer(tenantId, CP, 'report', 9, { status: 'failed', error: 'no answer' });
    const listed = await deviceModel.listReportRequests(tenantId, CP, 'report', { limit: 10 });
    expect(listed.items.map((r) => [r.requestId, r.status])).toEqual([
      [42, 'complete'],
      [9, 'failed'],
      [8, 'receiving'],
    ]);
    // Monitoring reports have requestIds of their own.
    expect((await deviceModel.listReportRequests(tenantId, CP, 'monitoring', { limit: 10 })).items).toEqual(
      [],
    );
  });
});

describe('monitors and events', () => {
  it('keeps one item per monitor id and lists events newest first', async () => {
    const tenantId = freshTenant('dm');
    const { deviceModel } = local.repositories;
    const monitor = (id: number, value: number) => ({
      id,
      component: { name: 'EVSE', evseId: 1 },
      variable: { name: 'Power' },
      transaction: false,
      value,
      type: 'UpperThreshold',
      severity: 4,
      requestId: 1,
      reportedAt: T1,
    });
    await deviceModel.storeReportedMonitors(tenantId, CP, [monitor(2, 10), monitor(1, 5), monitor(2, 11)]);
    const monitors = await deviceModel.listReportedMonitors(tenantId, CP, { limit: 10 });
    expect(monitors.items.map((m) => [m.id, m.value, m.type])).toEqual([
      [1, 5, 'UpperThreshold'],
      [2, 11, 'UpperThreshold'],
    ]);

    const event = (eventId: number, timestamp: string) => ({
      eventId,
      timestamp,
      trigger: 'Alerting',
      actualValue: 'Faulted',
      component: { name: 'Connector', evseId: 1, connectorId: 1 },
      variable: { name: 'AvailabilityState' },
      eventNotificationType: 'HardWiredNotification',
      generatedAt: T3,
      seqNo: 0,
      receivedAt: T3,
    });
    await deviceModel.storeDeviceEvents(tenantId, CP, [event(1, T1), event(2, T2)]);
    await deviceModel.storeDeviceEvents(tenantId, CP, [event(2, T2)]);
    const events = await deviceModel.listDeviceEvents(tenantId, CP, { limit: 10 });
    expect(events.items.map((e) => e.eventId)).toEqual([2, 1]);
  });
});

describe('what a charger reports holding', () => {
  it('stores reported profiles, display messages and customer information parts', async () => {
    const tenantId = freshTenant('dm');
    const { deviceReports } = local.repositories;
    const profile = (evseId: number, chargingProfileId: number) => ({
      evseId,
      chargingProfileId,
      requestId: 3,
      chargingLimitSource: 'CSO',
      stackLevel: 0,
      purpose: 'TxDefaultProfile',
      profile: { id: chargingProfileId, stackLevel: 0 },
      reportedAt: T1,
    });
    await deviceReports.storeReportedChargingProfiles(tenantId, CP, [
      profile(2, 1),
      profile(1, 9),
      profile(1, 3),
    ]);
    const profiles = await deviceReports.listReportedChargingProfiles(tenantId, CP);
    expect(profiles.map((p) => [p.evseId, p.chargingProfileId])).toEqual([
      [1, 3],
      [1, 9],
      [2, 1],
    ]);

    await deviceReports.storeReportedDisplayMessages(tenantId, CP, [
      { messageId: 5, requestId: 4, priority: 'NormalCycle', messageInfo: { id: 5 }, reportedAt: T1 },
    ]);
    expect(await deviceReports.listReportedDisplayMessages(tenantId, CP)).toEqual([
      { messageId: 5, requestId: 4, priority: 'NormalCycle', messageInfo: { id: 5 }, reportedAt: T1 },
    ]);

    const part = (seqNo: number, data: string, tbc: boolean) => ({
      requestId: 6,
      seqNo,
      data,
      tbc,
      generatedAt: T1,
      receivedAt: T2,
    });
    await deviceReports.storeCustomerInformationPart(tenantId, CP, part(1, 'world', false));
    await deviceReports.storeCustomerInformationPart(tenantId, CP, part(0, 'hello ', true));
    const parts = await deviceReports.listCustomerInformationParts(tenantId, CP);
    expect(parts.map((p) => p.data)).toEqual(['hello ', 'world']);
    const { Item } = await local.table.get({ Key: keys.customerInformationPart(tenantId, CP, 6, 0) });
    expect(typeof Item?.expiresAt).toBe('number');
  });
});
