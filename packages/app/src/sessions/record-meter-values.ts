import { isInFuture, type SessionFlag, type SessionMeterValue } from '@csms/core';
import type { Deps } from '../deps.ts';
import { enforceSessionFunding } from '../payments/session-funding-check.ts';

/** Meter readings a charger sent (OCPP 1.6 MeterValues), already in stored form. */
export interface MeterValuesCommand {
  readonly tenantId: string;
  readonly chargePointId: string;
  /** The transaction they belong to; without one they describe the connector only. */
  readonly transactionId?: number | undefined;
  readonly samples: readonly SessionMeterValue[];
  readonly receivedAt: Date;
}

/** Where the readings went: onto a session (with the flags they raised), or nowhere. */
export type MeterValuesOutcome =
  | { readonly stored: true; readonly sessionId: string; readonly flagged: readonly SessionFlag[] }
  | { readonly stored: false; readonly reason: 'no-transaction' | 'unknown-transaction' };

/**
 * Values for a known transaction of this charger are stored on its session. Values that arrive once the
 * session is over are still stored (chargers flush queues late) and the session is flagged, as is a sample
 * stamped in the future. Values without a transaction describe the connector only and are not kept yet;
 * values naming another charger's transaction are not this charger's to add. Full `Deps`: the funding check
 * (P2) is a use case of its own that takes them.
 */
export async function recordMeterValues(
  deps: Deps,
  command: MeterValuesCommand,
): Promise<MeterValuesOutcome> {
  const { tenantId, chargePointId, transactionId, samples, receivedAt } = command;
  if (transactionId === undefined) return { stored: false, reason: 'no-transaction' };
  const owner = await deps.sessions.transactionOwner(tenantId, transactionId);
  if (!owner || (owner.chargePointId !== undefined && owner.chargePointId !== chargePointId)) {
    return { stored: false, reason: 'unknown-transaction' };
  }
  const session = await deps.sessions.getSession(tenantId, owner.sessionId);
  if (!session || session.chargePointId !== chargePointId) {
    return { stored: false, reason: 'unknown-transaction' };
  }

  await deps.sessions.appendMeterSamples(tenantId, session.id, samples);
  const flagged: SessionFlag[] = [];
  if (session.status !== 'active') {
    await deps.sessions.flagSession(tenantId, session.id, 'values-after-stop');
    flagged.push('values-after-stop');
  }
  if (samples.some((sample) => isInFuture(sample.timestamp, receivedAt))) {
    await deps.sessions.flagSession(tenantId, session.id, 'timestamp-in-future');
    flagged.push('timestamp-in-future');
  }
  // P2: a voucher/balance-funded session that has spent its funds is stopped (never throws).
  await enforceSessionFunding(deps, tenantId, session, receivedAt);
  return { stored: true, sessionId: session.id, flagged };
}

/** Meter readings an OCPP 2.0.1 charger sent for an EVSE outside TransactionEvent. */
export interface EvseMeterValuesCommand {
  readonly tenantId: string;
  readonly chargePointId: string;
  /** 0 is the charging station's main meter: it belongs to no session. */
  readonly evseId: number;
  readonly samples: readonly SessionMeterValue[];
  readonly receivedAt: Date;
}

/**
 * 2.0.1 sends transaction readings in TransactionEvent; MeterValues are the EVSE's own (e.g. asked for by a
 * TriggerMessage). While a session occupies the EVSE they are its readings too and are stored on it, with
 * the same checks as any reading; otherwise there is no session to keep them for.
 */
export async function recordMeterValuesOnEvse(
  deps: Deps,
  command: EvseMeterValuesCommand,
): Promise<MeterValuesOutcome> {
  const { tenantId, chargePointId, evseId, samples, receivedAt } = command;
  if (evseId === 0) return { stored: false, reason: 'no-transaction' };
  const sessionId = await deps.sessions.connectorSessionId(tenantId, chargePointId, evseId);
  const session = sessionId ? await deps.sessions.getSession(tenantId, sessionId) : undefined;
  if (session?.status !== 'active') return { stored: false, reason: 'no-transaction' };
  await deps.sessions.appendMeterSamples(tenantId, session.id, samples);
  const flagged: SessionFlag[] = [];
  if (samples.some((sample) => isInFuture(sample.timestamp, receivedAt))) {
    await deps.sessions.flagSession(tenantId, session.id, 'timestamp-in-future');
    flagged.push('timestamp-in-future');
  }
  await enforceSessionFunding(deps, tenantId, session, receivedAt);
  return { stored: true, sessionId: session.id, flagged };
}
