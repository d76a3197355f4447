import { validateRequest } from '@csms/ocpp';
import { describe, expect, it } from 'vitest';
import {
  fromCompositeSchedule201,
  toChargingProfile201,
  toCompositeScheduleRequest201,
  toPurpose201,
  toSetChargingProfile201,
} from '../../src/stations/smart-charging/ocpp201-profiles.ts';

/** The API's (OCPP 1.6) profile shape, as stored, becoming OCPP 2.0.1, and 2.0.1 answers coming back. */
const txDefault = {
  chargingProfileId: 12,
  stackLevel: 2,
  chargingProfilePurpose: 'TxDefaultProfile' as const,
  chargingProfileKind: 'Absolute' as const,
  chargingSchedule: {
    chargingRateUnit: 'A' as const,
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 16 },
      { startPeriod: 3600, limit: 10.5, numberPhases: 3 },
    ],
  },
};

describe('toChargingProfile201', () => {
  it('renames the fields and wraps the one schedule in a list with an id, leaving absent fields out', () => {
    expect(toChargingProfile201(txDefault)).toEqual({
      id: 12,
      stackLevel: 2,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: [
        {
          id: 12,
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 16 },
            { startPeriod: 3600, limit: 10.5, numberPhases: 3 },
          ],
        },
      ],
    });
  });

  it('keeps every optional field of a recurring profile, and the charger’s transaction id of a TxProfile', () => {
    const profile = {
      ...txDefault,
      chargingProfilePurpose: 'TxProfile' as const,
      chargingProfileKind: 'Recurring' as const,
      recurrencyKind: 'Daily' as const,
      validFrom: '2030-01-01T00:00:00.000Z',
      validTo: '2030-12-31T00:00:00.000Z',
      transactionId: 'tx-7f3a',
      chargingSchedule: {
        ...txDefault.chargingSchedule,
        duration: 86_400,
        startSchedule: '2030-01-01T06:00:00.000Z',
        minChargingRate: 6.1,
      },
    };
    const converted = toChargingProfile201(profile);
    expect(converted).toMatchObject({
      chargingProfilePurpose: 'TxProfile',
      recurrencyKind: 'Daily',
      validFrom: '2030-01-01T00:00:00.000Z',
      validTo: '2030-12-31T00:00:00.000Z',
      transactionId: 'tx-7f3a',
      chargingSchedule: [
        { id: 12, duration: 86_400, startSchedule: '2030-01-01T06:00:00.000Z', minChargingRate: 6.1 },
      ],
    });
    // What a strict 2.0.1 charger checks: the official schema.
    expect(validateRequest('ocpp2.0.1', 'SetChargingProfile', toSetChargingProfile201(1, profile)).ok).toBe(
      true,
    );
  });

  it('names the station-wide purpose as 2.0.1 does', () => {
    expect(toPurpose201('ChargePointMaxProfile')).toBe('ChargingStationMaxProfile');
    expect(toPurpose201('TxDefaultProfile')).toBe('TxDefaultProfile');
    expect(toPurpose201('TxProfile')).toBe('TxProfile');
    const max = toSetChargingProfile201(0, { ...txDefault, chargingProfilePurpose: 'ChargePointMaxProfile' });
    expect(max).toMatchObject({
      evseId: 0,
      chargingProfile: { chargingProfilePurpose: 'ChargingStationMaxProfile' },
    });
    expect(validateRequest('ocpp2.0.1', 'SetChargingProfile', max).ok).toBe(true);
  });

  it('drops nothing a 1.6 payload could hold that 2.0.1 has a place for, and adds no stray field', () => {
    const sent = toSetChargingProfile201(3, txDefault);
    expect(Object.keys(sent)).toEqual(['evseId', 'chargingProfile']);
    expect(JSON.stringify(sent)).not.toContain('chargingProfileId');
    expect(JSON.stringify(sent)).not.toContain('undefined');
  });
});

describe('composite schedules', () => {
  it('asks for the EVSE the connector names', () => {
    expect(toCompositeScheduleRequest201({ connectorId: 2, duration: 3600, chargingRateUnit: 'W' })).toEqual({
      duration: 3600,
      evseId: 2,
      chargingRateUnit: 'W',
    });
    expect(toCompositeScheduleRequest201({ connectorId: 0, duration: 60 })).toEqual({
      duration: 60,
      evseId: 0,
    });
  });

  it('answers in the 1.6 shape, keeping what only 2.0.1 says', () => {
    expect(
      fromCompositeSchedule201({
        status: 'Accepted',
        schedule: {
          evseId: 1,
          duration: 3600,
          scheduleStart: '2030-01-01T00:00:00.000Z',
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 7.25, numberPhases: 1, phaseToUse: 2 },
            { startPeriod: 600, limit: 16 },
          ],
        },
      }),
    ).toEqual({
      status: 'Accepted',
      connectorId: 1,
      scheduleStart: '2030-01-01T00:00:00.000Z',
      chargingSchedule: {
        duration: 3600,
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 7.25, numberPhases: 1, phaseToUse: 2 },
          { startPeriod: 600, limit: 16 },
        ],
      },
    });
    expect(
      fromCompositeSchedule201({
        status: 'Rejected',
        statusInfo: { reasonCode: 'UnknownEVSE', customData: { vendorId: 'acme' } },
      }),
    ).toEqual({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownEVSE' } });
  });
});
