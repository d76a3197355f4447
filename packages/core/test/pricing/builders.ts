import type { MeterSample, SessionFacts, StatusChange } from '../../src/pricing/session-facts.ts';
import type { PriceComponent, TariffElement, TariffVersion } from '../../src/pricing/tariff-schema.ts';

/** Test builders: sessions and tariffs described the way a person would tell them. */

export const MINUTE = 60_000;

/** A tariff version with sensible defaults (EUR, 20 % VAT, Berlin); override what the test is about. */
export function aTariff(overrides: Partial<TariffVersion> = {}): TariffVersion {
  return {
    currency: 'EUR',
    vatRate: '20',
    timeZone: 'Europe/Berlin',
    elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30', stepSize: 1 }] }],
    ...overrides,
  };
}

/** One element with the given components and optional restrictions. */
export function element(
  components: PriceComponent[],
  restrictions?: TariffElement['restrictions'],
): TariffElement {
  return restrictions ? { priceComponents: components, restrictions } : { priceComponents: components };
}

export const energy = (price: string, stepSize = 1): PriceComponent => ({ type: 'ENERGY', price, stepSize });
export const time = (price: string, stepSize = 1): PriceComponent => ({ type: 'TIME', price, stepSize });
export const parking = (price: string, stepSize = 1): PriceComponent => ({
  type: 'PARKING_TIME',
  price,
  stepSize,
});
export const flat = (price: string): PriceComponent => ({ type: 'FLAT', price });

export interface Segment {
  readonly minutes: number;
  /** Power drawn during the segment, kW (0 = nothing flows). */
  readonly kw: number;
  /** Status reported at the segment's start; default Charging when kw > 0, else SuspendedEV. */
  readonly status?: string;
  /** Current summed over phases, A, reported with each reading. */
  readonly currentA?: number;
}

export interface SessionSpec {
  /** Start instant, ISO 8601 (UTC) or Date. */
  readonly start: string | Date;
  readonly segments: readonly Segment[];
  /** Seconds between meter readings (plus one at every segment boundary); default 60. */
  readonly sampleEverySeconds?: number;
  /** False: the session is still running (no stop, no stop register). Default true. */
  readonly stopped?: boolean;
  readonly meterStartWh?: number;
  /** Statuses appended after the segments' own, e.g. an Available. */
  readonly extraStatuses?: readonly StatusChange[];
}

/**
 * A session from consecutive segments of constant power: meter readings every `sampleEverySeconds` and at
 * each segment boundary, register rounded to whole Wh as chargers report it, statuses at segment starts.
 */
export function aSession(spec: SessionSpec): SessionFacts {
  const start = typeof spec.start === 'string' ? new Date(spec.start) : spec.start;
  const meterStartWh = spec.meterStartWh ?? 100_000;
  const step = (spec.sampleEverySeconds ?? 60) * 1000;
  const samples: MeterSample[] = [];
  const statusChanges: StatusChange[] = [];
  let t = start.getTime();
  let energyWh = meterStartWh;
  for (const segment of spec.segments) {
    const segmentStart = t;
    const segmentEnd = segmentStart + segment.minutes * MINUTE;
    statusChanges.push({
      at: new Date(segmentStart),
      status: segment.status ?? (segment.kw > 0 ? 'Charging' : 'SuspendedEV'),
    });
    let last = segmentStart;
    const whPerMs = segment.kw / 3_600;
    for (let next = Math.min(segmentStart + step, segmentEnd); ; next = Math.min(next + step, segmentEnd)) {
      energyWh += whPerMs * (next - last);
      samples.push({
        at: new Date(next),
        energyWh: Math.round(energyWh),
        powerW: segment.kw * 1000,
        ...(segment.currentA !== undefined ? { currentA: segment.currentA } : {}),
      });
      last = next;
      if (next >= segmentEnd) break;
    }
    t = segmentEnd;
  }
  const stopped = spec.stopped ?? true;
  return {
    startedAt: start,
    ...(stopped ? { stoppedAt: new Date(t), meterStopWh: Math.round(energyWh) } : {}),
    meterStartWh,
    samples,
    statusChanges: [...statusChanges, ...(spec.extraStatuses ?? [])],
  };
}

/** The instant `minutes` after `start`. */
export function after(start: string | Date, minutes: number): Date {
  return new Date((typeof start === 'string' ? Date.parse(start) : start.getTime()) + minutes * MINUTE);
}
