/**
 * Pricing micro-benchmark: sessions priced per second by `priceSession`, the one cost function, for
 * a 2-hour session with a meter value every minute (`buildTwoHourSessionFacts`), with two tariffs: the
 * issue's example (energy + idle fee) and `buildBenchmarkTariff` (time of day, power bands, step sizes,
 * parking, idle fee, min price — every feature at once). Pure CPU: no I/O, so the figure is the engine's.
 *
 * Run alone with `npx tsx bench/pricing.ts`; `npm run bench` runs it after the OCPP load.
 * Setting: BENCH_PRICING_SECONDS per tariff (default 2).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  buildBenchmarkTariff,
  buildTwoHourSessionFacts,
  type CostBreakdown,
  priceSession,
  type TariffVersion,
} from '@csms/core';

const SECONDS = Number(process.env.BENCH_PRICING_SECONDS ?? 2);

const EXAMPLE_TARIFF: TariffVersion = {
  currency: 'EUR',
  vatRate: '20',
  timeZone: 'UTC',
  elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30', stepSize: 1 }] }],
  idleFee: { pricePerMinute: '0.10', graceMinutes: 10 },
};

export interface PricingBenchResult {
  readonly label: string;
  readonly sessionsPerSecond: number;
  readonly microsecondsPerSession: number;
  readonly totalGross: number;
}

function measure(label: string, tariff: TariffVersion): PricingBenchResult {
  const facts = buildTwoHourSessionFacts();
  let last: CostBreakdown = priceSession(tariff, facts);
  // Warm-up: let the JIT compile the hot paths before the clock runs.
  for (let i = 0; i < 200; i++) last = priceSession(tariff, facts);
  let count = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++) last = priceSession(tariff, facts);
    count += 50;
  }
  const elapsed = (performance.now() - started) / 1000;
  return {
    label,
    sessionsPerSecond: count / elapsed,
    microsecondsPerSession: (elapsed * 1e6) / count,
    totalGross: last.totalGross,
  };
}

export function runPricingBench(): PricingBenchResult[] {
  return [
    measure('example tariff (energy + idle fee)', EXAMPLE_TARIFF),
    measure('benchmark tariff (every feature)', buildBenchmarkTariff()),
  ];
}

export function printPricingBench(): void {
  console.log('\n== Pricing: priceSession on a 2-hour session, 120 one-minute meter values ==');
  for (const result of runPricingBench()) {
    console.log(
      `  ${result.label.padEnd(38)} ${Math.round(result.sessionsPerSecond).toLocaleString('en-US')} sessions/s` +
        `  (${result.microsecondsPerSession.toFixed(1)} µs/session, total ${result.totalGross} minor units)`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printPricingBench();
