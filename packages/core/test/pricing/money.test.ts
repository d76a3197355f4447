import { describe, expect, it } from 'vitest';
import {
  compareDecimals,
  divideRoundHalfUp,
  fromScaled,
  ratioToDecimal,
  toScaled,
} from '../../src/pricing/decimal.ts';
import {
  currencyExponent,
  formatMinorUnits,
  priceTimesQuantity,
  toMinorUnits,
} from '../../src/pricing/money.ts';

describe('decimal strings', () => {
  it('parse into scaled integers exactly, refusing digits they would lose', () => {
    expect(toScaled('0.25')).toBe(250_000n);
    expect(toScaled('12', 2)).toBe(1200n);
    expect(toScaled('-1.5', 1)).toBe(-15n);
    expect(() => toScaled('0.1234567')).toThrow(RangeError);
    expect(() => toScaled('1e3')).toThrow(RangeError);
    expect(() => toScaled('0.5', 0)).toThrow(RangeError);
  });

  it('format back, trimming trailing zeros down to a minimum', () => {
    expect(fromScaled(20_450_000n, 6)).toBe('20.45');
    expect(fromScaled(20_000_000n, 6)).toBe('20');
    expect(fromScaled(5n, 2, 2)).toBe('0.05');
    expect(fromScaled(-150n, 2, 2)).toBe('-1.50');
  });

  it('compare as numbers, not as text', () => {
    expect(compareDecimals('0.30', '0.3')).toBe(0);
    expect(compareDecimals('10', '9.99')).toBe(1);
    expect(compareDecimals('0.000001', '0')).toBe(1);
  });

  it('express ratios such as seconds per hour as rounded decimals', () => {
    expect(ratioToDecimal(1500n, 3600n, 6)).toBe('0.416667');
    expect(ratioToDecimal(5400n, 3600n, 6)).toBe('1.5');
  });
});

describe('rounding: half up (commercial rounding, halves away from zero)', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [7n, 3n, 2n],
    [8n, 3n, 3n],
    [-7n, 3n, -2n],
    [4n, 2n, 2n],
  ])('%d / %d → %d', (numerator, denominator, expected) => {
    expect(divideRoundHalfUp(numerator, denominator)).toBe(expected);
  });
});

describe('money in minor units', () => {
  it.each([
    ['EUR', 2],
    ['usd', 2],
    ['GBP', 2],
    ['NOK', 2],
    ['SEK', 2],
    ['DKK', 2],
    ['CHF', 2],
    ['PLN', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['XYZ', 2],
  ])('%s has %d decimals (ISO 4217)', (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });

  it('converts decimal amounts, rounding half up', () => {
    expect(toMinorUnits('12.345', 'EUR')).toBe(1235);
    expect(toMinorUnits('12.344', 'EUR')).toBe(1234);
    expect(toMinorUnits('99.5', 'JPY')).toBe(100);
    expect(toMinorUnits('1.2345', 'KWD')).toBe(1235);
  });

  it('formats with exactly the currency decimals', () => {
    expect(formatMinorUnits(960, 'EUR')).toBe('9.60');
    expect(formatMinorUnits(-5, 'EUR')).toBe('-0.05');
    expect(formatMinorUnits(800, 'JPY')).toBe('800');
    expect(formatMinorUnits(1235, 'KWD')).toBe('1.235');
  });

  it('multiplies price by quantity exactly and rounds once: 0.1 + 0.2 style errors cannot happen', () => {
    // 115.2 Wh at 0.25/kWh, in mWh: 0.0288 € → 3 cents
    expect(priceTimesQuantity('0.25', 115_200n, 1_000_000n, 'EUR')).toBe(3);
    // 3 × 0.1 kWh at 1.00 (float math would give 0.30000000000000004)
    expect(priceTimesQuantity('0.1', 3_000_000n, 1_000_000n, 'EUR')).toBe(30);
    // 0.005 € exactly → rounds half up to 1 cent
    expect(priceTimesQuantity('0.005', 1n, 1n, 'EUR')).toBe(1);
  });
});
