import type { LocalMoment } from './local-time.ts';
import type { TariffRestrictions } from './tariff-schema.ts';

/**
 * What the restrictions of a tariff element are checked against: the state of the session at one moment
 * (in practice the middle of a time slice, see `slices.ts`).
 */
export interface RestrictionContext {
  /** Wall-clock time at the station, in the tariff's time zone. */
  readonly local: LocalMoment;
  /** Energy consumed by the session so far, Wh. */
  readonly energyWh: number;
  /** Time since the session started, seconds. */
  readonly durationSeconds: number;
  /** Charging power at that moment, kW; undefined when unknown. */
  readonly powerKw: number | undefined;
  /** Charging current summed over phases, A; undefined when the charger does not report it. */
  readonly currentA: number | undefined;
}

/**
 * Whether a tariff element's restrictions hold at one moment. All present restrictions must hold (AND);
 * an absent restriction holds always. Every range is half-open — minimum inclusive, maximum exclusive — as
 * OCPI 2.2.1 states for durations and dates, so adjacent elements such as "< 16 kW" and "16–32 kW" never
 * overlap or leave a gap. A power or current restriction on a quantity we do not know does not hold, so
 * the search falls through to the next element (OCPI advises a restriction-free fallback element last).
 */
export function restrictionsHold(
  restrictions: TariffRestrictions | undefined,
  at: RestrictionContext,
): boolean {
  if (!restrictions) return true;
  const r = restrictions;
  if (!timeWindowHolds(r.startTime, r.endTime, at.local.minuteOfDay)) return false;
  if (r.startDate !== undefined && at.local.date < r.startDate) return false;
  if (r.endDate !== undefined && at.local.date >= r.endDate) return false;
  if (r.dayOfWeek !== undefined && !r.dayOfWeek.includes(at.local.dayOfWeek)) return false;
  if (!inRange(at.energyWh, kwhToWh(r.minKwh), kwhToWh(r.maxKwh))) return false;
  if (!inRange(at.durationSeconds, r.minDuration, r.maxDuration)) return false;
  if (r.minPower !== undefined || r.maxPower !== undefined) {
    if (at.powerKw === undefined || !inRange(at.powerKw, r.minPower, r.maxPower)) return false;
  }
  if (r.minCurrent !== undefined || r.maxCurrent !== undefined) {
    if (at.currentA === undefined || !inRange(at.currentA, r.minCurrent, r.maxCurrent)) return false;
  }
  return true;
}

/**
 * A local time-of-day window [start, end). An end earlier than the start wraps past midnight
 * (22:00–06:00 holds at 23:00 and at 05:59); equal start and end mean the whole day. Only a start: until
 * midnight; only an end: from midnight.
 */
export function timeWindowHolds(
  startTime: string | undefined,
  endTime: string | undefined,
  minuteOfDay: number,
): boolean {
  const start = startTime === undefined ? 0 : parseMinuteOfDay(startTime);
  const end = endTime === undefined ? 24 * 60 : parseMinuteOfDay(endTime);
  if (start === end) return true;
  if (start < end) return minuteOfDay >= start && minuteOfDay < end;
  return minuteOfDay >= start || minuteOfDay < end;
}

/** "07:30" → 450. */
export function parseMinuteOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function inRange(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value < max);
}

/** kWh → Wh at mWh precision, so 1.1 kWh is exactly 1100 Wh and not 1100.0000000000002. */
function kwhToWh(kwh: number | undefined): number | undefined {
  return kwh === undefined ? undefined : Math.round(kwh * 1_000_000) / 1000;
}
