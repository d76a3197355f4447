import { fromScaled, ratioToDecimal, toScaled } from './decimal.ts';
import { EnergyCurve } from './energy-curve.ts';
import { LocalClock } from './local-time.ts';
import { formatMinorUnits, type MinorUnits, priceTimesQuantity, toMinorUnits } from './money.ts';
import { derivePeriodsMs, finalIdlePeriod, type SessionPeriod } from './periods.ts';
import { type RestrictionContext, restrictionsHold } from './restrictions.ts';
import { type PricingOptions, type SessionFacts, sessionEndMs } from './session-facts.ts';
import { energyThresholds, type Slice, type SliceInput, sliceSession, startContext } from './slices.ts';
import type { PriceComponent, TariffDimension, TariffVersion } from './tariff-schema.ts';
import { type VatBreakdownEntry, vatBreakdown } from './vat.ts';

export type CostLineType = TariffDimension | 'IDLE_FEE' | 'MIN_PRICE_ADJUSTMENT' | 'MAX_PRICE_ADJUSTMENT';
export type CostUnit = 'kWh' | 'h' | 'min' | 'session';

/** One line of a session's cost, shaped to become an invoice line (EN 16931: net amount per line). */
export interface CostLine {
  readonly type: CostLineType;
  /** Billed quantity in `unit`, decimal string (hours are shown to 6 decimals; the amount uses exact time). */
  readonly quantity: string;
  readonly unit: CostUnit;
  /** Net price per unit as the tariff states it (for adjustments: the adjustment itself). */
  readonly unitPriceNet: string;
  /** Net amount, minor units, rounded half up once from exact quantity × price. */
  readonly amountNet: MinorUnits;
  readonly vatRate: string;
  /** Only on a capped IDLE_FEE line: quantity × unit price before the tariff's `idleFee.maxAmount` cap. */
  readonly uncappedAmountNet?: MinorUnits;
}

export interface SessionUsage {
  /** Energy billed, Wh (from the station's meter, S2). */
  readonly energyWh: number;
  readonly durationSeconds: number;
  readonly chargingSeconds: number;
  readonly idleSeconds: number;
}

/** The cost of a session: what N1 shows the driver and what the receipt or invoice is built from. */
export interface CostBreakdown {
  readonly currency: string;
  readonly lines: readonly CostLine[];
  /** Sum of the lines' net amounts. */
  readonly totalNet: MinorUnits;
  /** Sum of the per-rate VAT amounts of `vatBreakdown`. */
  readonly totalVat: MinorUnits;
  /** totalNet + totalVat. */
  readonly totalGross: MinorUnits;
  readonly vatBreakdown: readonly VatBreakdownEntry[];
  readonly usage: SessionUsage;
  readonly periods: readonly SessionPeriod[];
  /** False for a live cost (session still running, priced up to `now`). */
  readonly final: boolean;
  /** End of the priced window (stop, `now`, or the first `Available`). */
  readonly pricedUntil: Date;
}

interface DimensionRule {
  readonly unit: CostUnit;
  /** Base units (mWh, ms) per priced unit (kWh, h). */
  readonly basePerUnit: bigint;
  /** Base units per step_size unit (Wh, s). */
  readonly basePerStep: number;
  readonly volumeOf: (slice: Slice, idleFeeApplies: boolean) => number;
}

const DIMENSIONS: Readonly<Record<Exclude<TariffDimension, 'FLAT'>, DimensionRule>> = {
  ENERGY: { unit: 'kWh', basePerUnit: 1_000_000n, basePerStep: 1000, volumeOf: (s) => s.energyMilliWh },
  TIME: {
    unit: 'h',
    basePerUnit: 3_600_000n,
    basePerStep: 1000,
    volumeOf: (s) => (s.kind === 'charging' ? s.endMs - s.startMs : 0),
  },
  PARKING_TIME: {
    unit: 'h',
    basePerUnit: 3_600_000n,
    basePerStep: 1000,
    // The idle fee replaces PARKING_TIME for the final idle period (README: "Idle fee and parking").
    volumeOf: (s, idleFeeApplies) =>
      s.kind === 'idle' && !(idleFeeApplies && s.inFinalIdle) ? s.endMs - s.startMs : 0,
  },
};

const MINUTE_MS = 60_000;

