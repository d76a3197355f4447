import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { buildBenchmarkTariff } from '../../src/pricing/fixtures.ts';
import {
  newTariffVersionSchema,
  type TariffVersion,
  tariffVersionSchema,
} from '../../src/pricing/tariff-schema.ts';

const valid: TariffVersion = {
  currency: 'EUR',
  vatRate: '20',
  timeZone: 'Europe/Berlin',
  elements: [
    { priceComponents: [{ type: 'FLAT', price: '0.50' }] },
    {
      priceComponents: [{ type: 'ENERGY', price: '0.30', stepSize: 1 }],
      restrictions: { startTime: '22:00', endTime: '06:00', dayOfWeek: ['SATURDAY', 'SUNDAY'] },
    },
  ],
  idleFee: { pricePerMinute: '0.10', graceMinutes: 10, maxAmount: '12.00' },
  minPrice: '1.00',
  maxPrice: '50',
};

/** Field path → message of every issue, for readable expectations. */
function issuesOf(input: unknown): Record<string, string> {
  const result = tariffVersionSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('tariff version schema', () => {
  it('accepts an OCPI-shaped tariff with our idle fee extension', () => {
    expect(tariffVersionSchema.parse(valid)).toEqual(valid);
    expect(tariffVersionSchema.safeParse(buildBenchmarkTariff()).success).toBe(true);
  });

  it('accepts prices only as decimal strings with up to 6 decimals, never as numbers', () => {
    const withPrice = (price: unknown) => ({
      ...valid,
      elements: [{ priceComponents: [{ type: 'ENERGY', price }] }],
    });
    expect(issuesOf(withPrice('0.123456'))).toEqual({});
    expect(Object.keys(issuesOf(withPrice(0.3)))).toEqual(['elements.0.priceComponents.0.price']);
    expect(issuesOf(withPrice('0.1234567'))['elements.0.priceComponents.0.price']).toMatch(
      /up to 6 decimals/,
    );
    expect(issuesOf(withPrice('-1'))['elements.0.priceComponents.0.price']).toMatch(/decimal string/);
    expect(issuesOf(withPrice('1e3'))['elements.0.priceComponents.0.price']).toMatch(/decimal string/);
  });

  it('names the offending field in each message', () => {
    expect(
      issuesOf({
        ...valid,
        currency: 'euro',
        vatRate: '120',
        timeZone: 'Mars/Olympus',
        idleFee: { pricePerMinute: '0.10', graceMinutes: -1 },
      }),
    ).toEqual({
      currency: 'ISO 4217 currency code, e.g. "EUR"',
      vatRate: 'VAT rate in percent, at most 100',
      timeZone: 'An IANA time zone, e.g. "Europe/Berlin"',
      'idleFee.graceMinutes': 'Cannot be negative',
    });
  });

  it('checks restrictions field by field', () => {
    const withRestrictions = (restrictions: unknown) => ({
      ...valid,
      elements: [{ priceComponents: [{ type: 'TIME', price: '1', stepSize: 60 }], restrictions }],
    });
    expect(
      issuesOf(
        withRestrictions({
          startTime: '24:00',
          endDate: '2025-02-30',
          minPower: 22,
          maxPower: 11,
          dayOfWeek: ['MONDAY', 'MONDAY'],
        }),
      ),
    ).toEqual({
      'elements.0.restrictions.startTime': 'Local time of day as HH:MM (24 h, leading zeros), e.g. "07:30"',
      'elements.0.restrictions.endDate': 'Not a calendar date',
      'elements.0.restrictions.dayOfWeek': 'Each day at most once',
      'elements.0.restrictions.maxPower': 'maxPower must be after its minimum',
    });
  });

  it('refuses unknown fields, a dimension twice in one element, a zero step and empty lists', () => {
    expect(Object.keys(issuesOf({ ...valid, tax_included: 'NO' }))).toEqual(['']);
    expect(
      issuesOf({
        ...valid,
        elements: [
          {
            priceComponents: [
              { type: 'ENERGY', price: '0.3', stepSize: 0 },
              { type: 'ENERGY', price: '0.4' },
            ],
          },
        ],
      }),
    ).toEqual({
      'elements.0.priceComponents.0.stepSize': 'At least 1',
      'elements.0.priceComponents.1.type':
        'ENERGY appears twice in one element; only the first could ever apply',
    });
    expect(issuesOf({ ...valid, elements: [] })).toEqual({ elements: 'A tariff needs at least one element' });
  });

  it('refuses a max price below the min price', () => {
    expect(issuesOf({ ...valid, minPrice: '5', maxPrice: '4.99' })).toEqual({
      maxPrice: 'maxPrice must not be below minPrice',
    });
  });

  it('reports garbage as issues instead of throwing from cross-field checks', () => {
    expect(Object.keys(issuesOf({ ...valid, vatRate: 'abc', minPrice: 'x', maxPrice: '1' }))).toEqual([
      'vatRate',
      'minPrice',
    ]);
  });

  it('takes effectiveFrom as an ISO 8601 date-time for a new version', () => {
    expect(
      newTariffVersionSchema.safeParse({ ...valid, effectiveFrom: '2025-07-01T00:00:00Z' }).success,
    ).toBe(true);
    expect(newTariffVersionSchema.safeParse({ ...valid, effectiveFrom: 'tomorrow' }).success).toBe(false);
  });

  it('converts to JSON Schema for the OpenAPI document', () => {
    const json = z.toJSONSchema(newTariffVersionSchema, {
      io: 'input',
      unrepresentable: 'any',
      reused: 'inline',
    });
    expect(JSON.stringify(json)).toContain('"PARKING_TIME"');
  });
});
