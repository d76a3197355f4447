import { createHash } from 'node:crypto';

/**
 * A charging session as the CSMS records it, independent of the OCPP version that reported it. Money is not
 * here: the cost is derived by the pricing engine from these facts.
 */
export type SessionStatus = 'active' | 'completed' | 'orphan';

/**
 * What can be wrong with a session; flags are recorded, never block a reply to the charger (real chargers
 * retry forever when refused, and the energy was delivered anyway).
 */
export type SessionFlag =
  | 'concurrent-start'
  | 'meter-decreased'
  | 'meter-start-reset'
  | 'timestamp-in-future'
  | 'stop-before-start'
  | 'values-after-stop'
  | 'orphan-stop'
  | 'unknown-id-tag'
  | 'not-authorized';

export interface Session {
  readonly id: string;
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly idTag: string;
  readonly customerId?: string;
  readonly transactionId: number;
  readonly startedAt: string;
  readonly stoppedAt?: string;
  readonly meterStartWh: number;
  readonly meterStopWh?: number;
  readonly energyWh?: number;
  readonly status: SessionStatus;
  readonly stopReason?: string;
  readonly reservationId?: number;
  readonly flags: readonly SessionFlag[];
  readonly createdAt: string;
}

export interface StartRequest {
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly idTag: string;
  readonly timestamp: string;
  readonly meterStartWh: number;
}

/**
 * Identifies a StartTransaction so a charger's retry of the very same message (same charger, connector, idTag,
 * timestamp and meter reading) maps to the same session instead of a second one.
 */
export function startFingerprint(start: StartRequest): string {
  const canonical = [
    start.chargePointId,
    start.connectorId,
    start.idTag,
    new Date(start.timestamp).toISOString(),
    start.meterStartWh,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 32);
}

/** Clock skew we tolerate before a charger's timestamp counts as "in the future". */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export function flagsAtStart(input: {
  readonly timestamp: string;
  readonly meterStartWh: number;
  readonly receivedAt: Date;
  readonly connectorBusy: boolean;
  /** The highest register reading this connector reported before, if known. */
  readonly previousMeterWh?: number;
}): SessionFlag[] {
  const flags: SessionFlag[] = [];
  if (input.connectorBusy) flags.push('concurrent-start');
  if (Date.parse(input.timestamp) > input.receivedAt.getTime() + FUTURE_TOLERANCE_MS)
    flags.push('timestamp-in-future');
  // A register that restarts at 0 after higher readings (offline restart, meter swap) must not be billed as the
  // difference to the old reading; flagging it lets the stop use this session's own start.
  if (input.meterStartWh === 0 && (input.previousMeterWh ?? 0) > 0) flags.push('meter-start-reset');
  return flags;
}

export interface StopFacts {
  readonly timestamp: string;
  readonly meterStopWh: number;
  readonly receivedAt: Date;
}

/**
 * Energy of a stopped session and the flags the stop raises. The station's meter is authoritative (S2): energy
 * is meterStop − meterStart, never negative; a decreasing register is flagged for review instead of billed.
 */
export function settleStop(session: Pick<Session, 'startedAt' | 'meterStartWh' | 'flags'>, stop: StopFacts) {
  const flags = new Set<SessionFlag>(session.flags);
  if (stop.meterStopWh < session.meterStartWh) flags.add('meter-decreased');
  if (Date.parse(stop.timestamp) < Date.parse(session.startedAt)) flags.add('stop-before-start');
  if (Date.parse(stop.timestamp) > stop.receivedAt.getTime() + FUTURE_TOLERANCE_MS)
    flags.add('timestamp-in-future');
  return { energyWh: Math.max(0, stop.meterStopWh - session.meterStartWh), flags: [...flags] };
}
