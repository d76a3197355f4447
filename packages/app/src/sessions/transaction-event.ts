import {
  type AuthorizationDecision,
  chargerInstant,
  chargerTransactionSessionId,
  isInFuture,
  type Session,
  type SessionFlag,
  type SessionMeterValue,
} from '@csms/core';
import { authorizeIdTag, type IdTagAuthorization } from '../authorization/authorize-id-tag.ts';
import type { Deps } from '../deps.ts';
import { enforceSessionFunding } from '../payments/session-funding-check.ts';
import { type SessionCost, sessionCost } from '../pricing/session-cost.ts';
import { closeSession } from './close-session.ts';
import { pushLiveCost } from './live-cost.ts';
import { authorizationFlags, draftSession, sessionOpened } from './open-session.ts';

/** One OCPP 2.0.1 TransactionEvent, in the CSMS's terms (the handler maps the frame to this). */
export interface TransactionEventCommand {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly eventType: 'Started' | 'Updated' | 'Ended';
  /** The charger's sequence number of the event; duplicates and gaps are harmless (see below). */
  readonly seqNo: number;
  /** The charger's own time of the event. */
  readonly timestamp: string;
  /** The charger's transaction id (a string, unique per charging station). */
  readonly transactionId: string;
  /** The EVSE; the standard asks for it in the first event of a transaction. */
  readonly evseId?: number | undefined;
  /** The driver's token, when this event carries one (it may come only in a later `Updated`). */
  readonly idToken?: string | undefined;
  /** 2.0.1 charging state (Charging, EVConnected, SuspendedEV, SuspendedEVSE, Idle): charging vs idle time. */
  readonly chargingState?: string | undefined;
  readonly stoppedReason?: string | undefined;
  readonly remoteStartId?: number | undefined;
  readonly reservationId?: number | undefined;
  /** The event's meter values, already in stored form. */
  readonly samples: readonly SessionMeterValue[];
  readonly receivedAt: Date;
}

export interface TransactionEventOutcome {
  readonly sessionId: string;
  /** What the charger is told about the event's idToken, when it carried one (it may cache it). */
  readonly authorization?: AuthorizationDecision;
  /** The session's cost at this event: final on the event that ended it, live otherwise. */
  readonly cost?: SessionCost;
  /** The session ended with this event (not with an earlier copy of it). */
  readonly ended: boolean;
}

/** Without an EVSE in any event so far, a transaction is put on EVSE 1: the one EVSE most chargers have. */
const DEFAULT_EVSE = 1;

/**
 * Records one TransactionEvent on the one session model both OCPP versions share. Every event of a
 * transaction names the same session (its id is derived from charger and transaction id), so:
 * - a duplicate changes nothing it has not changed already: readings are stored under their own time and
 *   place, the session is written only if absent, an ended session is not ended again;
 * - order does not matter: whichever event comes first opens the session (a lost `Started` included), an
 *   `Updated` arriving after `Ended` only adds its readings, flagged when they postdate the stop;
 * - offline replays keep the charger's timestamps, which price the session.
 * The driver may be identified late (idToken in an `Updated`, or known only by the remote start's id).
 * Full `Deps`: authorization (I4), the reservation hand-over and the funding check take them.
 */
export async function recordTransactionEvent(
  deps: Deps,
  command: TransactionEventCommand,
): Promise<TransactionEventOutcome> {
  const { tenantId, chargePointId, receivedAt } = command;
  const sessionId = chargerTransactionSessionId(tenantId, chargePointId, command.transactionId);
  const driver = await identifyDriver(deps, command);
  // The charger is told about the token it sent, not about the one a remote start was made for.
  const decision = driver?.sentByCharger ? { authorization: driver.authorization.decision } : {};

  let session = await deps.sessions.getSession(tenantId, sessionId);
  if (!session) session = await openTransactionSession(deps, sessionId, command, driver);
  else {
    if (driver && session.idTag === '') session = await identifyLate(deps, session, driver);
    session = await startLearntLate(deps, session, command);
  }

  if (command.samples.length) await deps.sessions.appendMeterSamples(tenantId, session.id, command.samples);
  await flagLateOrFutureReadings(deps, session, command);
  if (command.chargingState && session.status === 'active') {
    await deps.sessionStatuses.recordSessionStatus(tenantId, session.id, {
      at: chargerInstant(command.timestamp),
      status: command.chargingState,
    });
  }

  if (command.eventType === 'Ended') {
    const ended = session.status === 'active' && (await endSession(deps, session, command));
    const final = await deps.sessions.getSession(tenantId, session.id);
    const cost = final ? await sessionCost(deps, tenantId, final, receivedAt) : undefined;
    return { sessionId: session.id, ...decision, ...(cost ? { cost } : {}), ended };
  }
  if (session.status === 'active') {
    // P2: a voucher/balance-funded session that has spent its funds is stopped (never throws).
    await enforceSessionFunding(deps, tenantId, session, receivedAt);
    if (command.eventType === 'Updated' && command.samples.some((s) => s.energyWh !== undefined)) {
      await pushLiveCost(deps, session, receivedAt);
    }
  }
  return { sessionId: session.id, ...decision, ended: false };
}

interface Driver {
  readonly idTag: string;
  readonly authorization: IdTagAuthorization;
  /** From the event's idToken (else from the remote start). */
  readonly sentByCharger: boolean;
}

/**
 * Who charges: the event's idToken (authorized like any other, I4), else the driver the remote start with
 * this `remoteStartId` was sent for. Undefined while neither is known.
 */
