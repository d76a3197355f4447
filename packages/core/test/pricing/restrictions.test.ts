import { describe, expect, it } from 'vitest';
import { LocalClock } from '../../src/pricing/local-time.ts';
import {
  type RestrictionContext,
  restrictionsHold,
  timeWindowHolds,
} from '../../src/pricing/restrictions.ts';

const at = (overrides: Partial<RestrictionContext> = {}): RestrictionContext => ({
  local: { date: '2025-06-02', minuteOfDay: 12 * 60, dayOfWeek: 'MONDAY' },
  energyWh: 0,
  durationSeconds: 0,
  powerKw: 11,
  currentA: undefined,
  ...overrides,
});

describe('time-of-day windows', () => {
  it.each([
    ['09:00', '18:00', '08:59', false],
    ['09:00', '18:00', '09:00', true],
    ['09:00', '18:00', '17:59', true],
    ['09:00', '18:00', '18:00', false],
    ['22:00', '06:00', '23:30', true],
    ['22:00', '06:00', '05:59', true],
    ['22:00', '06:00', '06:00', false],
    ['22:00', '06:00', '12:00', false],
    [undefined, '06:00', '05:00', true],
    ['22:00', undefined, '21:00', false],
    ['00:00', '00:00', '13:00', true],
  ] as const)('%s–%s at %s: %s', (start, end, clock, expected) => {
    const minute = Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
    expect(timeWindowHolds(start, end, minute)).toBe(expected);
  });
});

describe('restrictions: minimum inclusive, maximum exclusive', () => {
  it('holds without restrictions', () => {
    expect(restrictionsHold(undefined, at())).toBe(true);
    expect(restrictionsHold({}, at())).toBe(true);
  });

  it('reads kWh against the energy consumed so far', () => {
    expect(restrictionsHold({ maxKwh: 1 }, at({ energyWh: 999 }))).toBe(true);
    expect(restrictionsHold({ maxKwh: 1 }, at({ energyWh: 1000 }))).toBe(false);
    expect(restrictionsHold({ minKwh: 1.1 }, at({ energyWh: 1100 }))).toBe(true);
  });

  it('reads durations in seconds since the session start', () => {
    expect(restrictionsHold({ minDuration: 1800, maxDuration: 3600 }, at({ durationSeconds: 1800 }))).toBe(
      true,
    );
    expect(restrictionsHold({ minDuration: 1800, maxDuration: 3600 }, at({ durationSeconds: 3600 }))).toBe(
      false,
    );
  });

  it('reads power bands in kW', () => {
    expect(restrictionsHold({ maxPower: 16 }, at({ powerKw: 15.9 }))).toBe(true);
    expect(restrictionsHold({ maxPower: 16 }, at({ powerKw: 16 }))).toBe(false);
    expect(restrictionsHold({ minPower: 16, maxPower: 32 }, at({ powerKw: 16 }))).toBe(true);
  });

  it('does not hold a power or current restriction when the quantity is unknown', () => {
    expect(restrictionsHold({ maxPower: 16 }, at({ powerKw: undefined }))).toBe(false);
    expect(restrictionsHold({ maxCurrent: 32 }, at({ currentA: undefined }))).toBe(false);
    expect(restrictionsHold({ maxCurrent: 32 }, at({ currentA: 16 }))).toBe(true);
  });

  it('reads days of the week and dates (end date exclusive) locally', () => {
    expect(restrictionsHold({ dayOfWeek: ['SATURDAY', 'SUNDAY'] }, at())).toBe(false);
    expect(restrictionsHold({ dayOfWeek: ['MONDAY'] }, at())).toBe(true);
    expect(restrictionsHold({ startDate: '2025-06-02', endDate: '2025-06-03' }, at())).toBe(true);
    expect(restrictionsHold({ endDate: '2025-06-02' }, at())).toBe(false);
  });

  it('requires every present restriction to hold', () => {
    expect(restrictionsHold({ dayOfWeek: ['MONDAY'], startTime: '13:00' }, at())).toBe(false);
  });
});

describe('the local clock', () => {
  it('reads wall-clock time in the tariff time zone, across DST', () => {
    const berlin = new LocalClock('Europe/Berlin');
    expect(berlin.at(Date.parse('2025-01-15T12:00:00Z'))).toEqual({
      date: '2025-01-15',
      minuteOfDay: 13 * 60,
      dayOfWeek: 'WEDNESDAY',
    });
    expect(berlin.at(Date.parse('2025-07-15T22:30:00Z'))).toEqual({
      date: '2025-07-16',
      minuteOfDay: 30,
      dayOfWeek: 'WEDNESDAY',
    });
  });

  it('finds both instants of a wall time that occurs twice when clocks fall back', () => {
    const berlin = new LocalClock('Europe/Berlin');
    const day = Date.parse('2025-10-26T00:00:00Z');
    expect(berlin.instantsOf(day, 2 * 60 + 30).map((t) => new Date(t).toISOString())).toEqual([
      '2025-10-26T00:30:00.000Z',
      '2025-10-26T01:30:00.000Z',
    ]);
  });
});
