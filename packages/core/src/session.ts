import { createHash } from 'node:crypto';

/**
 * A charging session as the CSMS records it, independent of the OCPP version that reported it. Money is not
 * here: the cost is derived by the pricing engine from these facts.
 */
export const sessionStatuses = ['active', 'completed', 'orphan', 'needs-review'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/**
 * What can be wrong with a session; flags are recorded, never block a reply to the charger (real chargers
 * retry forever when refused, and the energy was delivered anyway).
 */
export const sessionFlags = [
  'concurrent-start',
  'meter-decreased',
  'meter-start-reset',
  'timestamp-in-future',
  'stop-before-start',
  'values-after-stop',
  'orphan-stop',
  'unknown-id-tag',
  'not-authorized',
] as const;
export type SessionFlag = (typeof sessionFlags)[number];

export interface Session {
  readonly id: string;
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly idTag: string;
  readonly customerId?: string;
  /**
   * The id the charger knows the transaction by: an integer the CSMS handed out (OCPP 1.6 StartTransaction),
   * or the charger's own string (OCPP 2.0.1 TransactionEvent, unique per charging station).
   */
  readonly transactionId: number | string;
  readonly startedAt: string;
  readonly stoppedAt?: string;
  readonly meterStartWh: number;
  /**
   * The connector's register as last known before this session (its previous start or stop reading). Lets the
   * stop tell a register that really restarted at 0 from a charger that merely reported meterStart 0.
   */
  readonly priorRegisterWh?: number;
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
 * A charger's timestamp as a UTC instant. The OCPP validators accept timestamps without an offset (firmwares
 * that omit it run on UTC, the clock the CSMS hands out); `new Date()` would read those as the server's local
 * time, so they are read as UTC here.
 */
export function chargerInstant(timestamp: string): string {
  const hasOffset = /([Zz]|[+-]\d{2}:?\d{2})$/.test(timestamp);
  return new Date(hasOffset ? timestamp : `${timestamp}Z`).toISOString();
}

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A session id derived from what identifies the session: same alphabet and length as `newId('ses')`. */
function derivedSessionId(identity: readonly unknown[]): string {
  const digest = createHash('sha256').update(JSON.stringify(identity)).digest();
  let id = 'ses';
  for (const byte of digest.subarray(0, 20)) id += ID_ALPHABET[byte & 31];
  return id;
}

/**
 * The session a StartTransaction creates, named by the message itself (charger, connector, idTag, timestamp,
 * meterStart): a charger's retry of the very same message names the same session, so writing the session
 * only if absent is what makes starts idempotent, with no separate record of seen messages.
 */
export function startedSessionId(tenantId: string, start: StartRequest): string {
  return derivedSessionId([
    'start',
    tenantId,
    start.chargePointId,
    start.connectorId,
    start.idTag,
    chargerInstant(start.timestamp),
    start.meterStartWh,
  ]);
}

/**
 * The session of a StopTransaction nobody started, named by charger and transaction id: a repeated orphan stop
 * lands on the same session instead of recording a second one.
 */
export function orphanSessionId(tenantId: string, chargePointId: string, transactionId: number): string {
  return derivedSessionId(['orphan', tenantId, chargePointId, transactionId]);
}

/**
 * The session of an OCPP 2.0.1 transaction, named by charger and the charger's transaction id: every event of
 * the transaction (Started, Updated, Ended, in any order, repeated) lands on the same session with no lookup.
 */
export function chargerTransactionSessionId(
  tenantId: string,
  chargePointId: string,
  transactionId: string,
): string {
  return derivedSessionId(['transaction', tenantId, chargePointId, transactionId]);
}

/** Session ids are `ses` + 20 symbols; anything else names no session (404 without a read). */
export const isSessionId = (id: string): boolean => /^ses[0-9a-z]{20}$/.test(id);

/** Clock skew we tolerate before a charger's timestamp counts as "in the future". */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export function isInFuture(timestamp: string, receivedAt: Date): boolean {
  return Date.parse(chargerInstant(timestamp)) > receivedAt.getTime() + FUTURE_TOLERANCE_MS;
}

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
  if (isInFuture(input.timestamp, input.receivedAt)) flags.push('timestamp-in-future');
  // meterStart 0 after higher readings: a charger that lost its state, or a register that really restarted.
  // Flagged at once; the stop decides which it was (`energyBaseline`).
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
  if (Date.parse(chargerInstant(stop.timestamp)) < Date.parse(session.startedAt))
    flags.add('stop-before-start');
  if (isInFuture(stop.timestamp, stop.receivedAt)) flags.add('timestamp-in-future');
  return { energyWh: Math.max(0, stop.meterStopWh - session.meterStartWh), flags: [...flags] };
}

