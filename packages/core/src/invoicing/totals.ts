import { compareDecimals } from '../pricing/decimal.ts';
import type { MinorUnits } from '../pricing/money.ts';
import { vatOn } from '../pricing/vat.ts';
import type { DocumentLine, DocumentTotals, DocumentVatEntry, VatCategory } from './model.ts';

/** A 0 % rate is zero rated (Z); anything else is standard rated (S). Exemptions (E, AE) are not issued. */
export function vatCategoryOf(rate: string): VatCategory {
  return compareDecimals(rate, '0') === 0 ? 'Z' : 'S';
}

/**
 * BG-23, per EN 16931: lines are grouped by VAT category and rate (rates compared as numbers, in order of
 * first appearance); each group's VAT is its taxable amount × rate, rounded once (BR-CO-17) — never a sum of
 * per-line VAT, which would drift by a cent per line.
 */
export function vatBreakdownOf(
  lines: ReadonlyArray<Pick<DocumentLine, 'amountNet' | 'vatCategory' | 'vatRate'>>,
): DocumentVatEntry[] {
  const groups: { category: VatCategory; rate: string; taxable: number }[] = [];
  for (const line of lines) {
    const group = groups.find(
      (g) => g.category === line.vatCategory && compareDecimals(g.rate, line.vatRate) === 0,
    );
    if (group) group.taxable += line.amountNet;
    else groups.push({ category: line.vatCategory, rate: line.vatRate, taxable: line.amountNet });
  }
  return groups.map((g) => ({
    category: g.category,
    rate: g.rate,
    taxableAmount: g.taxable,
    vatAmount: vatOn(g.taxable, g.rate),
  }));
}

/**
 * BG-22 from the lines and what was paid at issue: BR-CO-10 (line sum), BR-CO-13 (no document allowances or
 * charges, so tax exclusive = line sum), BR-CO-14 (VAT total = breakdown sum), BR-CO-15, BR-CO-16.
 */
export function totalsOf(
  lines: ReadonlyArray<Pick<DocumentLine, 'amountNet' | 'vatCategory' | 'vatRate'>>,
  prepaid: MinorUnits = 0,
): { totals: DocumentTotals; vatBreakdown: DocumentVatEntry[] } {
  const vatBreakdown = vatBreakdownOf(lines);
  const lineNet = lines.reduce((sum, line) => sum + line.amountNet, 0);
  const vat = vatBreakdown.reduce((sum, entry) => sum + entry.vatAmount, 0);
  const taxInclusive = lineNet + vat;
  return {
    vatBreakdown,
    totals: { lineNet, taxExclusive: lineNet, vat, taxInclusive, prepaid, payable: taxInclusive - prepaid },
  };
}