/**
 * THE cost function: prices a session's facts with one tariff version (the version in force at the
 * session's start, T3; see `versionInForceAt`). Pure and deterministic — no clock, no I/O — and used alike
 * for the live cost of a running session (`options.now`) and the final cost of a stopped one.
 *
 * OCPI 2.2.1 semantics:
 * - The session is cut into slices (see slices.ts). For each dimension (ENERGY, TIME, PARKING_TIME) a slice
 *   is priced by the FIRST element whose restrictions hold and that has a component of that dimension; no
 *   such element → that slice is free in that dimension.
 * - step_size rounds the volume of a dimension up to whole steps, not per slice but over the consecutive run
 *   of priced volume — normally the whole session — using the step of the last component used; the rounded
 *   extra is billed at that component's price. A run ends early only where the dimension becomes free
 *   (OCPI: "when switching to another TariffElement ... that is not in the new TariffElement").
 * - FLAT is charged once, by the first element with a FLAT component whose restrictions hold at the start.
 * - TIME is charging time, PARKING_TIME idle time (periods.ts decides which is which).
 * Our additions (README): the idle fee (T1) for the final idle period, which then replaces PARKING_TIME;
 * min/max price as adjustment lines; VAT per rate (EN 16931).
 */
export function priceSession(
  tariff: TariffVersion,
  facts: SessionFacts,
  options: PricingOptions = {},
): CostBreakdown {
  const startMs = facts.startedAt.getTime();
  const endMs = sessionEndMs(facts, options.now);
  const curve = new EnergyCurve(facts, startMs, endMs, energyThresholds(tariff));
  const periods = derivePeriodsMs(facts, curve, startMs, endMs, options.idleAfterMinutes);
  const finalIdle = finalIdlePeriod(periods);
  const input: SliceInput = {
    tariff,
    curve,
    clock: new LocalClock(tariff.timeZone),
    periods,
    finalIdleStartMs: finalIdle?.startMs,
    startMs,
    endMs,
  };
  const slices = sliceSession(input);
  const idleFeeApplies = tariff.idleFee !== undefined;

  const lines: CostLine[] = [];
  const flat = applicableComponent(tariff, 'FLAT', startContext(input));
  if (flat) {
    lines.push({
      type: 'FLAT',
      quantity: '1',
      unit: 'session',
      unitPriceNet: flat.price,
      amountNet: toMinorUnits(flat.price, tariff.currency),
      vatRate: tariff.vatRate,
    });
  }
  for (const dimension of ['ENERGY', 'TIME', 'PARKING_TIME'] as const) {
    lines.push(...priceDimension(tariff, dimension, slices, idleFeeApplies));
  }
  if (tariff.idleFee && finalIdle) {
    const line = idleFeeLine(tariff, endMs - finalIdle.startMs);
    if (line) lines.push(line);
  }
  const adjustment = priceLimitAdjustment(tariff, sumOf(lines));
  if (adjustment) lines.push(adjustment);

  const breakdown = vatBreakdown(lines);
  const totalNet = sumOf(lines);
  const totalVat = breakdown.reduce((sum, entry) => sum + entry.vatAmount, 0);
  const durationOf = (kind: 'charging' | 'idle') =>
    periods.filter((p) => p.kind === kind).reduce((sum, p) => sum + (p.endMs - p.startMs), 0) / 1000;
  return {
    currency: tariff.currency,
    lines,
    totalNet,
    totalVat,
    totalGross: totalNet + totalVat,
    vatBreakdown: breakdown,
    usage: {
      energyWh: curve.milliWhAt(endMs) / 1000,
      durationSeconds: (endMs - startMs) / 1000,
      chargingSeconds: durationOf('charging'),
      idleSeconds: durationOf('idle'),
    },
    periods: periods.map((p) => ({ kind: p.kind, start: new Date(p.startMs), end: new Date(p.endMs) })),
    final: facts.stoppedAt !== undefined,
    pricedUntil: new Date(endMs),
  };
}

/** OCPI: the first element, in list order, that has a component of the dimension and whose restrictions hold. */
export function applicableComponent(
  tariff: TariffVersion,
  dimension: TariffDimension,
  context: RestrictionContext,
): PriceComponent | undefined {
  for (const element of tariff.elements) {
    const component = element.priceComponents.find((c) => c.type === dimension);
    if (component && restrictionsHold(element.restrictions, context)) return component;
  }
  return undefined;
}

