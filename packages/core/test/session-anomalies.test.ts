import { describe, expect, it } from 'vitest';
import {
  chargerInstant,
  energyBaseline,
  flagsAtStart,
  isSessionId,
  orphanSessionId,
  settleStop,
  startedSessionId,
} from '../src/session.ts';

/** The pure rules behind session anomalies; the OCPP suites prove them end to end. */
const start = {
  chargePointId: 'CP-1',
  connectorId: 1,
  idTag: 'TAG',
  timestamp: '2026-11-21T08:00:00Z',
  meterStartWh: 0,
};

describe('session ids derived from what identifies the session', () => {
  it('names a repeated StartTransaction the same, whatever spelling of the instant', () => {
    const id = startedSessionId('t1', start);
    expect(isSessionId(id)).toBe(true);
    expect(startedSessionId('t1', { ...start, timestamp: '2026-11-21T09:00:00.000+01:00' })).toBe(id);
    expect(startedSessionId('t1', { ...start, meterStartWh: 1 })).not.toBe(id);
    expect(startedSessionId('t2', start)).not.toBe(id);
  });

  it('names orphans per charger and transaction id, apart from started sessions', () => {
    const id = orphanSessionId('t1', 'CP-1', 7);
    expect(isSessionId(id)).toBe(true);
    expect(orphanSessionId('t1', 'CP-1', 7)).toBe(id);
    expect(orphanSessionId('t1', 'CP-2', 7)).not.toBe(id);
  });
});

describe('chargerInstant', () => {
  it('reads a timestamp without offset as UTC and normalises any offset', () => {
    expect(chargerInstant('2026-01-15T08:00:00')).toBe('2026-01-15T08:00:00.000Z');
    expect(chargerInstant('2026-01-15T08:00:00.123456')).toBe('2026-01-15T08:00:00.123Z');
    expect(chargerInstant('2026-01-15T09:00:00+0100')).toBe('2026-01-15T08:00:00.000Z');
    expect(chargerInstant('2026-01-15t08:00:00z')).toBe('2026-01-15T08:00:00.000Z');
  });
});

describe('flags', () => {
  const receivedAt = new Date('2026-11-21T08:00:00Z');

  it('at start: busy connector, future timestamp (beyond 5 minutes of skew), meterStart 0 after readings', () => {
    expect(flagsAtStart({ ...start, receivedAt, connectorBusy: false })).toEqual([]);
    expect(flagsAtStart({ ...start, receivedAt, connectorBusy: true })).toEqual(['concurrent-start']);
    expect(
      flagsAtStart({ ...start, timestamp: '2026-11-21T08:04:00Z', receivedAt, connectorBusy: false }),
    ).toEqual([]);
    expect(
      flagsAtStart({ ...start, timestamp: '2026-11-21T08:06:00Z', receivedAt, connectorBusy: false }),
    ).toEqual(['timestamp-in-future']);
    expect(flagsAtStart({ ...start, receivedAt, connectorBusy: false, previousMeterWh: 910_000 })).toEqual([
      'meter-start-reset',
    ]);
  });

  it('at stop: decreasing register bills nothing; stop before start; future stop', () => {
    const session = { startedAt: '2026-11-21T07:00:00.000Z', meterStartWh: 5_000, flags: [] };
    expect(
      settleStop(session, { timestamp: '2026-11-21T07:30:00Z', meterStopWh: 4_000, receivedAt }),
    ).toEqual({
      energyWh: 0,
      flags: ['meter-decreased'],
    });
    expect(
      settleStop(session, { timestamp: '2026-11-21T06:00:00Z', meterStopWh: 6_000, receivedAt }).flags,
    ).toEqual(['stop-before-start']);
    expect(
      settleStop(session, { timestamp: '2026-11-22T06:00:00Z', meterStopWh: 6_000, receivedAt }).flags,
    ).toEqual(['timestamp-in-future']);
  });
});

describe('energyBaseline (CitrineOS #1060: meterStart 0 billed as 910 kWh)', () => {
  const base = { startedAt: '2026-11-21T07:00:00.000Z', meterStopWh: 915_000 };

  it('keeps a non-zero meterStart', () => {
    expect(energyBaseline({ ...base, meterStartWh: 900_000, priorRegisterWh: 899_000 })).toEqual({
      baselineWh: 900_000,
      reset: false,
    });
  });

  it('measures from the last known reading when the register went on from it', () => {
    expect(energyBaseline({ ...base, meterStartWh: 0, priorRegisterWh: 910_000 })).toEqual({
      baselineWh: 910_000,
      reset: true,
    });
  });

  it('measures from 0 when the register really restarted below the last known reading', () => {
    expect(
      energyBaseline({ ...base, meterStartWh: 0, priorRegisterWh: 910_000, meterStopWh: 2_500 }),
    ).toEqual({ baselineWh: 0, reset: true });
  });

  it('with a known reading, the session’s own first reading decides whether the register restarted', () => {
    const cases: [name: string, prior: number, first: number | undefined, stop: number, baseline: number][] =
      [
        // Per-transaction register: previous stop 65, readings 0 → 44 → 84 → 120, stop 120: bill 120, not 55.
        ['per-transaction register, small session', 65, 0, 120, 0],
        // Readings 0 then 2,500, stop 5,000 after a previous 3,000: bill 5,000, not 2,000.
        ['per-transaction register, bigger than the last', 3_000, 0, 5_000, 0],
        // Lost state: meterStart 0 while the register reads 910 kWh (CitrineOS #1060).
        ['lost state, readings go on from the register', 910_000, 910_200, 915_000, 910_000],
        ['lost state, no readings', 910_000, undefined, 915_000, 910_000],
        ['meter swapped, no readings', 910_000, undefined, 2_500, 0],
      ];
    for (const [name, prior, first, stop, baseline] of cases) {
      const firstSample =
        first === undefined ? undefined : { timestamp: '2026-11-21T07:01:00.000Z', energyWh: first };
      expect(
        energyBaseline({ ...base, meterStartWh: 0, priorRegisterWh: prior, meterStopWh: stop, firstSample }),
        name,
      ).toEqual({ baselineWh: baseline, reset: true });
    }
  });

  it('without history: an impossible first reading becomes the baseline, a plausible one does not', () => {
    const firstSample = { timestamp: '2026-11-21T07:01:00.000Z', energyWh: 910_000 };
    expect(energyBaseline({ ...base, meterStartWh: 0, firstSample })).toEqual({
      baselineWh: 910_000,
      reset: true,
    });
    const plausible = { timestamp: '2026-11-21T08:00:00.000Z', energyWh: 22_000 };
    expect(energyBaseline({ ...base, meterStartWh: 0, firstSample: plausible })).toEqual({
      baselineWh: 0,
      reset: false,
    });
  });
});
