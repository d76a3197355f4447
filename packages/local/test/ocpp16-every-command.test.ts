import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { strictCharger } from './support/chargers.ts';
import { signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

/**
 * Every CSMS→charger action of OCPP 1.6 goes through the command API to a strict charger (which validates the
 * CALL against the official schema) and its CALLRESULT comes back correlated as `200 {result}`.
 */
const commands: [action: string, request: Record<string, unknown>, answer: Record<string, unknown>][] = [
  ['CancelReservation', { reservationId: 1 }, { status: 'Accepted' }],
  ['ChangeAvailability', { connectorId: 0, type: 'Inoperative' }, { status: 'Scheduled' }],
  ['ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '60' }, { status: 'Accepted' }],
  ['ClearCache', {}, { status: 'Accepted' }],
  ['ClearChargingProfile', { id: 7 }, { status: 'Unknown' }],
  [
    'DataTransfer',
    { vendorId: 'com.example', messageId: 'ping', data: 'x' },
    { status: 'Accepted', data: 'pong' },
  ],
  ['GetCompositeSchedule', { connectorId: 1, duration: 3600 }, { status: 'Rejected' }],
  [
    'GetConfiguration',
    { key: ['HeartbeatInterval'] },
    { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] },
  ],
  ['GetDiagnostics', { location: 'ftp://diag.example/upload' }, { fileName: 'diag-1.zip' }],
  ['GetLocalListVersion', {}, { listVersion: 3 }],
  ['RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1 }, { status: 'Accepted' }],
  ['RemoteStopTransaction', { transactionId: 42 }, { status: 'Rejected' }],
  [
    'ReserveNow',
    { connectorId: 1, expiryDate: '2030-01-01T00:00:00Z', idTag: 'TAG-1', reservationId: 9 },
    { status: 'Occupied' },
  ],
  ['Reset', { type: 'Soft' }, { status: 'Accepted' }],
  [
    'SendLocalList',
    {
      listVersion: 4,
      updateType: 'Full',
      localAuthorizationList: [{ idTag: 'TAG-1', idTagInfo: { status: 'Accepted' } }],
    },
    { status: 'Accepted' },
  ],
  [
    'SetChargingProfile',
    {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      },
    },
    { status: 'Accepted' },
  ],
  ['TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 }, { status: 'Accepted' }],
  ['UnlockConnector', { connectorId: 1 }, { status: 'Unlocked' }],
  ['UpdateFirmware', { location: 'https://fw.example/v2.bin', retrieveDate: '2030-01-01T00:00:00Z' }, {}],
];

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('every OCPP 1.6 CSMS-initiated action through POST /v1/charge-points/{id}/commands/{action}', () => {
  it('covers all 19 actions of the six feature profiles', () => {
    expect(new Set(commands.map(([action]) => action)).size).toBe(19);
  });

  it('delivers each CALL schema-valid and returns the correlated CALLRESULT', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-all-commands');
    const charger = strictCharger(ocppUrl, password);
    const received: Record<string, unknown> = {};
    for (const [action, , answer] of commands) {
      charger.handle(action, async ({ params }) => {
        received[action] = params;
        return answer;
      });
    }
    await charger.connect();
    for (const [action, request, answer] of commands) {
      const res = await api('POST', `/v1/charge-points/CP-all-commands/commands/${action}`, request);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body, action).toEqual({ result: answer });
      expect(received[action], action).toEqual(request);
    }
    await charger.close();
  });
});
