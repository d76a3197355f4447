import { describe, expect, it } from 'vitest';
import { deriveSessionPeriods, finalIdlePeriod } from '../../src/pricing/periods.ts';
import type { SessionFacts } from '../../src/pricing/session-facts.ts';
import { after, aSession } from './builders.ts';

const T0 = '2025-06-02T08:00:00Z';

/** Periods as [kind, start minute, end minute] for readable expectations. */
function periodsOf(facts: SessionFacts, options: Parameters<typeof deriveSessionPeriods>[1] = {}) {
  const t0 = facts.startedAt.getTime();
  return deriveSessionPeriods(facts, options).map((p) => [
    p.kind,
    (p.start.getTime() - t0) / 60_000,
    (p.end.getTime() - t0) / 60_000,
  ]);
}

describe('charging and idle periods from statuses', () => {
  it('Charging is charging; SuspendedEV, SuspendedEVSE and Finishing are idle', () => {
    const session = aSession({
      start: T0,
      segments: [
        { minutes: 10, kw: 11 },
        { minutes: 10, kw: 0, status: 'SuspendedEVSE' },
        { minutes: 10, kw: 11 },
        { minutes: 10, kw: 0, status: 'SuspendedEV' },
        { minutes: 10, kw: 0, status: 'Finishing' },
      ],
    });
    expect(periodsOf(session)).toEqual([
      ['charging', 0, 10],
      ['idle', 10, 20],
      ['charging', 20, 30],
      ['idle', 30, 50],
    ]);
  });

  it('a session starts charging: statuses from before the start (Preparing) are ignored', () => {
    const session = aSession({ start: T0, segments: [{ minutes: 30, kw: 11 }] });
    const withPreparing: SessionFacts = {
      ...session,
      statusChanges: [{ at: after(T0, -1), status: 'Preparing' }],
    };
    expect(periodsOf(withPreparing)).toEqual([['charging', 0, 30]]);
  });

  it('Available ends the occupancy: nothing after it is priced', () => {
    const session = aSession({
      start: T0,
      segments: [
        { minutes: 30, kw: 11 },
        { minutes: 30, kw: 0 },
      ],
      extraStatuses: [{ at: after(T0, 45), status: 'Available' }],
    });
    expect(periodsOf(session)).toEqual([
      ['charging', 0, 30],
      ['idle', 30, 45],
    ]);
  });

  it('OCPP 2.0.1 charging states EVConnected and Idle are idle too', () => {
    const session = aSession({
      start: T0,
      segments: [
        { minutes: 10, kw: 11 },
        { minutes: 10, kw: 0, status: 'EVConnected' },
      ],
    });
    expect(periodsOf(session)).toEqual([
      ['charging', 0, 10],
      ['idle', 10, 20],
    ]);
  });
});

describe('the meter rule: a flat register for N minutes is idle even while the status says Charging', () => {
  const fullBattery = aSession({
    start: T0,
    segments: [
      { minutes: 40, kw: 11 },
      { minutes: 20, kw: 0, status: 'Charging' },
    ],
  });

  it('marks the flat stretch idle from the first to the last equal reading (default 5 minutes)', () => {
    expect(periodsOf(fullBattery)).toEqual([
      ['charging', 0, 40],
      ['idle', 40, 60],
    ]);
  });

  it('leaves pauses shorter than N minutes as charging', () => {
    const shortPause = aSession({
      start: T0,
      segments: [
        { minutes: 20, kw: 11 },
        { minutes: 4, kw: 0, status: 'Charging' },
        { minutes: 20, kw: 11 },
      ],
    });
    expect(periodsOf(shortPause)).toEqual([['charging', 0, 44]]);
  });

  it('takes N from the options', () => {
    expect(periodsOf(fullBattery, { idleAfterMinutes: 30 })).toEqual([['charging', 0, 60]]);
    expect(periodsOf(fullBattery, { idleAfterMinutes: 20 })).toEqual([
      ['charging', 0, 40],
      ['idle', 40, 60],
    ]);
  });

  it('counts the start register as a reading: a car that takes no energy from the start is idle', () => {
    const timerDelayed = aSession({ start: T0, segments: [{ minutes: 30, kw: 0, status: 'Charging' }] });
    expect(periodsOf(timerDelayed)).toEqual([['idle', 0, 30]]);
  });

  it('does not assume idleness after the last reading of a running session (readings may be late)', () => {
    const running = aSession({ start: T0, segments: [{ minutes: 30, kw: 11 }], stopped: false });
    expect(periodsOf(running, { now: after(T0, 45) })).toEqual([['charging', 0, 45]]);
  });

  it('never turns an idle status into charging because energy still rises', () => {
    const lagging = aSession({ start: T0, segments: [{ minutes: 30, kw: 11, status: 'SuspendedEVSE' }] });
    expect(periodsOf(lagging)).toEqual([['idle', 0, 30]]);
  });
});

describe('the final idle period (when "charging ended" for the idle fee)', () => {
  it('is the last period when it is idle', () => {
    const periods = deriveSessionPeriods(
      aSession({
        start: T0,
        segments: [
          { minutes: 30, kw: 11 },
          { minutes: 30, kw: 0 },
        ],
      }),
    );
    expect(finalIdlePeriod(periods)?.start).toEqual(after(T0, 30));
  });

  it('does not exist when the session ends charging', () => {
    expect(
      finalIdlePeriod(deriveSessionPeriods(aSession({ start: T0, segments: [{ minutes: 30, kw: 11 }] }))),
    ).toBe(undefined);
  });
});
