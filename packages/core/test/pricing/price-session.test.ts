import { describe, expect, it } from 'vitest';
import { priceSession } from '../../src/pricing/price-session.ts';
import type { SessionFacts } from '../../src/pricing/session-facts.ts';
import { after, aSession, aTariff, element, energy, flat, parking, time } from './builders.ts';

const T0 = '2025-06-02T08:00:00Z'; // Monday 10:00 in Berlin

/** The acceptance tariff: 0.30 net/kWh, 20 % VAT, idle fee 0.10 net/min after 10 min grace. */
const acceptanceTariff = aTariff({
  currency: 'EUR',
  vatRate: '20',
  elements: [element([energy('0.30', 1)])],
  idleFee: { pricePerMinute: '0.10', graceMinutes: 10 },
});

/** Charging from t0, 20 kWh within the first 60 minutes, then SuspendedEV until the stop at t0 + 90 min. */
const acceptanceSession = aSession({
  start: T0,
  segments: [
    { minutes: 60, kw: 20 },
    { minutes: 30, kw: 0, status: 'SuspendedEV' },
  ],
});

describe('priceSession: acceptance example', () => {
  it('prices 20 kWh and 30 idle minutes as 6.00 energy + 2.00 idle fee = 8.00 net, 1.60 VAT, 9.60 gross', () => {
    const cost = priceSession(acceptanceTariff, acceptanceSession);
    expect(cost.lines).toEqual([
      { type: 'ENERGY', quantity: '20', unit: 'kWh', unitPriceNet: '0.30', amountNet: 600, vatRate: '20' },
      { type: 'IDLE_FEE', quantity: '20', unit: 'min', unitPriceNet: '0.10', amountNet: 200, vatRate: '20' },
    ]);
    expect(cost.totalNet).toBe(800);
    expect(cost.totalVat).toBe(160);
    expect(cost.totalGross).toBe(960);
    expect(cost.vatBreakdown).toEqual([{ rate: '20', taxableAmount: 800, vatAmount: 160 }]);
    expect(cost.currency).toBe('EUR');
    expect(cost.final).toBe(true);
    expect(cost.usage).toEqual({
      energyWh: 20_000,
      durationSeconds: 5400,
      chargingSeconds: 3600,
      idleSeconds: 1800,
    });
  });
});

