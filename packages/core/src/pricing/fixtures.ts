import type { SessionFacts } from './session-facts.ts';
import type { TariffVersion } from './tariff-schema.ts';

/**
 * Inputs for the pricing micro-benchmark (`npm run bench`): a realistic worst-ordinary case, not a test.
 * A 2-hour session from 16:00 Berlin time with a meter reading every minute: 100 minutes of charging at
 * 11 kW (with a 2-minute dip to 3.7 kW at minute 40, which crosses a power restriction), then 20 minutes
 * parked, with the status switching to SuspendedEV.
 */
export function buildTwoHourSessionFacts(startedAt: Date = new Date('2025-03-14T15:00:00Z')): SessionFacts {
  const start = startedAt.getTime();
  const samples: { at: Date; energyWh: number; powerW: number }[] = [];
  let energyWh = 1_000_000;
  const meterStartWh = energyWh;
  for (let minute = 1; minute <= 120; minute++) {
    const powerW = minute > 100 ? 0 : minute === 40 || minute === 41 ? 3_700 : 11_000;
    energyWh += powerW / 60;
    samples.push({ at: new Date(start + minute * 60_000), energyWh: Math.round(energyWh), powerW });
  }
  return {
    startedAt,
    stoppedAt: new Date(start + 120 * 60_000),
    meterStartWh,
    meterStopWh: samples[samples.length - 1]?.energyWh ?? meterStartWh,
    samples,
    statusChanges: [
      { at: new Date(start + 1_000), status: 'Charging' },
      { at: new Date(start + 100 * 60_000), status: 'SuspendedEV' },
    ],
  };
}

/** A tariff exercising every feature at once: time of day, power bands, step sizes, parking, idle fee, min price. */
export function buildBenchmarkTariff(): TariffVersion {
  return {
    currency: 'EUR',
    vatRate: '19',
    timeZone: 'Europe/Berlin',
    elements: [
      { priceComponents: [{ type: 'FLAT', price: '0.50' }] },
      {
        priceComponents: [
          { type: 'ENERGY', price: '0.45', stepSize: 1 },
          { type: 'TIME', price: '1.20', stepSize: 60 },
        ],
        restrictions: {
          startTime: '17:00',
          endTime: '21:00',
          dayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
        },
      },
      { priceComponents: [{ type: 'ENERGY', price: '0.29', stepSize: 1 }], restrictions: { maxPower: 4 } },
      {
        priceComponents: [
          { type: 'ENERGY', price: '0.39', stepSize: 1 },
          { type: 'TIME', price: '0.60', stepSize: 60 },
          { type: 'PARKING_TIME', price: '3.00', stepSize: 300 },
        ],
      },
    ],
    idleFee: { pricePerMinute: '0.10', graceMinutes: 10, maxAmount: '12' },
    minPrice: '1.00',
  };
}
