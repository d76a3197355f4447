import { type AuthorizationDecision, type Session, startedSessionId } from '@csms/core';
import type { SeenStart } from '@csms/db';
import { authorizeIdTag } from '../authorization/authorize-id-tag.ts';
import type { Deps } from '../deps.ts';
import { draftSession, sessionOpened } from './open-session.ts';

/** A charger reports that it started charging (OCPP 1.6 StartTransaction), in the CSMS's terms. */
export interface StartCommand {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly idTag: string;
  /** The charger's own start time, as it sent it (read as UTC when it carries no offset). */
  readonly timestamp: string;
  readonly meterStartWh: number;
  readonly reservationId?: number | undefined;
  readonly receivedAt: Date;
}

export interface StartOutcome {
  readonly sessionId: string;
  /** Always given: the charger has started already, refusing an id would only make it retry. */
  readonly transactionId: number;
  /** What the charger is told about the idTag; the session is recorded whatever it says. */
  readonly authorization: AuthorizationDecision;
  /** A retry of a start recorded before: nothing new was written. */
  readonly repeated: boolean;
}

/** Transaction ids an orphan stop already claimed are skipped; more than a few in a row means a bug. */
const MAX_ID_ATTEMPTS = 5;

/**
 * Records the session a start describes. An identical retry maps to the session it already created (the
 * session id is derived from the message); an unauthorized or concurrent start is recorded and flagged, and
 * the decision handed back so the charger is told. Full `Deps`: the idTag decision (I4) and the reservation
 * hand-over are use cases of their own that take them.
 */
export async function startSession(deps: Deps, command: StartCommand): Promise<StartOutcome> {
  const { tenantId, chargePointId, connectorId, receivedAt } = command;
  const sessionId = startedSessionId(tenantId, {
    chargePointId,
    connectorId,
    idTag: command.idTag,
    timestamp: command.timestamp,
    meterStartWh: command.meterStartWh,
  });
  const authorization = await authorizeIdTag(deps, tenantId, command.idTag, receivedAt);
  const { decision } = authorization;

  // A retry of a start already recorded (eventually consistent is enough: a retry racing the original is
  // caught by the conditional write in createSession).
  const seen = await deps.sessions.getSession(tenantId, sessionId, false);
  if (seen && typeof seen.transactionId === 'number') {
    return { sessionId, transactionId: seen.transactionId, authorization: decision, repeated: true };
  }

  const session = await draftSession(deps, { ...command, id: sessionId }, authorization);
  const created = await createWithFreshId(deps, session);
  await sessionOpened(
    deps,
    { ...session, id: created.sessionId, transactionId: created.transactionId },
    receivedAt,
  );
  return {
    sessionId: created.sessionId,
    transactionId: created.transactionId,
    authorization: decision,
    repeated: false,
  };
}

async function createWithFreshId(
  deps: Pick<Deps, 'sessions'>,
  session: Omit<Session, 'transactionId'>,
): Promise<SeenStart> {
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
    const transactionId = await deps.sessions.nextTransactionId(session.tenantId);
    const created = await deps.sessions.createSession({ ...session, transactionId });
    if (created !== 'transaction-id-taken') return created;
  }
  throw new Error(`No free transaction id after ${MAX_ID_ATTEMPTS} attempts`);
}