/** A register jump no real charger delivers: above this average power a "meterStart" of 0 is a reset. */
const IMPLAUSIBLE_POWER_W = 400_000;

export interface BaselineFacts {
  readonly startedAt: string;
  readonly meterStartWh: number;
  readonly priorRegisterWh?: number | undefined;
  readonly meterStopWh: number;
  /** The first energy register reading stored for the session, if any (only consulted for meterStart 0). */
  readonly firstSample?: { readonly timestamp: string; readonly energyWh: number } | undefined;
}

/**
 * The register reading energy is measured from. A charger that lost its state reports meterStart 0 while its
 * register still reads hundreds of kWh; billing meterStop − 0 would charge all of it (CitrineOS #1060:
 * 910 kWh). With meterStart 0 after a higher known reading, the session's own readings decide first:
 * - a first reading below the known one: the register restarted at 0 (chargers whose register counts per
 *   transaction do this every session), energy counts from 0 — e.g. previous stop 65 Wh, readings 0 → 44 → 120,
 *   stop 120: 120 Wh, not 55;
 * - a first reading at or above it: the register went on, the charger only lost its state; energy counts from
 *   the known reading;
 * without readings, meterStop decides: at or above the known reading, the register went on (the cautious
 * choice: the smaller amount); below it, it really restarted (meter swap, reset), energy counts from 0.
 * Without a known reading, a first meter value that implies an impossible average power becomes the baseline.
 * Either way the session is flagged `meter-start-reset` for review.
 */
export function energyBaseline(facts: BaselineFacts): { baselineWh: number; reset: boolean } {
  if (facts.meterStartWh !== 0) return { baselineWh: facts.meterStartWh, reset: false };
  const prior = facts.priorRegisterWh ?? 0;
  const first = facts.firstSample;
  if (prior > 0) {
    const restarted = first ? first.energyWh < prior : facts.meterStopWh < prior;
    return { baselineWh: restarted ? 0 : prior, reset: true };
  }
  if (!first || first.energyWh <= 0) return { baselineWh: 0, reset: false };
  const hours = Math.max((Date.parse(first.timestamp) - Date.parse(facts.startedAt)) / 3_600_000, 1 / 60);
  if (first.energyWh / hours <= IMPLAUSIBLE_POWER_W) return { baselineWh: 0, reset: false };
  return { baselineWh: first.energyWh, reset: true };
}

/**
 * One meter reading of a session as the charger sent it (OCPP `MeterValue`): the raw sampled values are kept
 * byte for byte (signed meter data is verified later against them), plus the energy register and power we
 * read out of them for pricing.
 */
export const meterValueSources = ['MeterValues', 'StopTransaction', 'TransactionEvent'] as const;
export type MeterValueSource = (typeof meterValueSources)[number];

export interface SessionMeterValue {
  readonly timestamp: string;
  /** Energy.Active.Import.Register in Wh, if the sample carries it. */
  readonly energyWh?: number;
  /** Power.Active.Import in W, if present. */
  readonly powerW?: number;
  readonly context?: string;
  /** Where it came from: a MeterValues message, StopTransaction's transactionData, or a 2.0.1 TransactionEvent. */
  readonly source: MeterValueSource;
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
