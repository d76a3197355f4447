import type { EnergyCurve } from './energy-curve.ts';
import type { LocalClock } from './local-time.ts';
import type { PeriodKind, PeriodMs } from './periods.ts';
import { parseMinuteOfDay, type RestrictionContext } from './restrictions.ts';
import type { TariffVersion } from './tariff-schema.ts';

/**
 * A piece of the session within which nothing a tariff can look at changes: one period kind, one sample
 * interval (so one power), one side of every local-time, duration and kWh boundary any element mentions.
 * OCPI prices "per time slice"; cutting at every such boundary makes the first-matching-element decision
 * exact for the whole slice.
 */
export interface Slice {
  readonly startMs: number;
  readonly endMs: number;
  readonly kind: PeriodKind;
  /** Whether the slice lies in the final idle period (the idle fee's period, see periods.ts). */
  readonly inFinalIdle: boolean;
  /** Energy delivered within the slice, mWh. */
  readonly energyMilliWh: number;
  /**
   * The state restrictions are checked against, taken at the slice's midpoint: strictly inside the
   * slice, so a boundary computed a millisecond off can never flip the decision for the whole slice.
   */
  readonly context: RestrictionContext;
}

/** The kWh levels the tariff's restrictions mention, in mWh: where the energy curve needs exact points. */
export function energyThresholds(tariff: TariffVersion): number[] {
  const thresholds: number[] = [];
  for (const { restrictions: r } of tariff.elements) {
    for (const kwh of [r?.minKwh, r?.maxKwh])
      if (kwh !== undefined) thresholds.push(Math.round(kwh * 1_000_000));
  }
  return thresholds;
}

export interface SliceInput {
  readonly tariff: TariffVersion;
  readonly curve: EnergyCurve;
  readonly clock: LocalClock;
  readonly periods: readonly PeriodMs[];
  readonly finalIdleStartMs: number | undefined;
  readonly startMs: number;
  readonly endMs: number;
}

export function sliceSession(input: SliceInput): Slice[] {
  const { curve, clock, periods, startMs, endMs } = input;
  const instants = [...boundaries(input)].filter((t) => t >= startMs && t <= endMs).sort((a, b) => a - b);

  const slices: Slice[] = [];
  let periodIndex = 0;
  let energyBefore = curve.milliWhAt(startMs);
  for (let i = 0; i + 1 < instants.length; i++) {
    const from = instants[i]!;
    const to = instants[i + 1]!;
    while (periodIndex + 1 < periods.length && periods[periodIndex]!.endMs <= from) periodIndex++;
    const period = periods[periodIndex];
    const energyAfter = curve.milliWhAt(to);
    const mid = from + Math.floor((to - from) / 2);
    slices.push({
      startMs: from,
      endMs: to,
      kind: period?.kind ?? 'idle',
      inFinalIdle: input.finalIdleStartMs !== undefined && from >= input.finalIdleStartMs,
      energyMilliWh: energyAfter - energyBefore,
      context: {
        local: clock.at(mid),
        energyWh: curve.milliWhAt(mid) / 1000,
        durationSeconds: (mid - startMs) / 1000,
        powerKw: curve.powerKwAt(mid),
        currentA: curve.currentAt(mid),
      },
    });
    energyBefore = energyAfter;
  }
  return slices;
}

/** The context at the very start of the session, for FLAT (priced once, as of the start). */
export function startContext(input: SliceInput): RestrictionContext {
  return {
    local: input.clock.at(input.startMs),
    energyWh: 0,
    durationSeconds: 0,
    powerKw: input.curve.powerKwAt(input.startMs),
    currentA: input.curve.currentAt(input.startMs),
  };
}

function boundaries(input: SliceInput): Set<number> {
  const { tariff, curve, clock, periods, startMs, endMs } = input;
  const cuts = new Set<number>([startMs, endMs]);
  for (const period of periods) {
    cuts.add(period.startMs);
    cuts.add(period.endMs);
  }
  // Reading times, and the instants the energy reaches a kWh restriction (EnergyCurve adds those points).
  for (const point of curve.points) cuts.add(point.t);

  const minutesOfDay = new Set<number>();
  let usesLocalDays = false;
  for (const { restrictions: r } of tariff.elements) {
    if (!r) continue;
    if (r.startTime !== undefined) minutesOfDay.add(parseMinuteOfDay(r.startTime));
    if (r.endTime !== undefined) minutesOfDay.add(parseMinuteOfDay(r.endTime));
    if (r.startTime !== undefined || r.endTime !== undefined || r.dayOfWeek || r.startDate || r.endDate) {
      usesLocalDays = true;
    }
    for (const seconds of [r.minDuration, r.maxDuration]) {
      if (seconds !== undefined) cuts.add(startMs + seconds * 1000);
    }
  }
  if (usesLocalDays) {
    minutesOfDay.add(0);
    for (const day of clock.localDaysBetween(startMs, endMs)) {
      for (const minute of minutesOfDay) for (const t of clock.instantsOf(day, minute)) cuts.add(t);
    }
  }
  return cuts;
}
