import { authorizeIdTag, idTagInfo } from '@csms/app/authorization/authorize-id-tag';
import type { Deps } from '@csms/app/deps';
import { startSessionLifecycle } from '@csms/app/sessions/lifecycle';
import { markReservationUsed } from '@csms/app/stations/reservations/mark-used';
import { chargerInstant, flagsAtStart, type Session, startedSessionId } from '@csms/core';
import type { SeenStart } from '@csms/db';
import type { Ocpp16 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

/** Transaction ids an orphan stop already claimed are skipped; more than a few in a row means a bug. */
const MAX_ID_ATTEMPTS = 5;

/**
 * StartTransaction always gets a transaction id: the charger has already started (possibly offline, long ago),
 * so refusing the id would only make it retry. An identical retry maps to the session it already created; an
 * unauthorized or concurrent start is recorded and flagged, and the charger told via `idTagInfo`.
 */
export const startTransaction16: ActionHandler<
  Ocpp16.StartTransactionRequest,
  Ocpp16.StartTransactionResponse
> = async (context, request) => {
  const { deps } = context;
  const { tenantId, chargePointId, receivedAt } = context;
  const start = {
    chargePointId,
    connectorId: request.connectorId,
    idTag: request.idTag,
    timestamp: request.timestamp,
    meterStartWh: request.meterStart,
  };
  const sessionId = startedSessionId(tenantId, start);
  const { decision, token } = await authorizeIdTag(deps, tenantId, request.idTag, receivedAt);

  // A retry of a start already recorded (eventually consistent is enough: a retry racing the original is
  // caught by the conditional write in createSession).
  const seen = await deps.sessions.getSession(tenantId, sessionId, false);
  if (seen) return { transactionId: seen.transactionId, idTagInfo: idTagInfo(decision) };

  const connector = await deps.sessions.connectorState(tenantId, chargePointId, request.connectorId);
  const flags = flagsAtStart({
    timestamp: request.timestamp,
    meterStartWh: request.meterStart,
    receivedAt,
    connectorBusy: connector.sessionId !== undefined,
    ...(connector.lastMeterWh === undefined ? {} : { previousMeterWh: connector.lastMeterWh }),
  });
  if (!token) flags.push('unknown-id-tag');
  else if (decision.status !== 'Accepted') flags.push('not-authorized');

  const session: Omit<Session, 'transactionId'> = {
    id: sessionId,
    tenantId,
    chargePointId,
    connectorId: request.connectorId,
    idTag: request.idTag,
    ...(token ? { customerId: token.customerId } : {}),
    startedAt: chargerInstant(request.timestamp),
    meterStartWh: request.meterStart,
    ...(connector.lastMeterWh === undefined ? {} : { priorRegisterWh: connector.lastMeterWh }),
    status: 'active',
    ...(request.reservationId === undefined ? {} : { reservationId: request.reservationId }),
    flags,
    createdAt: receivedAt.toISOString(),
  };
  const created = await createWithFreshId(deps, session);
  // Idempotent by execution name: a start that raced a retry starts the same execution at most once.
  await beginLifecycle(deps, { ...session, id: created.sessionId, transactionId: created.transactionId });
  if (request.reservationId !== undefined) {
    await markReservationUsed(
      deps,
      tenantId,
      chargePointId,
      request.reservationId,
      created.sessionId,
      receivedAt,
    );
  }
  return { transactionId: created.transactionId, idTagInfo: idTagInfo(decision) };
};

async function createWithFreshId(deps: Deps, session: Omit<Session, 'transactionId'>): Promise<SeenStart> {
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
    const transactionId = await deps.sessions.nextTransactionId(session.tenantId);
    const created = await deps.sessions.createSession({ ...session, transactionId });
    if (created !== 'transaction-id-taken') return created;
  }
  throw new Error(`No free transaction id after ${MAX_ID_ATTEMPTS} attempts`);
}

/**
 * The session-to-invoice workflow starts with the session. A failure to start it must not fail the charger's
 * StartTransaction (the energy flows either way): it is logged, and a later start for the same session is safe.
 */
async function beginLifecycle(deps: Deps, session: Session): Promise<void> {
  try {
    await startSessionLifecycle(deps, session);
  } catch (error) {
    deps.log.error('Could not start the session workflow', {
      tenantId: session.tenantId,
      sessionId: session.id,
      error: String(error),
    });
  }
}
