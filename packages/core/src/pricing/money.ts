import { divideRoundHalfUp, fromScaled, PRICE_SCALE, powerOfTen, toScaled } from './decimal.ts';

/**
 * Money is an integer number of minor units of a currency (cents for EUR, yen for JPY, fils for KWD). Every
 * amount the product computes, stores or sums is such an integer; decimal strings exist only at the edges
 * (tariff prices typed by an operator, amounts printed on a receipt).
 */
export type MinorUnits = number;

/**
 * ISO 4217 minor-unit exponents that differ from the common 2. Kept as the short list of exceptions we
 * serve or are likely to: a currency not listed here has 2 decimals, which holds for the vast majority.
 */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  VND: 0,
  BHD: 3,
  KWD: 3,
  JOD: 3,
  OMR: 3,
  TND: 3,
  IQD: 3,
  LYD: 3,
};

/** Number of decimals of the currency's minor unit per ISO 4217: EUR 2, JPY 0, KWD 3; unknown codes 2. */
export function currencyExponent(currency: string): number {
  return EXPONENT_EXCEPTIONS[currency.toUpperCase()] ?? 2;
}

/** A decimal amount in major units ("12.345") to minor units, rounded half up ("12.345" EUR → 1235). */
export function toMinorUnits(amount: string, currency: string): MinorUnits {
  const scaled = toScaled(amount, PRICE_SCALE);
  const minor = divideRoundHalfUp(scaled * powerOfTen(currencyExponent(currency)), powerOfTen(PRICE_SCALE));
  return safeNumber(minor);
}

/** Minor units as a decimal string in major units with exactly the currency's decimals: 960 EUR → "9.60". */
export function formatMinorUnits(amount: MinorUnits, currency: string): string {
  const exponent = currencyExponent(currency);
  return fromScaled(BigInt(amount), exponent, exponent);
}

/**
 * price × quantity in minor units, rounded half up once. `price` is a decimal string per unit (e.g. per
 * kWh); `quantity` is counted in base units of which `baseUnitsPerUnit` make one unit (mWh per kWh,
 * milliseconds per hour). Everything stays integral until the single final rounding.
 */
export function priceTimesQuantity(
  price: string,
  quantity: bigint,
  baseUnitsPerUnit: bigint,
  currency: string,
): MinorUnits {
  const numerator = toScaled(price, PRICE_SCALE) * quantity * powerOfTen(currencyExponent(currency));
  return safeNumber(divideRoundHalfUp(numerator, powerOfTen(PRICE_SCALE) * baseUnitsPerUnit));
}

/** BigInt → number, refusing amounts beyond 2^53 instead of losing precision silently. */
export function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Amount ${value} is beyond the safe integer range`);
  }
  return Number(value);
}