async function identifyDriver(deps: Deps, command: TransactionEventCommand): Promise<Driver | undefined> {
  if (command.idToken) {
    const authorization = await authorizeIdTag(deps, command.tenantId, command.idToken, command.receivedAt);
    return { idTag: command.idToken, authorization, sentByCharger: true };
  }
  if (command.remoteStartId === undefined) return undefined;
  const start = await deps.remoteStarts.findRemoteStart(
    command.tenantId,
    command.chargePointId,
    command.remoteStartId,
  );
  if (!start) return undefined;
  const authorization = await authorizeIdTag(deps, command.tenantId, start.idTag, command.receivedAt);
  return { idTag: start.idTag, authorization, sentByCharger: false };
}

async function openTransactionSession(
  deps: Deps,
  sessionId: string,
  command: TransactionEventCommand,
  driver: Driver | undefined,
): Promise<Session> {
  const begin = beginReading(command);
  const draft = await draftSession(
    deps,
    {
      id: sessionId,
      tenantId: command.tenantId,
      chargePointId: command.chargePointId,
      connectorId: command.evseId ?? DEFAULT_EVSE,
      idTag: driver?.idTag ?? '',
      timestamp: begin.timestamp,
      meterStartWh: begin.meterStartWh,
      reservationId: command.reservationId,
      receivedAt: command.receivedAt,
    },
    driver?.authorization,
  );
  const session: Session & { transactionId: string } = { ...draft, transactionId: command.transactionId };
  const created = await deps.sessions.createChargerTransactionSession(session);
  if (created === 'existed') {
    // Another event of the transaction opened it in the meantime: continue on that one.
    return (await deps.sessions.getSession(command.tenantId, sessionId)) ?? session;
  }
  await sessionOpened(deps, session, command.receivedAt);
  return session;
}

/**
 * Where the session starts: the `Transaction.Begin` reading when the event has one (2.0.1 chargers send it
 * in `Started`, some only in `Ended`), else the first register reading of a `Started` event, else 0 — which
 * the stop's baseline check (`energyBaseline`) treats with suspicion, as for 1.6. The start time is the
 * `Started` event's; when the start was lost, the begin reading's time or, failing that, this event's.
 */
function beginReading(command: TransactionEventCommand): { timestamp: string; meterStartWh: number } {
  const begin = command.samples.find((s) => s.context === 'Transaction.Begin' && s.energyWh !== undefined);
  const first = command.samples.find((s) => s.energyWh !== undefined);
  const reading = begin ?? (command.eventType === 'Started' ? first : undefined);
  const timestamp =
    command.eventType === 'Started' ? command.timestamp : (begin?.timestamp ?? command.timestamp);
  return { timestamp, meterStartWh: reading?.energyWh ?? 0 };
}

/**
 * The session was opened by a later event (its `Started` came late, or not yet): a `Started`, or a begin
 * reading, that predates the recorded start moves the start back while the session runs.
 */
async function startLearntLate(
  deps: Pick<Deps, 'sessions'>,
  session: Session,
  command: TransactionEventCommand,
): Promise<Session> {
  const hasBegin = command.samples.some((s) => s.context === 'Transaction.Begin' && s.energyWh !== undefined);
  if (session.status !== 'active' || (command.eventType !== 'Started' && !hasBegin)) return session;
  const begin = beginReading(command);
  const startedAt = chargerInstant(begin.timestamp);
  if (Date.parse(startedAt) >= Date.parse(session.startedAt)) return session;
  const amended = await deps.sessions.amendSessionStart(session, {
    startedAt,
    meterStartWh: begin.meterStartWh,
  });
  return amended ? { ...session, startedAt, meterStartWh: begin.meterStartWh } : session;
}

async function identifyLate(deps: Deps, session: Session, driver: Driver): Promise<Session> {
  const customerId = driver.authorization.token?.customerId;
  const flags = [...new Set([...session.flags, ...authorizationFlags(driver.authorization)])];
  const identified = await deps.sessions.identifySessionDriver(session.tenantId, session.id, {
    idTag: driver.idTag,
    customerId,
    flags,
  });
  if (!identified) return session;
  return { ...session, idTag: driver.idTag, ...(customerId === undefined ? {} : { customerId }), flags };
}

/** Readings stamped after the stop, or in the future, are kept and the session flagged for a look. */
async function flagLateOrFutureReadings(
  deps: Pick<Deps, 'sessions'>,
  session: Session,
  command: TransactionEventCommand,
): Promise<void> {
  const flags = new Set<SessionFlag>();
  const stoppedAt = session.stoppedAt === undefined ? undefined : Date.parse(session.stoppedAt);
  for (const sample of command.samples) {
    if (stoppedAt !== undefined && Date.parse(sample.timestamp) > stoppedAt) flags.add('values-after-stop');
    if (isInFuture(sample.timestamp, command.receivedAt)) flags.add('timestamp-in-future');
  }
  for (const flag of flags) {
    if (!session.flags.includes(flag)) await deps.sessions.flagSession(session.tenantId, session.id, flag);
  }
}

/**
 * The stop reading: the event's `Transaction.End` register value, else its last register value, else the last
 * one stored for the session, else the start reading (no energy is invented).
 */
async function endSession(deps: Deps, session: Session, command: TransactionEventCommand): Promise<boolean> {
  const withEnergy = (s: SessionMeterValue) => s.energyWh !== undefined;
  const end =
    command.samples.find((s) => s.context === 'Transaction.End' && withEnergy(s)) ??
    command.samples.filter(withEnergy).at(-1) ??
    (await deps.sessions.meterSamplesOf(session.tenantId, session.id)).filter(withEnergy).at(-1);
  return closeSession(deps, session, {
    timestamp: command.timestamp,
    meterStopWh: end?.energyWh ?? session.meterStartWh,
    reason: command.stoppedReason,
    receivedAt: command.receivedAt,
  });
}
