import { chargerInstant, flagsAtStart, type Session } from '@csms/core';
import type { IdTagAuthorization } from '../authorization/authorize-id-tag.ts';
import type { Deps } from '../deps.ts';
import { markReservationUsed } from '../stations/reservations/mark-used.ts';
import { startSessionLifecycle } from './lifecycle.ts';

/**
 * What both OCPP versions know when a session opens: 1.6 from StartTransaction, 2.0.1 from the first
 * TransactionEvent of a transaction (usually `Started`; a later event when the start was lost).
 */
export interface SessionOpening {
  readonly id: string;
  readonly tenantId: string;
  readonly chargePointId: string;
  /** The connector (OCPP 2.0.1: the EVSE) the session occupies. */
  readonly connectorId: number;
  /** Empty while the driver is not known yet (a 2.0.1 transaction may start before its idToken). */
  readonly idTag: string;
  /** The charger's own start time, as it sent it (read as UTC when it carries no offset). */
  readonly timestamp: string;
  readonly meterStartWh: number;
  readonly reservationId?: number | undefined;
  readonly receivedAt: Date;
}

/**
 * The session record an opening describes, with the flags its start raises: a busy connector, a clock ahead
 * of ours, a register that reads 0 after higher readings, a driver the rules refuse.
 */
export async function draftSession(
  deps: Pick<Deps, 'sessions'>,
  opening: SessionOpening,
  authorization: IdTagAuthorization | undefined,
): Promise<Omit<Session, 'transactionId'>> {
  const { tenantId, chargePointId, connectorId, receivedAt } = opening;
  const connector = await deps.sessions.connectorState(tenantId, chargePointId, connectorId);
  const flags = flagsAtStart({
    timestamp: opening.timestamp,
    meterStartWh: opening.meterStartWh,
    receivedAt,
    connectorBusy: connector.sessionId !== undefined && connector.sessionId !== opening.id,
    ...(connector.lastMeterWh === undefined ? {} : { previousMeterWh: connector.lastMeterWh }),
  });
  if (authorization) flags.push(...authorizationFlags(authorization));
  const customerId = authorization?.token?.customerId;
  return {
    id: opening.id,
    tenantId,
    chargePointId,
    connectorId,
    idTag: opening.idTag,
    ...(customerId === undefined ? {} : { customerId }),
    startedAt: chargerInstant(opening.timestamp),
    meterStartWh: opening.meterStartWh,
    ...(connector.lastMeterWh === undefined ? {} : { priorRegisterWh: connector.lastMeterWh }),
    status: 'active',
    ...(opening.reservationId === undefined ? {} : { reservationId: opening.reservationId }),
    flags,
    createdAt: receivedAt.toISOString(),
  };
}

/** An unknown or refused driver does not stop the energy (the charger decided), but the session is flagged. */
export function authorizationFlags(authorization: IdTagAuthorization): Session['flags'] {
  if (!authorization.token) return ['unknown-id-tag'];
  return authorization.decision.status === 'Accepted' ? [] : ['not-authorized'];
}

/**
 * What follows a newly recorded session: its session-to-invoice workflow starts, and the reservation it used
 * (if any) is handed over to it.
 */
export async function sessionOpened(deps: Deps, session: Session, receivedAt: Date): Promise<void> {
  await beginLifecycle(deps, session);
  if (session.reservationId !== undefined) {
    await markReservationUsed(
      deps,
      session.tenantId,
      session.chargePointId,
      session.reservationId,
      session.id,
      receivedAt,
    );
  }
}

/**
 * The workflow is idempotent by execution name. A failure to start it must not fail the charger's start (the
 * energy flows either way): it is logged, and a later start for the same session is safe.
 */
async function beginLifecycle(deps: Pick<Deps, 'workflows' | 'log'>, session: Session): Promise<void> {
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
