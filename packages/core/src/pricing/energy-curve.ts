import type { SessionFacts } from './session-facts.ts';

interface CurvePoint {
  /** ms since epoch. */
  readonly t: number;
  /** Energy consumed since the session start, mWh (integers keep sums exact). */
  readonly mWh: number;
}

/**
 * The session's cumulative energy as a function of time, from the meter readings: exact at each reading,
 * linear in between (the best estimate when power is not sampled more finely), flat after the last reading
 * (no extrapolation: we never bill energy the meter has not reported).
 *
 * Bad meters are tamed rather than trusted blindly: readings outside the session window are ignored; a
 * reading below the start register or above the stop register is clamped to it; and the curve never goes
 * down (a register that drops is a glitch, not energy flowing back). With a stop register the total is
 * therefore exactly meterStop − meterStart (S2), and whatever way the session is cut into slices, the slice
 * energies add up to that total because each is a difference of the same rounded curve.
 */
export class EnergyCurve {
  readonly points: readonly CurvePoint[];
  readonly #currents: readonly { t: number; a: number }[];

  /**
   * `thresholdsMilliWh` are energy levels a tariff cares about (minKwh/maxKwh). The curve gets a point
   * exactly where it reaches each of them, so the slice before holds exactly the energy up to the threshold
   * ("the first kWh is free" frees 1.000 kWh, not 1.000017) — time has only millisecond resolution, which
   * at high power is tens of mWh.
   */
  constructor(
    facts: SessionFacts,
    startMs: number,
    endMs: number,
    thresholdsMilliWh: readonly number[] = [],
  ) {
    const start = toMilliWh(facts.meterStartWh);
    const stop = facts.meterStopWh === undefined ? undefined : Math.max(start, toMilliWh(facts.meterStopWh));
    const raw: CurvePoint[] = [{ t: startMs, mWh: 0 }];
    const readings = [...facts.samples]
      .map((s) => ({ t: s.at.getTime(), mWh: toMilliWh(s.energyWh) }))
      .filter((s) => s.t > startMs && s.t <= endMs)
      .sort((a, b) => a.t - b.t);
    for (const reading of readings) {
      const clamped = Math.min(Math.max(reading.mWh, start), stop ?? Number.POSITIVE_INFINITY);
      raw.push({ t: reading.t, mWh: clamped - start });
    }
    if (stop !== undefined) {
      const stopAt = Math.min(facts.stoppedAt?.getTime() ?? endMs, endMs);
      raw.push({ t: Math.max(stopAt, raw[raw.length - 1]?.t ?? startMs), mWh: stop - start });
    }
    // Monotone, one point per instant.
    const points: CurvePoint[] = [];
    let max = 0;
    for (const point of raw) {
      max = Math.max(max, point.mWh);
      const last = points[points.length - 1];
      if (last && last.t === point.t) points[points.length - 1] = { t: point.t, mWh: max };
      else points.push({ t: point.t, mWh: max });
    }
    this.points = withThresholdPoints(points, thresholdsMilliWh);
    this.#currents = [...facts.samples]
      .filter((s) => s.currentA !== undefined)
      .map((s) => ({ t: s.at.getTime(), a: s.currentA ?? 0 }))
      .sort((a, b) => a.t - b.t);
  }

  /** Total energy of the session, mWh. */
  get totalMilliWh(): number {
    return this.points[this.points.length - 1]?.mWh ?? 0;
  }

  /** Energy consumed between the session start and `t`, mWh (rounded to whole mWh, monotone in t). */
  milliWhAt(t: number): number {
    const i = this.#intervalIndex(t);
    const a = this.points[i];
    const b = this.points[i + 1];
    if (!a) return 0;
    if (!b) return a.mWh;
    return a.mWh + Math.round(((b.mWh - a.mWh) * (t - a.t)) / (b.t - a.t));
  }

  /**
   * Charging power around `t`, kW: the average over the reading interval that contains it (register
   * difference / time), which is what the billed energy was actually delivered at. After the last reading
   * the last interval's power carries on; undefined before there are two readings.
   */
  powerKwAt(t: number): number | undefined {
    let i = this.#intervalIndex(t);
    if (i >= this.points.length - 1) i = this.points.length - 2;
    const a = this.points[i];
    const b = this.points[i + 1];
    if (!a || !b) return undefined;
    // mWh per ms = Wh per s = 3.6 kW.
    return ((b.mWh - a.mWh) / (b.t - a.t)) * 3.6;
  }

  /** The last reported current at or before `t`, A; undefined when none was reported. */
  currentAt(t: number): number | undefined {
    let found: number | undefined;
    for (const c of this.#currents) {
      if (c.t > t) break;
      found = c.a;
    }
    return found;
  }

  /** Index i of the interval [points[i], points[i+1]) containing t (the last point's index past the end). */
  #intervalIndex(t: number): number {
    let lo = 0;
    let hi = this.points.length - 1;
    if (hi < 0 || t < (this.points[0]?.t ?? 0)) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.points[mid]?.t ?? 0) <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Inserts a point where the curve first reaches each threshold, strictly between two readings. */
function withThresholdPoints(points: readonly CurvePoint[], thresholds: readonly number[]): CurvePoint[] {
  const result = [...points];
  for (const threshold of new Set(thresholds)) {
    for (let i = 0; i + 1 < result.length; i++) {
      const a = result[i]!;
      const b = result[i + 1]!;
      if (a.mWh < threshold && threshold < b.mWh) {
        const t = a.t + Math.ceil(((threshold - a.mWh) * (b.t - a.t)) / (b.mWh - a.mWh));
        if (t > a.t && t < b.t) result.splice(i + 1, 0, { t, mWh: threshold });
        break;
      }
    }
  }
  return result;
}

function toMilliWh(wh: number): number {
  return Math.round(wh * 1000);
}