describe('T1: price per kWh, optional per minute, optional flat fee, idle fee after a grace period', () => {
  it('T1 bills energy per kWh from the station meter', () => {
    const cost = priceSession(
      aTariff({ elements: [element([energy('0.39')])] }),
      aSession({ start: T0, segments: [{ minutes: 60, kw: 11 }] }),
    );
    expect(cost.lines).toMatchObject([{ type: 'ENERGY', quantity: '11', amountNet: 429 }]);
  });

  it('T1 bills charging time per minute when the tariff has a TIME price (stated per hour, step 60 s)', () => {
    const tariff = aTariff({ elements: [element([energy('0.30'), time('0.60', 60)])] });
    const cost = priceSession(tariff, aSession({ start: T0, segments: [{ minutes: 45.5, kw: 11 }] }));
    // 45.5 min rounded up to 46 min × 0.60/h = 0.46
    expect(cost.lines.find((l) => l.type === 'TIME')).toMatchObject({ amountNet: 46, unit: 'h' });
  });

  it('T1 charges the flat fee once per session, whatever its length', () => {
    const tariff = aTariff({ elements: [element([flat('1.00'), energy('0.30')])] });
    const short = priceSession(tariff, aSession({ start: T0, segments: [{ minutes: 1, kw: 11 }] }));
    const long = priceSession(tariff, aSession({ start: T0, segments: [{ minutes: 600, kw: 11 }] }));
    expect(short.lines.filter((l) => l.type === 'FLAT')).toEqual([
      { type: 'FLAT', quantity: '1', unit: 'session', unitPriceNet: '1.00', amountNet: 100, vatRate: '20' },
    ]);
    expect(long.lines.filter((l) => l.type === 'FLAT')).toHaveLength(1);
  });

  it('T1 idle fee: nothing while idle within the grace period', () => {
    const session = aSession({
      start: T0,
      segments: [
        { minutes: 60, kw: 20 },
        { minutes: 10, kw: 0 },
      ],
    });
    const cost = priceSession(acceptanceTariff, session);
    expect(cost.lines.map((l) => l.type)).toEqual(['ENERGY']);
    expect(cost.totalNet).toBe(600);
  });

  it('T1 idle fee: counts per started minute after the grace period', () => {
    const session = aSession({
      start: T0,
      segments: [
        { minutes: 60, kw: 20 },
        { minutes: 10.25, kw: 0 },
      ],
    });
    expect(priceSession(acceptanceTariff, session).lines[1]).toMatchObject({
      type: 'IDLE_FEE',
      quantity: '1',
      amountNet: 10,
    });
  });

  it('T1 idle fee: only the final idle period counts, a pause in the middle of charging does not', () => {
    const session = aSession({
      start: T0,
      segments: [
        { minutes: 30, kw: 20 },
        { minutes: 40, kw: 0, status: 'SuspendedEVSE' },
        { minutes: 30, kw: 20 },
        { minutes: 15, kw: 0, status: 'Finishing' },
      ],
    });
    const cost = priceSession(acceptanceTariff, session);
    // 20 kWh × 0.30 = 6.00; idle fee on the final 15 min only: (15 − 10) × 0.10 = 0.50
    expect(cost.lines).toMatchObject([
      { type: 'ENERGY', amountNet: 600 },
      { type: 'IDLE_FEE', quantity: '5', amountNet: 50 },
    ]);
  });

  it('T1 idle fee: is capped at maxAmount, and the line shows the uncapped amount', () => {
    const tariff = {
      ...acceptanceTariff,
      idleFee: { pricePerMinute: '0.10', graceMinutes: 10, maxAmount: '5' },
    };
    const session = aSession({
      start: T0,
      segments: [
        { minutes: 60, kw: 20 },
        { minutes: 240, kw: 0 },
      ],
    });
    const idle = priceSession(tariff, session).lines.find((l) => l.type === 'IDLE_FEE');
    expect(idle).toEqual({
      type: 'IDLE_FEE',
      quantity: '230',
      unit: 'min',
      unitPriceNet: '0.10',
      amountNet: 500,
      uncappedAmountNet: 2300,
      vatRate: '20',
    });
  });

  it('T1 idle fee: starts when the meter stops rising even if the charger keeps saying Charging', () => {
    // Charging reported all along; energy flat from minute 60 (battery full) — idle by the meter rule.
    const session = aSession({
      start: T0,
      segments: [
        { minutes: 60, kw: 20 },
        { minutes: 30, kw: 0, status: 'Charging' },
      ],
    });
    const cost = priceSession(acceptanceTariff, session);
    expect(cost.totalNet).toBe(800);
  });

  it('T1 idle fee: a session that never charges is idle from its start', () => {
    const session = aSession({ start: T0, segments: [{ minutes: 25, kw: 0, status: 'SuspendedEV' }] });
    expect(priceSession(acceptanceTariff, session).lines).toMatchObject([
      { type: 'IDLE_FEE', quantity: '15' },
    ]);
  });
});

describe('idle fee and PARKING_TIME', () => {
  const tariff = aTariff({
    elements: [element([energy('0.30'), parking('6.00', 60)])],
    idleFee: { pricePerMinute: '0.10', graceMinutes: 10 },
  });

  it('the idle fee replaces PARKING_TIME for the final idle period: the same minutes are never billed twice', () => {
    const cost = priceSession(tariff, acceptanceSession);
    expect(cost.lines.map((l) => l.type)).toEqual(['ENERGY', 'IDLE_FEE']);
  });

  it('PARKING_TIME still prices idle periods before charging ended', () => {
    const session = aSession({
      start: T0,
      segments: [
        { minutes: 30, kw: 20 },
        { minutes: 20, kw: 0 },
        { minutes: 30, kw: 20 },
        { minutes: 30, kw: 0 },
      ],
    });
    const cost = priceSession(tariff, session);
    // 20 kWh = 6.00; 20 min mid-session parking × 6.00/h = 2.00; final 30 min: idle fee (30 − 10) × 0.10 = 2.00
    expect(cost.lines).toMatchObject([
      { type: 'ENERGY', amountNet: 600 },
      { type: 'PARKING_TIME', quantity: '0.333333', amountNet: 200 },
      { type: 'IDLE_FEE', quantity: '20', amountNet: 200 },
    ]);
  });

  it('without an idle fee, PARKING_TIME prices the final idle period too', () => {
    const withoutIdleFee = aTariff({ elements: [element([energy('0.30'), parking('6.00', 60)])] });
    const cost = priceSession(withoutIdleFee, acceptanceSession);
    expect(cost.lines).toMatchObject([
      { type: 'ENERGY', amountNet: 600 },
      { type: 'PARKING_TIME', quantity: '0.5', amountNet: 300 },
    ]);
  });
});

