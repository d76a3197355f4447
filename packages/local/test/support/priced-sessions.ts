import { type CostBreakdown, type PricedSession, priceSession, type TariffVersion } from '@csms/core';

/** A typical operator tariff: energy, a session fee and an idle fee after a grace period (T1). */
export const testTariff: TariffVersion = {
  currency: 'EUR',
  vatRate: '19',
  timeZone: 'Europe/Berlin',
  elements: [
    {
      priceComponents: [
        { type: 'ENERGY', price: '0.39', stepSize: 1 },
        { type: 'FLAT', price: '0.50', stepSize: 1 },
      ],
    },
  ],
  idleFee: { pricePerMinute: '0.10', graceMinutes: 10 },
};

/**
 * A stopped session of `kw` for `minutes`, then `idleMinutes` plugged in without charging, priced by the
 * real cost function — what the session workflow hands to the issuing functions.
 */
export function pricedSession(input: {
  readonly id: string;
  readonly start: string;
  readonly minutes: number;
  readonly kw: number;
  readonly idleMinutes?: number;
  readonly customerId?: string;
  readonly chargePointId?: string;
}): PricedSession & { readonly cost: CostBreakdown } {
  const startMs = Date.parse(input.start);
  const chargingEnd = startMs + input.minutes * 60_000;
  const stopMs = chargingEnd + (input.idleMinutes ?? 0) * 60_000;
  const energyWh = Math.round(input.kw * 1000 * (input.minutes / 60));
  const cost = priceSession(testTariff, {
    startedAt: new Date(startMs),
    stoppedAt: new Date(stopMs),
    meterStartWh: 1_000_000,
    meterStopWh: 1_000_000 + energyWh,
    samples: [{ at: new Date(chargingEnd), energyWh: 1_000_000 + energyWh }],
    statusChanges: [
      { at: new Date(startMs), status: 'Charging' },
      ...(stopMs > chargingEnd ? [{ at: new Date(chargingEnd), status: 'SuspendedEV' }] : []),
    ],
  });
  return {
    session: {
      id: input.id,
      chargePointId: input.chargePointId ?? 'CP-1',
      connectorId: 1,
      startedAt: new Date(startMs).toISOString(),
      stoppedAt: new Date(stopMs).toISOString(),
      ...(input.customerId ? { customerId: input.customerId } : {}),
    },
    cost,
  };
}
