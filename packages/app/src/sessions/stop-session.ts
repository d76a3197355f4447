import {
  type AuthorizationDecision,
  chargerInstant,
  isInFuture,
  orphanSessionId,
  type Session,
  type SessionMeterValue,
} from '@csms/core';
import { authorizeIdTag } from '../authorization/authorize-id-tag.ts';
import type { Deps } from '../deps.ts';
import { closeSession } from './close-session.ts';

/** A charger reports that a transaction ended (OCPP 1.6 StopTransaction), in the CSMS's terms. */
export interface StopCommand {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly transactionId: number;
  readonly meterStopWh: number;
  /** The charger's own stop time, as it sent it (read as UTC when it carries no offset). */
  readonly timestamp: string;
  readonly reason?: string | undefined;
  /** The idTag that ended it, when the charger names one; it is then authorized like any other (I4). */
  readonly idTag?: string | undefined;
  /** Readings the stop carries (transactionData), already in stored form. */
  readonly samples: readonly SessionMeterValue[];
  readonly receivedAt: Date;
}

/**
 * - `stopped`: the active session was completed now;
 * - `not-active`: the session had ended already (a repeated stop, an orphan's included): nothing changed;
 * - `orphan-recorded` / `orphan-repeated`: no session of this charger has the transaction id; the stop was
 *   recorded as an orphan now, or had been before (the id then leads to another charger's session).
 */
export type StopResult = 'stopped' | 'not-active' | 'orphan-recorded' | 'orphan-repeated';

export interface StopOutcome {
  readonly sessionId: string;
  readonly result: StopResult;
  /** The decision for the stop's idTag, when it named one: the charger may cache it. */
  readonly authorization?: AuthorizationDecision;
}

/**
 * A stop is always accepted: a repeated stop changes nothing, a stop for a transaction this charger never
 * started becomes an orphan session for review, and anomalies are flags. Energy comes from the station's
 * meter (S2). Full `Deps`: the idTag decision (I4) is a use case of its own that takes them.
 */
export async function stopSession(deps: Deps, command: StopCommand): Promise<StopOutcome> {
  const { tenantId, chargePointId, receivedAt, samples } = command;
  const authorization = command.idTag
    ? await authorizeIdTag(deps, tenantId, command.idTag, receivedAt)
    : undefined;
  const decision = authorization ? { authorization: authorization.decision } : {};

  const owner = await deps.sessions.transactionOwner(tenantId, command.transactionId);
  const found = owner ? await deps.sessions.getSession(tenantId, owner.sessionId) : undefined;
  // Transaction ids are unique per tenant: another charger naming this id has not stopped that session.
  const session = found?.chargePointId === chargePointId ? found : undefined;
  if (!session) {
    const orphan = await recordOrphan(deps, command, authorization?.token?.customerId);
    return { ...orphan, ...decision };
  }
  if (session.status !== 'active') return { sessionId: session.id, result: 'not-active', ...decision };

  if (samples.length) await deps.sessions.appendMeterSamples(tenantId, session.id, samples);
  const completed = await closeSession(deps, session, {
    timestamp: command.timestamp,
    meterStopWh: command.meterStopWh,
    reason: command.reason,
    receivedAt,
  });
  // A stop racing another stop of the same session: only the one that completed it reports the end.
  if (!completed) return { sessionId: session.id, result: 'not-active', ...decision };
  return { sessionId: session.id, result: 'stopped', ...decision };
}

/**
 * The orphan keeps what the stop tells: the charger's stop time and reading, no energy billed. Its id is
 * derived from charger and transaction id, so a repeated orphan stop changes nothing (its readings included).
 */
async function recordOrphan(
  deps: Pick<Deps, 'sessions'>,
  command: StopCommand,
  customerId: string | undefined,
): Promise<{ sessionId: string; result: 'orphan-recorded' | 'orphan-repeated' }> {
  const { tenantId, chargePointId, receivedAt } = command;
  const stoppedAt = chargerInstant(command.timestamp);
  const orphan: Session & { readonly transactionId: number } = {
    id: orphanSessionId(tenantId, chargePointId, command.transactionId),
    tenantId,
    chargePointId,
    connectorId: 0,
    idTag: command.idTag ?? '',
    ...(customerId === undefined ? {} : { customerId }),
    transactionId: command.transactionId,
    startedAt: stoppedAt,
    stoppedAt,
    meterStartWh: command.meterStopWh,
    meterStopWh: command.meterStopWh,
    energyWh: 0,
    status: 'orphan',
    ...(command.reason ? { stopReason: command.reason } : {}),
    flags: isInFuture(command.timestamp, receivedAt)
      ? ['orphan-stop', 'timestamp-in-future']
      : ['orphan-stop'],
    createdAt: receivedAt.toISOString(),
  };
  const outcome = await deps.sessions.createOrphanSession(orphan);
  if (outcome === 'recorded' && command.samples.length)
    await deps.sessions.appendMeterSamples(tenantId, orphan.id, command.samples);
  return { sessionId: orphan.id, result: outcome === 'recorded' ? 'orphan-recorded' : 'orphan-repeated' };
}