describe('live cost', () => {
  const running = aSession({
    start: T0,
    segments: [
      { minutes: 60, kw: 20 },
      { minutes: 30, kw: 0 },
    ],
    stopped: false,
  });

  it('prices a running session up to `now`, from the readings received so far', () => {
    const live = priceSession(acceptanceTariff, running, { now: after(T0, 90) });
    expect(live.final).toBe(false);
    expect(live.totalNet).toBe(800);
    expect(live.pricedUntil).toEqual(after(T0, 90));
  });

  it('grows while the car stays parked after charging', () => {
    const at = (minutes: number) =>
      priceSession(acceptanceTariff, running, { now: after(T0, minutes) }).totalNet;
    expect([at(30), at(60), at(70), at(80), at(90), at(120)]).toEqual([300, 600, 600, 700, 800, 1100]);
  });

  it('equals the final cost once the stop arrives with the same facts', () => {
    const final = priceSession(acceptanceTariff, acceptanceSession);
    const live = priceSession(acceptanceTariff, running, { now: after(T0, 90) });
    expect(live.lines).toEqual(final.lines);
  });

  it('refuses to guess the end of a running session: `now` is required', () => {
    expect(() => priceSession(acceptanceTariff, running)).toThrow(/options\.now/);
  });

  it('ignores `now` once the session has stopped', () => {
    const cost = priceSession(acceptanceTariff, acceptanceSession, { now: after(T0, 500) });
    expect(cost.totalNet).toBe(800);
  });
});

describe('the priced window', () => {
  it('ends at the first Available: the vehicle has left even if the stop is reported later', () => {
    const session: SessionFacts = {
      ...acceptanceSession,
      stoppedAt: after(T0, 120),
      statusChanges: [...acceptanceSession.statusChanges, { at: after(T0, 90), status: 'Available' }],
    };
    const cost = priceSession(acceptanceTariff, session);
    expect(cost.pricedUntil).toEqual(after(T0, 90));
    expect(cost.totalNet).toBe(800);
  });

  it('bills exactly meterStop − meterStart, whatever the readings in between (S2)', () => {
    const session: SessionFacts = {
      ...acceptanceSession,
      samples: [
        { at: after(T0, 10), energyWh: 90_000 }, // below the start register: a glitch, clamped
        { at: after(T0, 20), energyWh: 999_999 }, // above the stop register: clamped
      ],
    };
    expect(priceSession(acceptanceTariff, session).usage.energyWh).toBe(20_000);
  });

  it('prices a zero-length session at its flat fee only', () => {
    const tariff = aTariff({ elements: [element([flat('0.50'), energy('0.30'), time('1.00', 60)])] });
    const facts: SessionFacts = {
      startedAt: new Date(T0),
      stoppedAt: new Date(T0),
      meterStartWh: 5,
      meterStopWh: 5,
      samples: [],
      statusChanges: [],
    };
    expect(priceSession(tariff, facts).lines).toMatchObject([{ type: 'FLAT', amountNet: 50 }]);
  });
});

describe('min and max price', () => {
  it('lifts a cheap session to the minimum with a MIN_PRICE_ADJUSTMENT line', () => {
    const cost = priceSession(
      aTariff({ minPrice: '2.00' }),
      aSession({ start: T0, segments: [{ minutes: 6, kw: 10 }] }),
    );
    expect(cost.lines.at(-1)).toEqual({
      type: 'MIN_PRICE_ADJUSTMENT',
      quantity: '1',
      unit: 'session',
      unitPriceNet: '1.70',
      amountNet: 170,
      vatRate: '20',
    });
    expect(cost.totalNet).toBe(200);
    expect(cost.totalGross).toBe(240);
  });

  it('caps an expensive session at the maximum with a negative MAX_PRICE_ADJUSTMENT line', () => {
    const cost = priceSession(
      aTariff({ maxPrice: '10' }),
      aSession({ start: T0, segments: [{ minutes: 600, kw: 11 }] }),
    );
    // 110 kWh × 0.30 = 33.00 → −23.00 down to 10.00
    expect(cost.lines.at(-1)).toMatchObject({
      type: 'MAX_PRICE_ADJUSTMENT',
      amountNet: -2300,
      unitPriceNet: '-23.00',
    });
    expect(cost.totalNet).toBe(1000);
    expect(cost.totalVat).toBe(200);
  });
});

