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

/**
 * One meter reading of a session as the charger sent it (OCPP `MeterValue`): the raw sampled values are kept
 * byte for byte (signed meter data is verified later against them), plus the energy register and power we
 * read out of them for pricing.
 */
export interface SessionMeterValue {
  readonly timestamp: string;
  /** Energy.Active.Import.Register in Wh, if the sample carries it. */
  readonly energyWh?: number;
  /** Power.Active.Import in W, if present. */
  readonly powerW?: number;
  readonly context?: string;
  /** Where it came from: a MeterValues message or StopTransaction's transactionData. */
  readonly source: 'MeterValues' | 'StopTransaction';
  readonly sampledValues: readonly Record<string, unknown>[];
}

interface SampledValueLike {
  readonly value: string;
  readonly measurand?: string;
  readonly unit?: string;
  readonly phase?: string;
  readonly format?: string;
}

/**
 * Reads the energy register and active power out of OCPP sampled values. OCPP 1.6 defaults the measurand to
 * Energy.Active.Import.Register and the unit to Wh; kWh/kW are scaled. Per-phase values are ignored when a total
 * is present; signed values (format SignedData) carry no plain number and are skipped.
 */
export function readMeterSample(values: readonly SampledValueLike[]): { energyWh?: number; powerW?: number } {
  let energyWh: number | undefined;
  let powerW: number | undefined;
  for (const v of values) {
    if (v.format === 'SignedData') continue;
    const number = Number(v.value);
    if (!Number.isFinite(number)) continue;
    const measurand = v.measurand ?? 'Energy.Active.Import.Register';
    if (measurand === 'Energy.Active.Import.Register' && (v.phase === undefined || energyWh === undefined)) {
      energyWh = Math.round(v.unit === 'kWh' ? number * 1000 : number);
    } else if (measurand === 'Power.Active.Import' && (v.phase === undefined || powerW === undefined)) {
      powerW = Math.round(v.unit === 'kW' ? number * 1000 : number);
    }
  }
  return { ...(energyWh === undefined ? {} : { energyWh }), ...(powerW === undefined ? {} : { powerW }) };
}
