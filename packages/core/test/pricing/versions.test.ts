import { describe, expect, it } from 'vitest';
import { priceSession } from '../../src/pricing/price-session.ts';
import type {
  DatedTariffVersion,
  TariffVersion,
  TariffWithVersions,
} from '../../src/pricing/tariff-schema.ts';
import {
  type NewTariffVersion,
  priceIncreases,
  validateNewVersion,
  versionInForceAt,
} from '../../src/pricing/versions.ts';
import { aSession, aTariff, element, energy, parking, time } from './builders.ts';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2025-06-10T12:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY);

const base: TariffVersion = aTariff({
  elements: [
    element([energy('0.30', 1), time('1.20', 60)], { startTime: '17:00', endTime: '20:00' }),
    element([energy('0.25', 1)]),
  ],
  idleFee: { pricePerMinute: '0.10', graceMinutes: 10, maxAmount: '10' },
  minPrice: '1.00',
  maxPrice: '50.00',
});

const dated = (version: number, effectiveFrom: Date, prices: TariffVersion = base): DatedTariffVersion => ({
  ...prices,
  version,
  effectiveFrom,
});

const tariff: TariffWithVersions = {
  id: 'tf1',
  versions: [
    dated(1, new Date('2025-01-01T00:00:00Z')),
    dated(2, new Date('2025-05-01T00:00:00Z'), { ...base, vatRate: '19' }),
  ],
};

/** `base` with one change applied. */
const changed = (change: (t: TariffVersion) => TariffVersion, effectiveFrom: Date): NewTariffVersion => ({
  ...change(structuredClone({ ...base, vatRate: '19' })),
  effectiveFrom,
});

describe('T3: a session is priced by the version in force at its start', () => {
  it('T3 picks the latest version that took effect at or before the session start', () => {
    expect(versionInForceAt(tariff, new Date('2025-04-30T23:59:59Z')).version).toBe(1);
    expect(versionInForceAt(tariff, new Date('2025-05-01T00:00:00Z')).version).toBe(2);
    expect(versionInForceAt(tariff, new Date('2030-01-01T00:00:00Z')).version).toBe(2);
  });

  it('T3 prices a session that started before the first version by the first version', () => {
    expect(versionInForceAt(tariff, new Date('2024-12-31T00:00:00Z')).version).toBe(1);
  });

  it('T3 keeps pricing a session by its start version even when a new version takes effect during it', () => {
    const cheaper = dated(
      3,
      new Date('2025-06-02T09:00:00Z'),
      aTariff({ elements: [element([energy('0.10')])] }),
    );
    const withChange: TariffWithVersions = { ...tariff, versions: [...tariff.versions, cheaper] };
    const session = aSession({ start: '2025-06-02T08:00:00Z', segments: [{ minutes: 120, kw: 10 }] });
    const version = versionInForceAt(withChange, session.startedAt);
    expect(version.version).toBe(2);
    expect(priceSession(version, session).totalNet).toBe(500); // 20 kWh × 0.25, not 0.10 for the second hour
  });

  it('does not depend on the order versions are stored in', () => {
    const reversed = { ...tariff, versions: [...tariff.versions].reverse() };
    expect(versionInForceAt(reversed, new Date('2025-05-02T00:00:00Z')).version).toBe(2);
  });

  it('refuses a tariff without versions', () => {
    expect(() => versionInForceAt({ id: 'empty', versions: [] }, now)).toThrow(/no versions/);
  });
});

describe('T3: a price change takes effect only after notice (3 days)', () => {
  const increase = (effectiveFrom: Date) =>
    changed((t) => ({ ...t, elements: [t.elements[0]!, element([energy('0.29', 1)])] }), effectiveFrom);

  it('T3 accepts an increase effective 3 days ahead or later', () => {
    expect(validateNewVersion(tariff, increase(inDays(3)), now)).toEqual({
      ok: true,
      version: 3,
      noticeWaived: false,
    });
  });

  it('T3 refuses an increase with less notice, saying from when it may apply and why it is an increase', () => {
    const check = validateNewVersion(tariff, increase(inDays(2)), now);
    expect(check).toMatchObject({
      ok: false,
      error: {
        code: 'NOTICE_TOO_SHORT',
        field: 'effectiveFrom',
        earliestEffectiveFrom: inDays(3),
        increases: ['elements[1].priceComponents[0] (ENERGY) price rises from 0.25 to 0.29'],
      },
    });
  });

  it('takes the notice period from the caller', () => {
    expect(validateNewVersion(tariff, increase(inDays(2)), now, 1).ok).toBe(true);
    expect(validateNewVersion(tariff, increase(inDays(6)), now, 7).ok).toBe(false);
  });

  it('T3 lets a price decrease take effect at once', () => {
    const decrease = changed(
      (t) => ({ ...t, elements: [t.elements[0]!, element([energy('0.20', 1)])] }),
      now,
    );
    expect(validateNewVersion(tariff, decrease, now)).toEqual({ ok: true, version: 3, noticeWaived: true });
  });

  it('never applies a version retroactively, not even a decrease', () => {
    const past = changed((t) => t, new Date(now.getTime() - 1));
    expect(validateNewVersion(tariff, past, now)).toMatchObject({
      ok: false,
      error: { code: 'EFFECTIVE_IN_THE_PAST' },
    });
  });

  it('appends versions: a new one must take effect after the latest, scheduled ones included', () => {
    const scheduled: TariffWithVersions = { ...tariff, versions: [...tariff.versions, dated(3, inDays(10))] };
    expect(validateNewVersion(scheduled, increase(inDays(5)), now)).toMatchObject({
      ok: false,
      error: { code: 'NOT_AFTER_LATEST_VERSION', latestVersion: 3 },
    });
  });

  it('needs no notice for the first version of a tariff', () => {
    expect(validateNewVersion({ id: 'new', versions: [] }, { ...base, effectiveFrom: now }, now)).toEqual({
      ok: true,
      version: 1,
      noticeWaived: false,
    });
  });
});

