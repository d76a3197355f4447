import { describe, expect, it } from 'vitest';
import { priceSheet } from '../../src/pricing/price-sheet.ts';
import { grossUnitPrice, vatBreakdown, vatOn } from '../../src/pricing/vat.ts';
import { aTariff, element, energy, flat, time } from './builders.ts';

describe('VAT per EN 16931: per rate, on the sum of net line amounts, rounded once', () => {
  it('computes VAT on the taxable amount of each rate, not per line', () => {
    // Three lines of 0.02: per line 0.02 × 20 % = 0.004 would round to 0 each (0.00 in total);
    // on the rate's taxable amount, 0.06 × 20 % = 0.012 → 0.01.
    const lines = [0, 1, 2].map(() => ({ amountNet: 2, vatRate: '20' }));
    expect(vatBreakdown(lines)).toEqual([{ rate: '20', taxableAmount: 6, vatAmount: 1 }]);
  });

  it('keeps one group per rate, comparing rates as numbers, in order of first appearance', () => {
    const lines = [
      { amountNet: 1000, vatRate: '19' },
      { amountNet: 500, vatRate: '7' },
      { amountNet: 250, vatRate: '19.0' },
    ];
    expect(vatBreakdown(lines)).toEqual([
      { rate: '19', taxableAmount: 1250, vatAmount: 238 },
      { rate: '7', taxableAmount: 500, vatAmount: 35 },
    ]);
  });

  it('rounds half up and handles negative taxable amounts symmetrically', () => {
    expect(vatOn(25, '10')).toBe(3); // 2.5 → 3
    expect(vatOn(-25, '10')).toBe(-3);
    expect(vatOn(475, '5.2')).toBe(25); // 24.7
  });
});

describe('T3: consumer prices are shown VAT-inclusive, in the tenant currency, before the session starts', () => {
  it('T3 shows a VAT-inclusive unit price: 0.30 net at 20 % is 0.36', () => {
    expect(grossUnitPrice('0.30', '20', 'EUR')).toBe('0.36');
  });

  it('T3 shows at least the currency decimals, and as many as the net price was set with', () => {
    expect(grossUnitPrice('0.25', '19', 'EUR')).toBe('0.30'); // 0.2975
    expect(grossUnitPrice('0.2521', '19', 'EUR')).toBe('0.3000'); // 0.299999
    expect(grossUnitPrice('0.2521', '19', 'EUR', 2)).toBe('0.30');
    expect(grossUnitPrice('45', '10', 'JPY')).toBe('50'); // 49.5 → 50
  });

  it('T3 price sheet lists every price of the version VAT-inclusive, in its currency', () => {
    const tariff = aTariff({
      currency: 'SEK',
      vatRate: '25',
      elements: [
        element([flat('5.00')]),
        element([energy('3.20'), time('12.00', 60)], { startTime: '17:00', endTime: '20:00' }),
        element([energy('2.40')]),
      ],
      idleFee: { pricePerMinute: '1.00', graceMinutes: 10 },
    });
    expect(priceSheet(tariff)).toEqual({
      currency: 'SEK',
      vatRate: '25',
      entries: [
        { type: 'FLAT', unit: 'session', net: '5.00', gross: '6.25' },
        {
          type: 'ENERGY',
          unit: 'kWh',
          net: '3.20',
          gross: '4.00',
          restrictions: { startTime: '17:00', endTime: '20:00' },
        },
        {
          type: 'TIME',
          unit: 'h',
          net: '12.00',
          gross: '15.00',
          restrictions: { startTime: '17:00', endTime: '20:00' },
        },
        { type: 'ENERGY', unit: 'kWh', net: '2.40', gross: '3.00' },
        { type: 'IDLE_FEE', unit: 'min', net: '1.00', gross: '1.25', graceMinutes: 10 },
      ],
    });
  });
});
