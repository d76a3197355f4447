/**
 * Exact decimal arithmetic for prices and quantities, on strings and BigInt scaled integers.
 *
 * Why not `number`: 0.1 + 0.2 !== 0.3 in binary floating point, and a price such as "0.299" multiplied by a
 * volume of Wh must give the same cent on every machine, every time. Prices enter the system as decimal
 * strings (at most 6 fraction digits), are turned into integers scaled by 10^scale, multiplied as BigInt and
 * rounded once, at the very end, to minor units.
 */

/** A non-negative decimal with at most 6 fraction digits: the wire format of every price and VAT rate. */
export const DECIMAL_PATTERN = /^\d+(\.\d{1,6})?$/;

/** The scale every price is held at internally: 6 fraction digits, the most `DECIMAL_PATTERN` admits. */
export const PRICE_SCALE = 6;

const TEN = 10n;

/** 10^digits as BigInt. */
export function powerOfTen(digits: number): bigint {
  return TEN ** BigInt(digits);
}

/**
 * Parses a decimal string (optionally signed) into an integer scaled by 10^scale: `toScaled("0.25", 6)` is
 * 250000n. Throws a RangeError when the text is not a decimal or carries more fraction digits than `scale`
 * (silently dropping digits of a price would change what the customer pays).
 */
export function toScaled(value: string, scale: number = PRICE_SCALE): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) throw new RangeError(`Not a decimal number: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > scale) {
    throw new RangeError(`${value} has more than ${scale} fraction digits`);
  }
  const digits = BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
  return sign === '-' ? -digits : digits;
}

/**
 * Formats an integer scaled by 10^scale as a decimal string. Trailing fraction zeros are trimmed down to
 * `minFractionDigits` (so quantities read "20" or "20.5", money reads "8.00").
 */
export function fromScaled(value: bigint, scale: number, minFractionDigits = 0): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  while (fraction.length > minFractionDigits && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const text = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative && value !== 0n ? `-${text}` : text;
}

/**
 * numerator / denominator rounded half up, i.e. commercial rounding: halves go away from zero (2.5 → 3,
 * -2.5 → -3). EN 16931 leaves the rounding method to the seller; commercial rounding is what European
 * invoices and tax offices expect, and its symmetry keeps a credit note the exact negative of its invoice.
 */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('Division by zero');
  if (denominator < 0n) return divideRoundHalfUp(-numerator, -denominator);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -rounded : rounded;
}

/** ceil(numerator / denominator) for a non-negative numerator and a positive denominator. */
export function divideCeil(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

/** Compares two decimal strings exactly: -1, 0 or 1. "0.30" equals "0.3". */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const scale = Math.max(fractionDigitsOf(a), fractionDigitsOf(b));
  const x = toScaled(a, scale);
  const y = toScaled(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** How many fraction digits a decimal string is written with ("0.250" → 3). */
export function fractionDigitsOf(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

/**
 * numerator / denominator as a decimal string with at most `fractionDigits` digits, rounded half up and
 * trimmed: used for quantities such as hours (= seconds / 3600), which need not be finite decimals.
 */
export function ratioToDecimal(numerator: bigint, denominator: bigint, fractionDigits: number): string {
  return fromScaled(divideRoundHalfUp(numerator * powerOfTen(fractionDigits), denominator), fractionDigits);
}
