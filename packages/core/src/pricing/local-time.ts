import type { DayOfWeek } from './tariff-schema.ts';

/** A moment as the clock on the wall of the station shows it: what time-of-day restrictions are read against. */
export interface LocalMoment {
  /** Local calendar date, YYYY-MM-DD. */
  readonly date: string;
  /** Minutes since local midnight, 0–1439. */
  readonly minuteOfDay: number;
  readonly dayOfWeek: DayOfWeek;
}

const DAYS: readonly DayOfWeek[] = [
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
];
const MINUTE_MS = 60_000;
/** UTC offsets change only on quarter-hour UTC instants in every zone in use today, so one lookup per quarter. */
const OFFSET_BUCKET_MS = 15 * MINUTE_MS;

const DAY_MS = 24 * 60 * MINUTE_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Offsets per time zone and quarter hour, shared by all clocks: an offset at an instant never changes (short
 * of a tz database update, which means a new process), and `formatToParts` is the expensive part of pricing.
 * Bounded so a long-lived process cannot grow it without limit.
 */
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 50_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Converts between UTC instants and the local wall clock of an IANA time zone using only `Intl` (no time
 * zone library in a pure domain package). Offsets are cached per quarter hour, so pricing a long session
 * costs a handful of `Intl` calls, not one per slice. Deterministic: no reading of the current time.
 */
export class LocalClock {
  readonly #offsets: Map<number, number>;
  /** Local day number → [date, weekday], so `at` does no string formatting per call. */
  readonly #days = new Map<number, { date: string; dayOfWeek: DayOfWeek }>();

  constructor(readonly timeZone: string) {
    let offsets = offsetCache.get(timeZone);
    if (!offsets) {
      offsets = new Map();
      offsetCache.set(timeZone, offsets);
    }
    this.#offsets = offsets;
  }

  /** The zone's offset from UTC at an instant, in milliseconds (Berlin in summer: +7 200 000). */
  offsetAt(instantMs: number): number {
    const bucket = Math.floor(instantMs / OFFSET_BUCKET_MS) * OFFSET_BUCKET_MS;
    let offset = this.#offsets.get(bucket);
    if (offset === undefined) {
      const parts: Record<string, number> = {};
      for (const part of formatterFor(this.timeZone).formatToParts(new Date(bucket))) {
        if (part.type !== 'literal') parts[part.type] = Number(part.value);
      }
      const asUtc = Date.UTC(
        parts.year ?? 1970,
        (parts.month ?? 1) - 1,
        parts.day ?? 1,
        parts.hour ?? 0,
        parts.minute ?? 0,
        parts.second ?? 0,
      );
      offset = asUtc - bucket;
      if (this.#offsets.size >= OFFSET_CACHE_LIMIT) this.#offsets.clear();
      this.#offsets.set(bucket, offset);
    }
    return offset;
  }

  /** The local date, minute of day and weekday at an instant. */
  at(instantMs: number): LocalMoment {
    const localMs = instantMs + this.offsetAt(instantMs);
    const dayNumber = Math.floor(localMs / DAY_MS);
    let day = this.#days.get(dayNumber);
    if (!day) {
      const midnight = new Date(dayNumber * DAY_MS);
      day = { date: midnight.toISOString().slice(0, 10), dayOfWeek: DAYS[midnight.getUTCDay()] ?? 'MONDAY' };
      this.#days.set(dayNumber, day);
    }
    return { ...day, minuteOfDay: Math.floor((localMs - dayNumber * DAY_MS) / MINUTE_MS) };
  }

  /**
   * The UTC instants at which the local clock shows `minuteOfDay` on the local date that starts at
   * `localMidnightMs` (a UTC-encoded local date). Usually one; on a DST change day a wall time can exist
   * twice (fall back), so every offset in force around that day yields a candidate. Extra candidates are
   * harmless to the caller, which only uses them as places where a slice may end.
   */
  instantsOf(localMidnightMs: number, minuteOfDay: number): number[] {
    const localMs = localMidnightMs + minuteOfDay * MINUTE_MS;
    // Any local day lies within [midnight - 14 h, midnight + 38 h] in UTC, whatever the zone's offset.
    const before = this.offsetAt(localMidnightMs - 14 * 60 * MINUTE_MS);
    const after = this.offsetAt(localMidnightMs + 38 * 60 * MINUTE_MS);
    return before === after ? [localMs - before] : [localMs - before, localMs - after];
  }

  /** Local midnights (UTC-encoded local dates) of every local day that overlaps [fromMs, toMs]. */
  localDaysBetween(fromMs: number, toMs: number): number[] {
    const first = Date.parse(`${this.at(fromMs).date}T00:00:00Z`);
    const last = Date.parse(`${this.at(toMs).date}T00:00:00Z`);
    const days: number[] = [];
    for (let day = first; day <= last; day += DAY_MS) days.push(day);
    return days;
  }
}
