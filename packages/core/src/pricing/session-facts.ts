/**
 * What the charger told us about one session — the only input the cost function needs besides the tariff.
 * Timestamps are the charger's own (S2: the station's meter is authoritative for the energy billed).
 */
export interface MeterSample {
  readonly at: Date;
  /** Energy register (Energy.Active.Import.Register), Wh. */
  readonly energyWh: number;
  /** Instantaneous power, W. Informational: pricing derives power from the register (see energy-curve.ts). */
  readonly powerW?: number;
  /** Current summed over phases, A; needed only by tariffs with minCurrent/maxCurrent restrictions. */
  readonly currentA?: number;
}

/**
 * A connector status (OCPP 1.6 StatusNotification) or, for OCPP 2.0.1, a TransactionEvent `chargingState`
 * (Charging, EVConnected, SuspendedEV, SuspendedEVSE, Idle) plus the connector's `Available`.
 */
export interface StatusChange {
  readonly at: Date;
  readonly status: string;
}

export interface SessionFacts {
  /** Transaction start (StartTransaction / TransactionEvent Started). */
  readonly startedAt: Date;
  /** Transaction stop; absent while the session runs (pass `now` to price it live). */
  readonly stoppedAt?: Date;
  /** Energy register at the start, Wh. */
  readonly meterStartWh: number;
  /** Energy register at the stop, Wh; absent while running (the latest sample counts then). */
  readonly meterStopWh?: number;
  readonly samples: readonly MeterSample[];
  readonly statusChanges: readonly StatusChange[];
}

/** Options shared by period derivation and the cost function. */
export interface PricingOptions {
  /**
   * For a session that is still running: the instant to price up to (live cost). Ignored once the session
   * has stopped. Passed in, never read from the system clock, so pricing stays deterministic.
   */
  readonly now?: Date;
  /** Minutes without any energy increase after which a period counts as idle although the status says Charging. */
  readonly idleAfterMinutes?: number;
}

export const DEFAULT_IDLE_AFTER_MINUTES = 5;

/**
 * The end of the priced window, ms since epoch: the stop (or `now` while running), cut short by the first
 * `Available` after the start, since `Available` means the connector is free again — the vehicle has left.
 */
export function sessionEndMs(facts: SessionFacts, now: Date | undefined): number {
  const startMs = facts.startedAt.getTime();
  const stopMs = facts.stoppedAt?.getTime() ?? now?.getTime();
  if (stopMs === undefined || Number.isNaN(stopMs)) {
    throw new RangeError('A running session (no stoppedAt) is priced up to `now`: pass options.now');
  }
  let endMs = Math.max(startMs, stopMs);
  for (const change of facts.statusChanges) {
    const at = change.at.getTime();
    if (change.status === 'Available' && at > startMs && at < endMs) endMs = at;
  }
  return endMs;
}