function priceDimension(
  tariff: TariffVersion,
  dimension: Exclude<TariffDimension, 'FLAT'>,
  slices: readonly Slice[],
  idleFeeApplies: boolean,
): CostLine[] {
  const rule = DIMENSIONS[dimension];
  // Billed volume per component, in order of first use.
  const billed = new Map<PriceComponent, number>();
  const bill = (component: PriceComponent, volume: number) =>
    billed.set(component, (billed.get(component) ?? 0) + volume);

  let run: { volume: number; last: PriceComponent } | undefined;
  const closeRun = () => {
    if (!run) return;
    const step = (run.last.stepSize ?? 1) * rule.basePerStep;
    bill(run.last, Math.ceil(run.volume / step) * step - run.volume);
    run = undefined;
  };
  for (const slice of slices) {
    const volume = rule.volumeOf(slice, idleFeeApplies);
    if (volume <= 0) continue;
    const component = applicableComponent(tariff, dimension, slice.context);
    if (!component) {
      closeRun();
      continue;
    }
    bill(component, volume);
    run = { volume: (run?.volume ?? 0) + volume, last: component };
  }
  closeRun();

  // One line per distinct price: two elements at the same price read as one line on a receipt.
  const byPrice = new Map<string, { price: string; volume: number }>();
  for (const [component, volume] of billed) {
    const key = toScaled(component.price).toString();
    const entry = byPrice.get(key);
    if (entry) entry.volume += volume;
    else byPrice.set(key, { price: component.price, volume });
  }
  return [...byPrice.values()].map(({ price, volume }) => ({
    type: dimension,
    quantity:
      dimension === 'ENERGY'
        ? fromScaled(BigInt(volume), 6)
        : ratioToDecimal(BigInt(volume), rule.basePerUnit, 6),
    unit: rule.unit,
    unitPriceNet: price,
    amountNet: priceTimesQuantity(price, BigInt(volume), rule.basePerUnit, tariff.currency),
    vatRate: tariff.vatRate,
  }));
}

/**
 * Idle fee (T1): pricePerMinute × (idle minutes − grace), where the idle minutes are those of the final idle
 * period — from when charging ended to the end of the window. Billed per started minute after the grace
 * (the OCPI step-size convention with a 60 s step); capped at maxAmount.
 */
function idleFeeLine(tariff: TariffVersion, idleMs: number): CostLine | undefined {
  const fee = tariff.idleFee;
  if (!fee) return undefined;
  const billableMs = Math.max(0, idleMs - fee.graceMinutes * MINUTE_MS);
  const minutes = Math.ceil(billableMs / MINUTE_MS);
  if (minutes === 0) return undefined;
  const uncapped = priceTimesQuantity(fee.pricePerMinute, BigInt(minutes), 1n, tariff.currency);
  const cap = fee.maxAmount === undefined ? undefined : toMinorUnits(fee.maxAmount, tariff.currency);
  const capped = cap !== undefined && uncapped > cap;
  return {
    type: 'IDLE_FEE',
    quantity: String(minutes),
    unit: 'min',
    unitPriceNet: fee.pricePerMinute,
    amountNet: capped ? cap : uncapped,
    vatRate: tariff.vatRate,
    ...(capped ? { uncappedAmountNet: uncapped } : {}),
  };
}

/**
 * OCPI min_price/max_price bound the session's net total. Rather than rescaling lines, the difference is
 * one more line, so every other line still reads quantity × price and the bound is visible on the receipt.
 * With one VAT rate per tariff a bounded net total also bounds the gross total, as OCPI requires.
 */
function priceLimitAdjustment(tariff: TariffVersion, subtotal: MinorUnits): CostLine | undefined {
  const adjust = (type: CostLineType, amount: MinorUnits): CostLine => ({
    type,
    quantity: '1',
    unit: 'session',
    unitPriceNet: formatMinorUnits(amount, tariff.currency),
    amountNet: amount,
    vatRate: tariff.vatRate,
  });
  if (tariff.minPrice !== undefined) {
    const min = toMinorUnits(tariff.minPrice, tariff.currency);
    if (subtotal < min) return adjust('MIN_PRICE_ADJUSTMENT', min - subtotal);
  }
  if (tariff.maxPrice !== undefined) {
    const max = toMinorUnits(tariff.maxPrice, tariff.currency);
    if (subtotal > max) return adjust('MAX_PRICE_ADJUSTMENT', max - subtotal);
  }
  return undefined;
}

function sumOf(lines: readonly CostLine[]): MinorUnits {
  return lines.reduce((sum, line) => sum + line.amountNet, 0);
}
