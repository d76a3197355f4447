import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { strictCharger } from './support/chargers.ts';
import { signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

/**
 * The OCPP 2.0.1 device model end to end: a strict ocpp-rpc 2.0.1 client answers GetBaseReport, reports its
 * variables in parts that arrive out of order, and the REST API shows them, filtered and paged, to its tenant
 * only. The other report messages (monitors, events, profiles, display messages, customer information) are
 * acknowledged and readable too.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Charger = ReturnType<typeof strictCharger>;

async function bootedCharger201(chargePointId: string) {
  const registered = await signUpWithChargePoint(stack, chargePointId);
  const charger = strictCharger(registered.ocppUrl, registered.password, ['ocpp2.0.1']);
  await charger.connect();
  expect(charger.protocol).toBe('ocpp2.0.1');
  await charger.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { model: 'Wallbox X', vendorName: 'ACME' },
  });
  return { ...registered, charger };
}

const attribute = (value: string, mutability: 'ReadOnly' | 'ReadWrite' = 'ReadWrite') => [
  { type: 'Actual', value, mutability },
];

/** The first part of the inventory: the OCPP controller and the EVSE. */
const part0 = [
  {
    component: { name: 'OCPPCommCtrlr' },
    variable: { name: 'HeartbeatInterval' },
    variableAttribute: attribute('300'),
    variableCharacteristics: { dataType: 'integer', unit: 's', minLimit: 1, supportsMonitoring: false },
  },
  {
    component: { name: 'EVSE', evse: { id: 1 } },
    variable: { name: 'AvailabilityState' },
    variableAttribute: attribute('Available', 'ReadOnly'),
    variableCharacteristics: {
      dataType: 'OptionList',
      valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted',
      supportsMonitoring: true,
    },
  },
  {
    component: { name: 'EVSE', evse: { id: 1 } },
    variable: { name: 'Power' },
    variableAttribute: [
      { value: '0', mutability: 'ReadOnly' },
      { type: 'MaxSet', value: '22000', mutability: 'ReadOnly', persistent: true, constant: true },
    ],
    variableCharacteristics: { dataType: 'decimal', unit: 'W', maxLimit: 22000, supportsMonitoring: true },
  },
];

/** The last part: authorization and the connector. */
const part1 = [
  {
    component: { name: 'AuthCtrlr' },
    variable: { name: 'Enabled' },
    variableAttribute: attribute('true'),
    variableCharacteristics: { dataType: 'boolean', supportsMonitoring: false },
  },
  {
    component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
    variable: { name: 'ConnectorType' },
    variableAttribute: attribute('cType2', 'ReadOnly'),
  },
];

function notifyReport(
  charger: Charger,
  requestId: number,
  seqNo: number,
  tbc: boolean,
  reportData: unknown[],
) {
  return charger.call('NotifyReport', {
    requestId,
    generatedAt: new Date(Date.UTC(2026, 2, 15, 12, 0, seqNo)).toISOString(),
    seqNo,
    tbc,
    reportData,
  });
}

interface VariableItem {
  component: {
    name: string;
    instance: string | null;
    evse: { id: number; connectorId: number | null } | null;
  };
  variable: { name: string; instance: string | null };
  attributes: {
    type: string;
    value: string | null;
    mutability: string;
    persistent: boolean;
    constant: boolean;
  }[];
  characteristics: { dataType: string; unit: string | null; valuesList: string[] | null } | null;
}
type VariablePage = { items: VariableItem[]; nextCursor: string | null };
type ReportPage = {
  items: { requestId: number; status: string; partsReceived: number; chargerStatus: string }[];
};

describe('the device model of an OCPP 2.0.1 charger', () => {
  it('is filled by a two-part NotifyReport arriving out of order, and shown to its tenant only', async () => {
    const { api, charger } = await bootedCharger201('CP-DM-1');
    const asked: Record<string, unknown>[] = [];
    charger.handle('GetBaseReport', async ({ params: raw }) => {
      const params = raw as { requestId: number; reportBase: string };
      asked.push(params);
      // The last part (tbc false) goes out before the answer: the CSMS has recorded the request already.
      await notifyReport(charger, params.requestId, 1, false, part1);
      return { status: 'Accepted' };
    });

    const requested = await api<{ requestId: number; status: string; statusInfo: unknown }>(
      'POST',
      '/v1/charge-points/CP-DM-1/reports',
      { kind: 'base', reportBase: 'FullInventory' },
    );
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({ requestId: 1, status: 'Accepted', statusInfo: null });
    expect(asked).toEqual([{ requestId: 1, reportBase: 'FullInventory' }]);

    const receiving = await api<ReportPage>('GET', '/v1/charge-points/CP-DM-1/reports');
    expect(receiving.body.items).toMatchObject([
      { requestId: 1, status: 'receiving', partsReceived: 1, chargerStatus: 'Accepted' },
    ]);

    await notifyReport(charger, 1, 0, true, part0);
    const complete = await api<ReportPage>('GET', '/v1/charge-points/CP-DM-1/reports');
    expect(complete.body.items).toMatchObject([
      { requestId: 1, status: 'complete', partsReceived: 2, lastSeqNo: 1, reportBase: 'FullInventory' },
    ]);

    const all = await api<VariablePage>('GET', '/v1/charge-points/CP-DM-1/variables');
    expect(all.status).toBe(200);
    expect(all.body.items.map((v) => `${v.component.name}/${v.variable.name}`)).toEqual([
      'AuthCtrlr/Enabled',
      'Connector/ConnectorType',
      'EVSE/AvailabilityState',
      'EVSE/Power',
      'OCPPCommCtrlr/HeartbeatInterval',
    ]);
    const power = all.body.items.find((v) => v.variable.name === 'Power');
    expect(power).toMatchObject({
      component: { name: 'EVSE', instance: null, evse: { id: 1, connectorId: null } },
      variable: { name: 'Power', instance: null },
      attributes: [
        { type: 'Actual', value: '0', mutability: 'ReadOnly', persistent: false, constant: false },
        { type: 'MaxSet', value: '22000', mutability: 'ReadOnly', persistent: true, constant: true },
      ],
      characteristics: { dataType: 'decimal', unit: 'W', minLimit: null, maxLimit: 22000 },
      requestId: 1,
    });
    expect(
      all.body.items.find((v) => v.variable.name === 'AvailabilityState')?.characteristics?.valuesList,
    ).toEqual(['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted']);

    const evse = await api<VariablePage>('GET', '/v1/charge-points/CP-DM-1/variables?component=evse');
    expect(evse.body.items.map((v) => v.variable.name)).toEqual(['AvailabilityState', 'Power']);
    const heartbeat = await api<VariablePage>(
      'GET',
      '/v1/charge-points/CP-DM-1/variables?variable=HeartbeatInterval',
    );
    expect(heartbeat.body.items).toMatchObject([{ attributes: [{ value: '300' }] }]);
    const both = await api<VariablePage>(
      'GET',
      '/v1/charge-points/CP-DM-1/variables?component=EVSE&variable=Power',
    );
    expect(both.body.items).toHaveLength(1);

    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await api<VariablePage>('GET', `/v1/charge-points/CP-DM-1/variables?limit=2${query}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      names.push(...page.body.items.map((v) => v.variable.name));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(names).toEqual(all.body.items.map((v) => v.variable.name));

    // Another tenant, with a charger of its own, cannot read this one's device model.
    const other = await signUpWithChargePoint(stack, 'CP-DM-OTHER');
    for (const path of ['variables', 'reports', 'monitors', 'events']) {
      expect((await other.api('GET', `/v1/charge-points/CP-DM-1/${path}`)).status, path).toBe(404);
    }
    expect(
      (
        await other.api('POST', '/v1/charge-points/CP-DM-1/reports', {
          kind: 'base',
          reportBase: 'FullInventory',
        })
      ).status,
    ).toBe(404);

    // A second full inventory no longer names the connector: it is gone; what it names again is updated.
    charger.handle('GetBaseReport', async () => ({ status: 'Accepted' }));
    const again = await api<{ requestId: number }>('POST', '/v1/charge-points/CP-DM-1/reports', {
      kind: 'base',
      reportBase: 'FullInventory',
    });
    expect(again.body.requestId).toBe(2);
    await charger.call('NotifyReport', {
      requestId: 2,
      generatedAt: new Date(Date.UTC(2026, 2, 15, 13, 0, 0)).toISOString(),
      seqNo: 0,
      reportData: [...part0, { ...part1[0], variableAttribute: attribute('false') }],
    });
    const after = await api<VariablePage>('GET', '/v1/charge-points/CP-DM-1/variables');
    expect(after.body.items.map((v) => `${v.component.name}/${v.variable.name}`)).toEqual([
      'AuthCtrlr/Enabled',
      'EVSE/AvailabilityState',
      'EVSE/Power',
      'OCPPCommCtrlr/HeartbeatInterval',
    ]);
    expect(after.body.items[0]?.attributes[0]?.value).toBe('false');
    await charger.close();
  });

  it('sends GetReport by criteria, passes a refusal on as 202, and refuses a 1.6 charger', async () => {
    const { api, charger } = await bootedCharger201('CP-DM-2');
    const asked: unknown[] = [];
    charger.handle('GetReport', async ({ params }) => {
      asked.push(params);
      return { status: 'Rejected', statusInfo: { reasonCode: 'Busy' } };
    });
    const criteria = {
      kind: 'criteria',
      componentVariable: [{ component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'Power' } }],
      componentCriteria: ['Problem'],
    };
    const refused = await api('POST', '/v1/charge-points/CP-DM-2/reports', criteria);
    expect(refused.status).toBe(202);
    expect(refused.body).toEqual({
      requestId: 1,
      status: 'Rejected',
      statusInfo: { reasonCode: 'Busy', additionalInfo: null },
    });
    expect(asked).toEqual([
      { requestId: 1, componentVariable: criteria.componentVariable, componentCriteria: ['Problem'] },
    ]);
    const reports = await api<ReportPage>('GET', '/v1/charge-points/CP-DM-2/reports');
    expect(reports.body.items).toMatchObject([
      { requestId: 1, status: 'rejected', chargerStatus: 'Rejected' },
    ]);

    const noCriteria = await api('POST', '/v1/charge-points/CP-DM-2/reports', { kind: 'criteria' });
    expect(noCriteria.status).toBe(422);
    const badBase = await api('POST', '/v1/charge-points/CP-DM-2/reports', {
      kind: 'base',
      reportBase: 'All',
    });
    expect(badBase.status).toBe(422);
    await charger.close();

    const v16 = await signUpWithChargePoint(stack, 'CP-DM-16');
    const charger16 = strictCharger(v16.ocppUrl, v16.password);
    await charger16.connect();
    const on16 = await v16.api<{ detail: string }>('POST', '/v1/charge-points/CP-DM-16/reports', {
      kind: 'base',
      reportBase: 'FullInventory',
    });
    expect(on16.status).toBe(409);
    expect(on16.body.detail).toContain('OCPP 2.0.1');
    await charger16.close();
  });

  it('stores monitors, events, reported profiles, display messages and customer information', async () => {
    const { api, charger } = await bootedCharger201('CP-DM-3');
    const generatedAt = '2026-03-15T12:00:00.000Z';

    expect(
      await charger.call('NotifyMonitoringReport', {
        requestId: 11,
        seqNo: 0,
        generatedAt,
        monitor: [
          {
            component: { name: 'EVSE', evse: { id: 1 } },
            variable: { name: 'Power' },
            variableMonitoring: [
              { id: 2, transaction: false, value: 22000, type: 'UpperThreshold', severity: 4 },
              { id: 1, transaction: true, value: 500, type: 'Delta', severity: 8 },
            ],
          },
        ],
      }),
    ).toEqual({});
    const monitors = await api<{ items: { id: number; type: string; component: { evse: unknown } }[] }>(
      'GET',
      '/v1/charge-points/CP-DM-3/monitors',
    );
    expect(monitors.body.items.map((m) => [m.id, m.type])).toEqual([
      [1, 'Delta'],
      [2, 'UpperThreshold'],
    ]);
    expect(monitors.body.items[0]?.component.evse).toEqual({ id: 1, connectorId: null });

    const event = (eventId: number, timestamp: string, actualValue: string) => ({
      eventId,
      timestamp,
      trigger: 'Alerting',
      actualValue,
      techCode: 'E1',
      component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
      variable: { name: 'AvailabilityState' },
      eventNotificationType: 'HardWiredNotification',
    });
    expect(
      await charger.call('NotifyEvent', {
        generatedAt,
        seqNo: 0,
        eventData: [
          event(1, '2026-03-15T11:00:00Z', 'Faulted'),
          event(2, '2026-03-15T11:05:00Z', 'Available'),
        ],
      }),
    ).toEqual({});
    const events = await api<{ items: { eventId: number; actualValue: string; cleared: boolean }[] }>(
      'GET',
      '/v1/charge-points/CP-DM-3/events',
    );
    expect(events.body.items.map((e) => [e.eventId, e.actualValue, e.cleared])).toEqual([
      [2, 'Available', false],
      [1, 'Faulted', false],
    ]);
    const firstPage = await api<{ items: unknown[]; nextCursor: string | null }>(
      'GET',
      '/v1/charge-points/CP-DM-3/events?limit=1',
    );
    expect(firstPage.body.items).toHaveLength(1);
    expect(firstPage.body.nextCursor).not.toBeNull();

    const chargingProfile = {
      id: 7,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: [
        { id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      ],
    };
    expect(
      await charger.call('ReportChargingProfiles', {
        requestId: 12,
        chargingLimitSource: 'CSO',
        evseId: 1,
        chargingProfile: [chargingProfile],
      }),
    ).toEqual({});
    const profiles = await api('GET', '/v1/charge-points/CP-DM-3/reported-charging-profiles');
    expect(profiles.body).toMatchObject({
      items: [
        {
          evseId: 1,
          chargingProfileId: 7,
          purpose: 'TxDefaultProfile',
          chargingLimitSource: 'CSO',
          chargingProfile,
        },
      ],
    });

    expect(
      await charger.call('NotifyDisplayMessages', {
        requestId: 13,
        messageInfo: [{ id: 3, priority: 'NormalCycle', message: { format: 'UTF8', content: 'Welcome' } }],
      }),
    ).toEqual({});
    const messages = await api('GET', '/v1/charge-points/CP-DM-3/display-messages');
    expect(messages.body).toMatchObject({
      items: [{ id: 3, priority: 'NormalCycle', state: null, requestId: 13 }],
    });

    for (const [seqNo, data, tbc] of [
      [1, 'tag B-1 used twice', false],
      [0, 'tag B-1 issued; ', true],
    ] as const) {
      expect(
        await charger.call('NotifyCustomerInformation', { requestId: 14, seqNo, tbc, data, generatedAt }),
      ).toEqual({});
    }
    const info = await api('GET', '/v1/charge-points/CP-DM-3/customer-information');
    expect(info.body).toMatchObject({
      items: [{ requestId: 14, complete: true, data: 'tag B-1 issued; tag B-1 used twice', seqNos: [0, 1] }],
    });

    const other = await signUpWithChargePoint(stack, 'CP-DM-3');
    for (const path of ['reported-charging-profiles', 'display-messages', 'customer-information', 'events']) {
      const theirs = await other.api<{ items: unknown[] }>('GET', `/v1/charge-points/CP-DM-3/${path}`);
      // The same charger identity in another tenant is another charger: nothing of the first one shows.
      expect(theirs.status, path).toBe(200);
      expect(theirs.body.items, path).toEqual([]);
    }
    await charger.close();
  });
});