describe('what counts as a price decrease', () => {
  const current: TariffVersion = { ...base, vatRate: '19' };
  const increasesOf = (change: (t: TariffVersion) => TariffVersion) =>
    priceIncreases(current, change(structuredClone(current)));

  it('no change at all needs no notice', () => {
    expect(increasesOf((t) => t)).toEqual([]);
  });

  it.each<[string, (t: TariffVersion) => TariffVersion, string]>([
    [
      'a component price rises',
      (t) => ({
        ...t,
        elements: [
          element([energy('0.31', 1), time('1.20', 60)], t.elements[0]!.restrictions),
          t.elements[1]!,
        ],
      }),
      'elements[0].priceComponents[0] (ENERGY) price rises from 0.30 to 0.31',
    ],
    [
      'a step size grows',
      (t) => ({
        ...t,
        elements: [
          element([energy('0.30', 1), time('1.20', 90)], t.elements[0]!.restrictions),
          t.elements[1]!,
        ],
      }),
      'elements[0].priceComponents[1] (TIME) stepSize changes from 60 to 90, which can round up more',
    ],
    [
      'an element is added',
      (t) => ({ ...t, elements: [...t.elements, element([parking('1')])] }),
      'elements are added or removed',
    ],
    [
      'a restriction moves',
      (t) => ({
        ...t,
        elements: [
          element(t.elements[0]!.priceComponents, { startTime: '16:00', endTime: '20:00' }),
          t.elements[1]!,
        ],
      }),
      'elements[0].restrictions change',
    ],
    ['the VAT rate rises', (t) => ({ ...t, vatRate: '20' }), 'vatRate rises from 19 to 20'],
    [
      'the idle fee per minute rises',
      (t) => ({ ...t, idleFee: { ...t.idleFee!, pricePerMinute: '0.15' } }),
      'idleFee.pricePerMinute rises from 0.10 to 0.15',
    ],
    [
      'the grace period shrinks',
      (t) => ({ ...t, idleFee: { ...t.idleFee!, graceMinutes: 5 } }),
      'idleFee.graceMinutes shrinks from 10 to 5',
    ],
    [
      'the idle fee cap disappears',
      (t) => ({ ...t, idleFee: { pricePerMinute: '0.10', graceMinutes: 10 } }),
      'idleFee.maxAmount rises or is removed',
    ],
    ['the min price rises', (t) => ({ ...t, minPrice: '1.50' }), 'minPrice rises'],
    ['the max price disappears', (t) => ({ ...t, maxPrice: undefined }), 'maxPrice rises or is removed'],
    [
      'the time zone changes',
      (t) => ({ ...t, timeZone: 'Europe/London' }),
      'timeZone changes, which moves time-of-day windows',
    ],
    ['the currency changes', (t) => ({ ...t, currency: 'USD' }), 'currency changes from EUR to USD'],
  ])('is not a decrease when %s', (_, change, reason) => {
    expect(increasesOf(change)).toEqual([reason]);
  });

  it.each<[string, (t: TariffVersion) => TariffVersion]>([
    [
      'every price falls',
      (t) => ({
        ...t,
        elements: [
          element([energy('0.28', 1), time('1.00', 60)], t.elements[0]!.restrictions),
          element([energy('0.2', 1)]),
        ],
      }),
    ],
    [
      'a step size shrinks to a divisor',
      (t) => ({
        ...t,
        elements: [
          element([energy('0.30', 1), time('1.20', 30)], t.elements[0]!.restrictions),
          t.elements[1]!,
        ],
      }),
    ],
    ['the idle fee is removed and nothing bills parking', (t) => ({ ...t, idleFee: undefined })],
    [
      'the grace period grows and a cap is lowered',
      (t) => ({ ...t, idleFee: { pricePerMinute: '0.10', graceMinutes: 15, maxAmount: '5' } }),
    ],
    ['the min price is dropped', (t) => ({ ...t, minPrice: undefined })],
    ['the VAT rate falls', (t) => ({ ...t, vatRate: '7' })],
  ])('is a decrease when %s', (_, change) => {
    expect(increasesOf(change)).toEqual([]);
  });

  it('is not a decrease when the idle fee goes but parking is priced: parking would bill the final idle period', () => {
    const withParking: TariffVersion = {
      ...current,
      elements: [...current.elements, element([parking('3.00', 60)])],
    };
    expect(priceIncreases(withParking, { ...withParking, idleFee: undefined })).toEqual([
      'the idle fee is removed, so PARKING_TIME prices the final idle period instead',
    ]);
  });
});
