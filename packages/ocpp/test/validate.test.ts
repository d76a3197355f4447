import { describe, expect, expectTypeOf, it } from 'vitest';
import { type OcppVersion, validateRequest, validateResponse } from '../src/index.ts';
import { ocpp16Requests, ocpp201Requests } from './fixtures.ts';

function rejection(result: ReturnType<typeof validateRequest>) {
  if (result.ok) throw new Error('expected the payload to be rejected');
  return result.error;
}

const boot16 = ocpp16Requests.BootNotification;
const status16 = ocpp16Requests.StatusNotification;
const boot201 = ocpp201Requests.BootNotification;
const transaction201 = ocpp201Requests.TransactionEvent;

describe('validateRequest', () => {
  describe('accepts valid payloads', () => {
    it.each(Object.entries(ocpp16Requests))('OCPP 1.6 %s', (action, payload) => {
      expect(validateRequest('ocpp1.6', action, payload)).toEqual({ ok: true, value: payload });
    });

    it.each(Object.entries(ocpp201Requests))('OCPP 2.0.1 %s', (action, payload) => {
      expect(validateRequest('ocpp2.0.1', action, payload)).toEqual({ ok: true, value: payload });
    });

    it('types the value by version and action', () => {
      const result = validateRequest('ocpp2.0.1', 'BootNotification', boot201);
      if (!result.ok) throw result.error;
      expectTypeOf(result.value.chargingStation.vendorName).toEqualTypeOf<string>();
      expect(result.value.chargingStation.vendorName).toBe('VendorX');
    });
  });

  describe('rejects an action the version does not define with NotImplemented', () => {
    it.each([
      ['ocpp1.6', 'TransactionEvent'],
      ['ocpp2.0.1', 'StartTransaction'],
      ['ocpp2.0.1', 'toString'],
      ['ocpp1.6', '__proto__'],
    ] as const)('%s %s', (version, action) => {
      const error = rejection(validateRequest(version, action, {}));
      expect(error.code).toBe('NotImplemented');
    });
  });

  interface Violation {
    readonly version: OcppVersion;
    readonly action: string;
    readonly payload: unknown;
    readonly code: string;
    readonly description: string;
  }

  const violations: Record<string, Violation[]> = {
    'a missing required property is an OccurrenceConstraintViolation (1.6 spells it Occurence)': [
      {
        version: 'ocpp1.6',
        action: 'BootNotification',
        payload: { chargePointVendor: 'VendorX' },
        code: 'OccurenceConstraintViolation',
        description: 'chargePointModel: Required property is missing',
      },
      {
        version: 'ocpp1.6',
        action: 'StatusNotification',
        payload: { connectorId: 1, errorCode: 'NoError' },
        code: 'OccurenceConstraintViolation',
        description: 'status: Required property is missing',
      },
      {
        version: 'ocpp2.0.1',
        action: 'BootNotification',
        payload: { reason: 'PowerUp', chargingStation: { model: 'SingleSocketCharger' } },
        code: 'OccurrenceConstraintViolation',
        description: 'chargingStation.vendorName: Required property is missing',
      },
    ],
    'too few array items is an OccurrenceConstraintViolation, since OCPP states them as cardinality': [
      {
        version: 'ocpp2.0.1',
        action: 'TransactionEvent',
        payload: { ...transaction201, meterValue: [{ timestamp: '2024-05-01T10:00:00Z', sampledValue: [] }] },
        code: 'OccurrenceConstraintViolation',
        description: 'meterValue[0].sampledValue: Array must contain at least 1 item',
      },
    ],
    'a value of the wrong JSON type is a TypeConstraintViolation': [
      {
        version: 'ocpp1.6',
        action: 'StatusNotification',
        payload: { ...status16, connectorId: '1' },
        code: 'TypeConstraintViolation',
        description: 'connectorId: Expected number, received string',
      },
      {
        version: 'ocpp1.6',
        action: 'StatusNotification',
        payload: { ...status16, status: 3 },
        code: 'TypeConstraintViolation',
        description: 'status: Expected string, received integer',
      },
      {
        version: 'ocpp2.0.1',
        action: 'TransactionEvent',
        payload: { ...transaction201, seqNo: 1.5 },
        code: 'TypeConstraintViolation',
        description: 'seqNo: Expected integer, received number',
      },
      {
        version: 'ocpp2.0.1',
        action: 'BootNotification',
        payload: { ...boot201, chargingStation: null },
        code: 'TypeConstraintViolation',
        description: 'chargingStation: Expected object, received null',
      },
    ],
    'a value outside the allowed ones is a PropertyConstraintViolation': [
      {
        version: 'ocpp1.6',
        action: 'BootNotification',
        payload: { ...boot16, chargePointVendor: 'V'.repeat(21) },
        code: 'PropertyConstraintViolation',
        description: 'chargePointVendor: String must contain at most 20 characters',
      },
      {
        version: 'ocpp1.6',
        action: 'StatusNotification',
        payload: { ...status16, status: 'Sleeping' },
        code: 'PropertyConstraintViolation',
        description: 'status: Invalid value "Sleeping", expected one of:',
      },
      {
        version: 'ocpp1.6',
        action: 'StatusNotification',
        payload: { ...status16, timestamp: '2024-02-30T10:00:00Z' },
        code: 'PropertyConstraintViolation',
        description: 'timestamp: Invalid ISO 8601 date-time',
      },
      {
        version: 'ocpp1.6',
        action: 'SetChargingProfile',
        payload: {
          connectorId: 1,
          csChargingProfiles: {
            chargingProfileId: 1,
            stackLevel: 0,
            chargingProfilePurpose: 'TxDefaultProfile',
            chargingProfileKind: 'Absolute',
            chargingSchedule: {
              chargingRateUnit: 'A',
              chargingSchedulePeriod: [{ startPeriod: 0, limit: 6.25 }],
            },
          },
        },
        code: 'PropertyConstraintViolation',
        description:
          'csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit: Number must be a multiple of 0.1',
      },
      {
        version: 'ocpp2.0.1',
        action: 'BootNotification',
        payload: { ...boot201, chargingStation: { ...boot201.chargingStation, model: 'M'.repeat(21) } },
        code: 'PropertyConstraintViolation',
        description: 'chargingStation.model: String must contain at most 20 characters',
      },
      {
        version: 'ocpp2.0.1',
        action: 'BootNotification',
        payload: { ...boot201, reason: 'Bored' },
        code: 'PropertyConstraintViolation',
        description: 'reason: Invalid value "Bored"',
      },
      {
        version: 'ocpp2.0.1',
        action: 'NotifyEVChargingNeeds',
        payload: {
          evseId: 1,
          chargingNeeds: {
            requestedEnergyTransfer: 'DC',
            dcChargingParameters: { evMaxCurrent: 200, evMaxVoltage: 500, stateOfCharge: 101 },
          },
        },
        code: 'PropertyConstraintViolation',
        description:
          'chargingNeeds.dcChargingParameters.stateOfCharge: Number must be less than or equal to 100',
      },
      {
        version: 'ocpp2.0.1',
        action: 'TransactionEvent',
        payload: { ...transaction201, timestamp: 'yesterday' },
        code: 'PropertyConstraintViolation',
        description: 'timestamp: Invalid ISO 8601 date-time',
      },
    ],
    'an undeclared property is a FormationViolation (1.6) / FormatViolation (2.0.1)': [
      {
        version: 'ocpp1.6',
        action: 'BootNotification',
        payload: { ...boot16, colour: 'red' },
        code: 'FormationViolation',
        description: 'colour: Unknown property',
      },
      {
        version: 'ocpp2.0.1',
        action: 'BootNotification',
        payload: { ...boot201, chargingStation: { ...boot201.chargingStation, colour: 'red' } },
        code: 'FormatViolation',
        description: 'chargingStation.colour: Unknown property',
      },
    ],
    'a payload that is not an object is a FormationViolation (1.6) / FormatViolation (2.0.1)': [
      {
        version: 'ocpp1.6',
        action: 'Heartbeat',
        payload: [],
        code: 'FormationViolation',
        description: '(payload): Expected object, received array',
      },
      {
        version: 'ocpp2.0.1',
        action: 'Heartbeat',
        payload: 'ping',
        code: 'FormatViolation',
        description: '(payload): Expected object, received string',
      },
    ],
  };

  for (const [rule, cases] of Object.entries(violations)) {
    describe(rule, () => {
      it.each(cases)('$version $action → $code', ({ version, action, payload, code, description }) => {
        const error = rejection(validateRequest(version, action, payload));
        expect(error.code).toBe(code);
        expect(error.message.slice(0, description.length)).toBe(description);
      });
    });
  }

  it('lists every issue in the error details and describes the first', () => {
    const error = rejection(validateRequest('ocpp1.6', 'BootNotification', { chargePointVendor: 7 }));
    expect(error.message).toBe('chargePointVendor: Expected string, received integer');
    expect(error.details).toEqual({
      issues: [
        {
          path: 'chargePointVendor',
          code: 'TypeConstraintViolation',
          message: 'Expected string, received integer',
        },
        {
          path: 'chargePointModel',
          code: 'OccurenceConstraintViolation',
          message: 'Required property is missing',
        },
      ],
    });
  });

  it('accepts vendor properties in 2.0.1 customData, the one open type', () => {
    const payload = { ...boot201, customData: { vendorId: 'com.vendorx', anything: [1, 2] } };
    expect(validateRequest('ocpp2.0.1', 'BootNotification', payload)).toEqual({ ok: true, value: payload });
  });
});

describe('validateResponse', () => {
  it('accepts a response the CSMS builds', () => {
    const response = { status: 'Accepted', currentTime: new Date(0).toISOString(), interval: 300 };
    expect(validateResponse('ocpp1.6', 'BootNotification', response)).toEqual({ ok: true, value: response });
    expect(validateResponse('ocpp2.0.1', 'BootNotification', response)).toEqual({
      ok: true,
      value: response,
    });
  });

  it('rejects a response that breaks the schema, with the same codes as requests', () => {
    const response = { status: 'Accepted', currentTime: '2024-05-01T10:00:00Z', interval: '300' };
    const result = validateResponse('ocpp2.0.1', 'BootNotification', response);
    expect(result.ok || result.error.code).toBe('TypeConstraintViolation');
    const empty = validateResponse('ocpp1.6', 'GetInstalledCertificateIds', {
      status: 'Accepted',
      certificateHashData: [],
    });
    expect(empty.ok || empty.error.message).toBe('certificateHashData: Array must contain at least 1 item');
  });
});
