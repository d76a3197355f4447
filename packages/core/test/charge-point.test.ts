import { describe, expect, it } from 'vitest';
import {
  type ConnectorConfig,
  chargePointPatchSchema,
  chargePointRegistrationSchema,
  connectorViews,
  effectiveStatuses,
} from '../src/charge-point.ts';

const fieldsOf = (result: { error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.')).sort();

const ccs: ConnectorConfig = { connectorId: 1, type: 'CCS', current: 'DC', maxKw: 150 };
const type2: ConnectorConfig = { connectorId: 2, type: 'Type2', current: 'AC', maxKw: 22 };

describe('registering a charge point', () => {
  it('needs only its identity; name, site, OCPP version and connectors are optional', () => {
    expect(chargePointRegistrationSchema.safeParse({ id: 'CP-1' }).success).toBe(true);
    const full = {
      id: 'CP-1',
      name: 'Bay 1',
      siteId: 'sabc',
      ocppVersion: 'ocpp2.0.1',
      connectors: [ccs, type2],
    };
    expect(chargePointRegistrationSchema.parse(full)).toEqual(full);
  });

  it('names each bad connector field', () => {
    const result = chargePointRegistrationSchema.safeParse({
      id: 'CP-1',
      ocppVersion: '1.6',
      connectors: [{ connectorId: 0, type: 'Tesla', current: 'AC', maxKw: 0 }],
    });
    expect(fieldsOf(result)).toEqual([
      'connectors.0.connectorId',
      'connectors.0.maxKw',
      'connectors.0.type',
      'ocppVersion',
    ]);
  });

  it('refuses two connectors with one id', () => {
    const result = chargePointRegistrationSchema.safeParse({
      id: 'CP-1',
      connectors: [ccs, type2, { ...type2, connectorId: 1 }],
    });
    expect(fieldsOf(result)).toEqual(['connectors.2.connectorId']);
  });

  it('refuses a plug with a current it cannot carry (CHAdeMO and CCS are DC, Schuko and Type 1 AC)', () => {
    const result = chargePointRegistrationSchema.safeParse({
      id: 'CP-1',
      connectors: [
        { connectorId: 1, type: 'CHAdeMO', current: 'AC', maxKw: 50 },
        { connectorId: 2, type: 'Schuko', current: 'DC', maxKw: 3.7 },
        { connectorId: 3, type: 'Type2', current: 'DC', maxKw: 43 },
      ],
    });
    expect(fieldsOf(result)).toEqual(['connectors.0.current', 'connectors.1.current']);
  });

  it('is patched by any subset; null clears name and site', () => {
    expect(chargePointPatchSchema.safeParse({}).success).toBe(true);
    expect(chargePointPatchSchema.safeParse({ name: null, siteId: null, maintenance: true }).success).toBe(
      true,
    );
    expect(fieldsOf(chargePointPatchSchema.safeParse({ maintenance: 'yes', id: 'CP-2' }))).toEqual([
      '',
      'maintenance',
    ]);
  });
});

describe('connectors as the API shows them', () => {
  const reported = [
    { connectorId: 0, status: 'Available', updatedAt: '2026-11-21T08:00:00.000Z' },
    { connectorId: 1, status: 'Charging', updatedAt: '2026-11-21T09:00:00.000Z' },
    { connectorId: 3, status: 'Faulted', errorCode: 'GroundFailure', updatedAt: '2026-11-21T09:30:00.000Z' },
  ];

  it('merge configuration and reports by connector id, in id order', () => {
    expect(connectorViews([type2, ccs], reported, false)).toEqual([
      { connectorId: 0, status: 'Available', updatedAt: '2026-11-21T08:00:00.000Z' },
      { ...ccs, status: 'Charging', updatedAt: '2026-11-21T09:00:00.000Z' },
      { ...type2, status: 'Unknown' },
      {
        connectorId: 3,
        status: 'Faulted',
        errorCode: 'GroundFailure',
        updatedAt: '2026-11-21T09:30:00.000Z',
      },
    ]);
  });

  it('are all Unavailable under maintenance, keeping what the charger reported (S1)', () => {
    const views = connectorViews([ccs, type2], reported.slice(1, 2), true);
    expect(views).toEqual([
      { ...ccs, status: 'Unavailable', reportedStatus: 'Charging', updatedAt: '2026-11-21T09:00:00.000Z' },
      { ...type2, status: 'Unavailable' },
    ]);
  });

  it('give every charge point a status to filter on, even without connectors', () => {
    expect(effectiveStatuses(connectorViews([ccs], reported, false), false)).toEqual(
      new Set(['Available', 'Charging', 'Faulted']),
    );
    expect(effectiveStatuses([], false)).toEqual(new Set(['Unknown']));
    expect(effectiveStatuses([], true)).toEqual(new Set(['Unavailable']));
  });
});
