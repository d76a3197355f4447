import type {
  DayOfWeek,
  PriceComponent,
  TariffElement,
  TariffRestrictions,
  TariffVersion,
} from '../../src/pricing/tariff-schema.ts';
import { aSession, type Segment } from './builders.ts';

/**
 * A small seeded PRNG (mulberry32) for property tests: the same seed gives the same cases on every run and
 * machine, so a failure names its seed and reproduces. No property-testing library needed.
 */
export class Random {
  #state: number;

  constructor(readonly seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** A decimal string between 0 and max with `decimals` digits, e.g. "0.2731". */
  price(max: number, decimals: number): string {
    const units = this.int(0, max * 10 ** decimals);
    if (decimals === 0) return String(units);
    const text = String(units).padStart(decimals + 1, '0');
    return `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
  }

  /** HH:MM on a quarter hour. */
  clock(): string {
    return `${String(this.int(0, 23)).padStart(2, '0')}:${this.pick(['00', '15', '30', '45'])}`;
  }
}

const DAYS: readonly DayOfWeek[] = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
];

export interface TariffShape {
  /** Allow restrictions (time of day, days, kWh, power, duration). */
  readonly restrictions: boolean;
  /** Only these restriction kinds when restrictions are allowed. */
  readonly onlyTimeOfDay?: boolean;
  /** Step size 1 for every component. */
  readonly unitSteps?: boolean;
  readonly idleFee?: boolean;
  readonly priceLimits?: boolean;
}

export function randomTariff(random: Random, shape: TariffShape): TariffVersion {
  const component = (type: PriceComponent['type']): PriceComponent => {
    if (type === 'FLAT') return { type, price: random.price(3, 2) };
    const steps = type === 'ENERGY' ? [1, 1, 100, 500, 1000] : [1, 60, 60, 300, 900];
    const stepSize = shape.unitSteps ? 1 : random.pick(steps);
    const max = type === 'ENERGY' ? 1 : 12;
    return { type, price: random.price(max, random.pick([2, 3, 4])), stepSize };
  };
  const restrictions = (): TariffRestrictions | undefined => {
    if (!shape.restrictions || random.chance(0.3)) return undefined;
    const r: Record<string, unknown> = {};
    if (random.chance(0.6)) {
      r.startTime = random.clock();
      r.endTime = random.clock();
    }
    if (random.chance(0.3)) r.dayOfWeek = DAYS.filter(() => random.chance(0.6)).slice(0, 7);
    if ((r.dayOfWeek as unknown[] | undefined)?.length === 0) delete r.dayOfWeek;
    if (!shape.onlyTimeOfDay) {
      if (random.chance(0.25)) r.maxKwh = random.int(1, 40);
      if (random.chance(0.25)) r.minPower = random.int(1, 50);
      if (random.chance(0.25)) r.maxDuration = random.int(10, 240) * 60;
    }
    return Object.keys(r).length > 0 ? (r as TariffRestrictions) : undefined;
  };
  const elements: TariffElement[] = [];
  for (let i = random.int(1, 4); i > 0; i--) {
    const types = (['FLAT', 'ENERGY', 'TIME', 'PARKING_TIME'] as const).filter(() => random.chance(0.5));
    const components = (types.length > 0 ? types : (['ENERGY'] as const)).map(component);
    const r = restrictions();
    elements.push(r ? { priceComponents: components, restrictions: r } : { priceComponents: components });
  }
  if (random.chance(0.7)) {
    elements.push({ priceComponents: [component('ENERGY'), component('TIME'), component('PARKING_TIME')] });
  }
  const minPrice = shape.priceLimits && random.chance(0.3) ? random.price(5, 2) : undefined;
  const maxPrice = shape.priceLimits && random.chance(0.3) ? String(5 + random.int(0, 60)) : undefined;
  return {
    currency: random.pick(['EUR', 'EUR', 'SEK', 'JPY', 'KWD']),
    vatRate: random.pick(['0', '5.5', '7', '7.7', '19', '20', '25']),
    timeZone: random.pick(['Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'UTC']),
    elements,
    ...(shape.idleFee && random.chance(0.5)
      ? {
          idleFee: {
            pricePerMinute: random.price(1, 2),
            graceMinutes: random.int(0, 20),
            ...(random.chance(0.3) ? { maxAmount: random.price(20, 2) } : {}),
          },
        }
      : {}),
    ...(minPrice !== undefined ? { minPrice } : {}),
    ...(maxPrice !== undefined ? { maxPrice } : {}),
  };
}

/** Random segments: charging at 1–150 kW, or idle with a non-charging status. */
export function randomSegments(random: Random): Segment[] {
  const segments: Segment[] = [];
  for (let i = random.int(1, 5); i > 0; i--) {
    const minutes = random.int(1, 120) + random.int(0, 59) / 60;
    segments.push(
      random.chance(0.65)
        ? { minutes, kw: random.int(10, 1500) / 10 }
        : { minutes, kw: 0, status: random.pick(['SuspendedEV', 'SuspendedEVSE', 'Finishing']) },
    );
  }
  return segments;
}

export function randomStart(random: Random): Date {
  return new Date(Date.UTC(2025, 0, 1) + random.int(0, 365 * 24 * 60) * 60_000);
}

export function randomSession(random: Random) {
  return aSession({
    start: randomStart(random),
    segments: randomSegments(random),
    sampleEverySeconds: random.pick([30, 60, 60, 300]),
    meterStartWh: random.int(0, 5_000_000),
  });
}
