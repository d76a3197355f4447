import { EnergyCurve } from './energy-curve.ts';
import {
  DEFAULT_IDLE_AFTER_MINUTES,
  type PricingOptions,
  type SessionFacts,
  sessionEndMs,
} from './session-facts.ts';

export type PeriodKind = 'charging' | 'idle';

/** A stretch of the session that was either charging or idle (plugged in, not charging). */
export interface SessionPeriod {
  readonly kind: PeriodKind;
  readonly start: Date;
  readonly end: Date;
}

/** The same, in ms since epoch, for the cost function's inner loops. */
export interface PeriodMs {
  readonly kind: PeriodKind;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Splits a session into charging and idle periods. The rule (also in `pricing/README.md`):
 *
 * 1. The priced window runs from `startedAt` to `stoppedAt` (or `now` while running), cut short by the
 *    first `Available` status after the start: the connector is free, so the vehicle has left.
 * 2. Status decides first. The session starts as charging (a transaction starts because energy is meant to
 *    flow; statuses stamped before the start — typically `Preparing` — are ignored so that a second of
 *    preparation never bills a parking step). From each status change on: `Charging` means charging; any
 *    other status — `SuspendedEV`, `SuspendedEVSE`, `Finishing`, and OCPP 2.0.1's `EVConnected`/`Idle` —
 *    means idle.
 * 3. The meter can overrule a `Charging` status, never the reverse: where the energy register does not
 *    increase between two readings at least `idleAfterMinutes` (default 5) apart, that stretch is idle even
 *    if the status still says Charging (a full battery that the car reports as Charging is still a parked
 *    car). The stretch runs from the first to the last of the equal readings — exactly what the meter
 *    proves; the time after the last reading of a running session is not assumed idle, since readings may
 *    simply be late. The start register (at `startedAt`) and the stop register (at `stoppedAt`) count as
 *    readings.
 * 4. Adjacent periods of the same kind merge; empty ones vanish. The periods cover the window exactly.
 */
export function deriveSessionPeriods(facts: SessionFacts, options: PricingOptions = {}): SessionPeriod[] {
  const startMs = facts.startedAt.getTime();
  const endMs = sessionEndMs(facts, options.now);
  const curve = new EnergyCurve(facts, startMs, endMs);
  return derivePeriodsMs(facts, curve, startMs, endMs, options.idleAfterMinutes).map((p) => ({
    kind: p.kind,
    start: new Date(p.startMs),
    end: new Date(p.endMs),
  }));
}

/** Rule of `deriveSessionPeriods`, on a prepared energy curve and window. */
export function derivePeriodsMs(
  facts: SessionFacts,
  curve: EnergyCurve,
  startMs: number,
  endMs: number,
  idleAfterMinutes: number = DEFAULT_IDLE_AFTER_MINUTES,
): PeriodMs[] {
  if (endMs <= startMs) return [];

  // Status timeline: [instant, charging?] steps inside the window.
  const statusSteps: { t: number; charging: boolean }[] = [{ t: startMs, charging: true }];
  const changes = facts.statusChanges
    .map((c, order) => ({ t: c.at.getTime(), status: c.status, order }))
    .filter((c) => c.t >= startMs && c.t < endMs && c.status !== 'Available')
    .sort((a, b) => a.t - b.t || a.order - b.order);
  for (const change of changes) statusSteps.push({ t: change.t, charging: change.status === 'Charging' });

  const stalls = meterStalls(curve, idleAfterMinutes * 60_000);

  const cuts = new Set<number>([startMs, endMs]);
  for (const step of statusSteps) cuts.add(step.t);
  for (const stall of stalls) {
    if (stall.from > startMs && stall.from < endMs) cuts.add(stall.from);
    if (stall.to > startMs && stall.to < endMs) cuts.add(stall.to);
  }
  const instants = [...cuts].sort((a, b) => a - b);

  const periods: PeriodMs[] = [];
  let stepIndex = 0;
  let charging = true;
  for (let i = 0; i + 1 < instants.length; i++) {
    const from = instants[i]!;
    const to = instants[i + 1]!;
    while (stepIndex < statusSteps.length && statusSteps[stepIndex]!.t <= from) {
      charging = statusSteps[stepIndex]!.charging;
      stepIndex++;
    }
    const stalled = stalls.some((s) => s.from <= from && to <= s.to);
    const kind: PeriodKind = charging && !stalled ? 'charging' : 'idle';
    const last = periods[periods.length - 1];
    if (last && last.kind === kind) periods[periods.length - 1] = { kind, startMs: last.startMs, endMs: to };
    else periods.push({ kind, startMs: from, endMs: to });
  }
  return periods;
}

/**
 * The final idle period: the one that lasts until the end of the window, if the window ends idle. Its start
 * is when "charging ended" for the idle fee (T1). A session that never charged is one idle period, so its
 * start is the session start: the bay was occupied without charging from the beginning.
 */
export function finalIdlePeriod<P extends { readonly kind: PeriodKind }>(
  periods: readonly P[],
): P | undefined {
  const last = periods[periods.length - 1];
  return last?.kind === 'idle' ? last : undefined;
}

/** Stretches between readings with the same (non-increasing) register at least `minMs` long. */
function meterStalls(curve: EnergyCurve, minMs: number): { from: number; to: number }[] {
  const stalls: { from: number; to: number }[] = [];
  const points = curve.points;
  let runStart = 0;
  for (let i = 1; i <= points.length; i++) {
    const current = points[i];
    const first = points[runStart]!;
    if (current && current.mWh === first.mWh) continue;
    const last = points[i - 1]!;
    if (last.t - first.t >= minMs) stalls.push({ from: first.t, to: last.t });
    runStart = i;
  }
  return stalls;
}
