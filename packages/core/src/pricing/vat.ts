import {
  compareDecimals,
  divideRoundHalfUp,
  fractionDigitsOf,
  fromScaled,
  PRICE_SCALE,
  powerOfTen,
  toScaled,
} from './decimal.ts';
import { currencyExponent, type MinorUnits, safeNumber } from './money.ts';

/**
 * VAT the way EN 16931 (the European e-invoicing standard behind Peppol BIS Billing 3.0) computes it:
 * prices and line amounts are net; lines are grouped by VAT rate; per rate, VAT = taxable amount (the sum of
 * the net line amounts at that rate) × rate, rounded once to minor units; the invoice's VAT total is the sum
 * of the per-rate amounts and gross = net + VAT. Rounding VAT per rate, not per line, is what the standard
 * prescribes (BR-CO-17) and keeps the invoice's VAT within half a minor unit of the exact figure.
 */
export interface VatBreakdownEntry {
  /** VAT rate in percent as a decimal string, e.g. "20" or "5.5". */
  readonly rate: string;
  /** Sum of the net amounts of the lines at this rate, minor units. */
  readonly taxableAmount: MinorUnits;
  /** taxableAmount × rate / 100, rounded half up to minor units. */
  readonly vatAmount: MinorUnits;
}

/** VAT on a net amount at a percentage rate, rounded half up to minor units. */
export function vatOn(netAmount: MinorUnits, rate: string): MinorUnits {
  const numerator = BigInt(netAmount) * toScaled(rate, PRICE_SCALE);
  return safeNumber(divideRoundHalfUp(numerator, 100n * powerOfTen(PRICE_SCALE)));
}

/**
 * Groups net line amounts by VAT rate (rates compared as numbers, so "20" and "20.0" are one group, in the
 * order the rates first appear) and computes each group's VAT.
 */
export function vatBreakdown(
  lines: ReadonlyArray<{ readonly amountNet: MinorUnits; readonly vatRate: string }>,
): VatBreakdownEntry[] {
  const groups: { rate: string; taxable: number }[] = [];
  for (const line of lines) {
    const group = groups.find((g) => compareDecimals(g.rate, line.vatRate) === 0);
    if (group) group.taxable += line.amountNet;
    else groups.push({ rate: line.vatRate, taxable: line.amountNet });
  }
  return groups.map((g) => ({ rate: g.rate, taxableAmount: g.taxable, vatAmount: vatOn(g.taxable, g.rate) }));
}

/**
 * The VAT-inclusive unit price shown to consumers before they start (T3), e.g. 0.30 net/kWh at 20 % →
 * "0.36". Rounded half up to `fractionDigits`, which defaults to the larger of the currency's decimals and
 * the net price's own decimals, so a price typed with four decimals is not shown coarser than it was set.
 */
export function grossUnitPrice(
  netUnitPrice: string,
  vatRate: string,
  currency: string,
  fractionDigits: number = Math.max(currencyExponent(currency), fractionDigitsOf(netUnitPrice)),
): string {
  // net (scale 6) × (100 + rate) (scale 6) / 100 → scale 12; then down to the wanted digits.
  const net = toScaled(netUnitPrice, PRICE_SCALE);
  const factor = 100n * powerOfTen(PRICE_SCALE) + toScaled(vatRate, PRICE_SCALE);
  const exact = net * factor; // scale 12, times 100
  const rounded = divideRoundHalfUp(exact, 100n * powerOfTen(2 * PRICE_SCALE - fractionDigits));
  return fromScaled(rounded, fractionDigits, fractionDigits);
}