describe('time of day (T2: prices may differ by time of day)', () => {
  const peak = aTariff({
    elements: [
      element([energy('0.50')], { startTime: '17:00', endTime: '20:00' }),
      element([energy('0.30')]),
    ],
  });

  it('T2 prices energy by the local time at which it was delivered', () => {
    // 16:00–18:00 Berlin at 10 kW: 10 kWh off-peak × 0.30 + 10 kWh peak × 0.50 = 8.00
    const cost = priceSession(
      peak,
      aSession({ start: '2025-06-02T14:00:00Z', segments: [{ minutes: 120, kw: 10 }] }),
    );
    expect(cost.lines).toMatchObject([
      { unitPriceNet: '0.30', quantity: '10', amountNet: 300 },
      { unitPriceNet: '0.50', quantity: '10', amountNet: 500 },
    ]);
  });

  it('T2 reads time-of-day in the tariff time zone, not UTC', () => {
    // 17:00–18:00 UTC is 19:00–20:00 in Berlin (peak) but 13:00–14:00 in New York (off-peak).
    const session = aSession({ start: '2025-06-02T17:00:00Z', segments: [{ minutes: 60, kw: 10 }] });
    expect(priceSession(peak, session).totalNet).toBe(500);
    expect(priceSession({ ...peak, timeZone: 'America/New_York' }, session).totalNet).toBe(300);
  });

  it('T2 handles a night window that wraps past midnight', () => {
    const night = aTariff({
      elements: [
        element([energy('0.20')], { startTime: '22:00', endTime: '06:00' }),
        element([energy('0.40')]),
      ],
    });
    // 21:00–23:00 Berlin: 10 kWh day + 10 kWh night = 4.00 + 2.00
    const cost = priceSession(
      night,
      aSession({ start: '2025-06-02T19:00:00Z', segments: [{ minutes: 120, kw: 10 }] }),
    );
    expect(cost.totalNet).toBe(600);
  });

  it('follows daylight saving time: the window moves with the local clock', () => {
    // 2025-03-30 Berlin springs forward at 02:00 → 03:00. 00:00–04:00 UTC = 01:00–06:00 local.
    const early = aTariff({
      elements: [
        element([energy('1.00')], { startTime: '03:00', endTime: '04:00' }),
        element([energy('0.10')]),
      ],
    });
    const cost = priceSession(
      early,
      aSession({ start: '2025-03-30T00:00:00Z', segments: [{ minutes: 240, kw: 1 }] }),
    );
    // 03:00–04:00 local is 01:00–02:00 UTC: 1 kWh × 1.00 + 3 kWh × 0.10 = 1.30
    expect(cost.totalNet).toBe(130);
  });
});

describe('currencies', () => {
  it('rounds to the currency minor unit: JPY has none', () => {
    const cost = priceSession(
      aTariff({ currency: 'JPY', vatRate: '10', elements: [element([energy('45.5')])] }),
      aSession({ start: T0, segments: [{ minutes: 60, kw: 11 }] }),
    );
    // 11 kWh × 45.5 = 500.5 → 501 yen (half up); VAT 50.1 → 50
    expect(cost.totalNet).toBe(501);
    expect(cost.totalVat).toBe(50);
  });

  it('rounds to the currency minor unit: KWD has three decimals', () => {
    const cost = priceSession(
      aTariff({ currency: 'KWD', elements: [element([energy('0.0255')])] }),
      aSession({ start: T0, segments: [{ minutes: 60, kw: 11 }] }),
    );
    // 11 kWh × 0.0255 = 0.2805 KWD → 281 fils
    expect(cost.totalNet).toBe(281);
  });
});

describe('determinism', () => {
  it('gives the same breakdown for the same inputs, with samples in any order', () => {
    const shuffled: SessionFacts = {
      ...acceptanceSession,
      samples: [...acceptanceSession.samples].reverse(),
      statusChanges: [...acceptanceSession.statusChanges].reverse(),
    };
    expect(priceSession(acceptanceTariff, shuffled)).toEqual(
      priceSession(acceptanceTariff, acceptanceSession),
    );
  });

  it('prices a 2-hour session with minute readings in well under the 50 ms a live-cost request may spend', () => {
    const session = aSession({ start: T0, segments: [{ minutes: 120, kw: 11 }] });
    const started = performance.now();
    for (let i = 0; i < 50; i++) priceSession(acceptanceTariff, session);
    expect((performance.now() - started) / 50).toBeLessThan(50);
  });
});
