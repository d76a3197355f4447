import { describe, expect, it } from 'vitest';
import { newId } from '../src/ids.ts';
import {
  isIanaTimeZone,
  isSiteId,
  openingHoursSchema,
  siteCreateSchema,
  sitePatchSchema,
} from '../src/site.ts';

const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.')).sort();

const aSite = {
  name: 'Parkhaus Mitte',
  address: { line1: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
  coordinates: { latitude: 52.52, longitude: 13.405 },
  timeZone: 'Europe/Berlin',
};

describe('a site', () => {
  it('needs a name, a postal address, coordinates and a time zone; opening hours are optional', () => {
    expect(siteCreateSchema.safeParse(aSite).success).toBe(true);
    expect(fieldsOf(siteCreateSchema.safeParse({}))).toEqual(['address', 'coordinates', 'name', 'timeZone']);
  });

  it('has coordinates on the globe', () => {
    const far = { ...aSite, coordinates: { latitude: 90.5, longitude: -180.01 } };
    expect(fieldsOf(siteCreateSchema.safeParse(far))).toEqual([
      'coordinates.latitude',
      'coordinates.longitude',
    ]);
    const poles = { ...aSite, coordinates: { latitude: -90, longitude: 180 } };
    expect(siteCreateSchema.safeParse(poles).success).toBe(true);
  });

  it('is in an IANA time zone, never a bare offset (daylight saving would be lost)', () => {
    expect(isIanaTimeZone('Europe/Berlin')).toBe(true);
    expect(isIanaTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isIanaTimeZone('UTC')).toBe(true);
    expect(isIanaTimeZone('Europe/Atlantis')).toBe(false);
    expect(isIanaTimeZone('+01:00')).toBe(false);
    expect(isIanaTimeZone('')).toBe(false);
    expect(fieldsOf(siteCreateSchema.safeParse({ ...aSite, timeZone: 'CEST+1' }))).toEqual(['timeZone']);
  });

  it('is patched by any subset of fields, and opening hours can be removed with null', () => {
    expect(sitePatchSchema.safeParse({}).success).toBe(true);
    expect(sitePatchSchema.safeParse({ openingHours: null }).success).toBe(true);
    expect(fieldsOf(sitePatchSchema.safeParse({ name: '', owner: 'x' }))).toEqual(['', 'name']);
  });

  it('is recognised by the ids we mint, and only by those', () => {
    expect(isSiteId(newId('s'))).toBe(true);
    expect(isSiteId(newId('t'))).toBe(false);
    expect(isSiteId('s1#CP')).toBe(false);
  });
});

describe('opening hours', () => {
  it('are around the clock, or regular periods per ISO weekday', () => {
    expect(openingHoursSchema.parse({ twentyFourSeven: true })).toEqual({ twentyFourSeven: true });
    const weekdays = openingHoursSchema.parse({
      regularHours: [
        { weekday: 1, periodBegin: '07:00', periodEnd: '12:00' },
        { weekday: 1, periodBegin: '13:00', periodEnd: '24:00' },
        { weekday: 7, periodBegin: '00:00', periodEnd: '06:00' },
      ],
    });
    expect(weekdays.twentyFourSeven).toBe(false);
    expect(weekdays.regularHours).toHaveLength(3);
  });

  it('name the offending period and field', () => {
    const result = openingHoursSchema.safeParse({
      regularHours: [
        { weekday: 8, periodBegin: '07:00', periodEnd: '12:00' },
        { weekday: 1, periodBegin: '7:00', periodEnd: '25:00' },
      ],
    });
    expect(fieldsOf(result)).toEqual([
      'regularHours.0.weekday',
      'regularHours.1.periodBegin',
      'regularHours.1.periodEnd',
    ]);
  });

  it('refuse a period that ends before it begins, and overlapping periods of one day', () => {
    const backwards = openingHoursSchema.safeParse({
      regularHours: [{ weekday: 2, periodBegin: '22:00', periodEnd: '06:00' }],
    });
    expect(fieldsOf(backwards)).toEqual(['regularHours.0.periodEnd']);
    const overlapping = openingHoursSchema.safeParse({
      regularHours: [
        { weekday: 3, periodBegin: '08:00', periodEnd: '12:00' },
        { weekday: 4, periodBegin: '11:00', periodEnd: '14:00' },
        { weekday: 3, periodBegin: '11:00', periodEnd: '14:00' },
      ],
    });
    expect(fieldsOf(overlapping)).toEqual(['regularHours.2']);
  });

  it('are either around the clock or periods, not neither and not both', () => {
    expect(fieldsOf(openingHoursSchema.safeParse({}))).toEqual(['regularHours']);
    expect(fieldsOf(openingHoursSchema.safeParse({ twentyFourSeven: false, regularHours: [] }))).toEqual([
      'regularHours',
    ]);
    const both = openingHoursSchema.safeParse({
      twentyFourSeven: true,
      regularHours: [{ weekday: 1, periodBegin: '08:00', periodEnd: '18:00' }],
    });
    expect(fieldsOf(both)).toEqual(['regularHours']);
  });
});
