import { authorizeIdTag, idTagInfo } from '@csms/app/authorization/authorize-id-tag';
import type { Deps } from '@csms/app/deps';
import { reportSessionEnded } from '@csms/app/sessions/lifecycle';
import {
  chargerInstant,
  energyBaseline,
  isInFuture,
  orphanSessionId,
  type Session,
  type SessionFlag,
  settleStop,
} from '@csms/core';
import type { Ocpp16 } from '@csms/ocpp';
import { toSessionMeterValues } from './meter-values.ts';
import type { ActionContext, ActionHandler } from './types.ts';

/**
 * StopTransaction is always answered: a repeated stop changes nothing, a stop for a transaction this charger
 * never started becomes an orphan session for review, and anomalies are flags. Energy comes from the station's
 * meter (S2).
 */
export const stopTransaction16: ActionHandler<
  Ocpp16.StopTransactionRequest,
  Ocpp16.StopTransactionResponse
> = async (context, request) => {
  const { deps } = context;
  const { tenantId, chargePointId, receivedAt } = context;
  const samples = request.transactionData
    ? toSessionMeterValues(request.transactionData, 'StopTransaction')
    : [];
  const authorization = request.idTag
    ? await authorizeIdTag(deps, tenantId, request.idTag, receivedAt)
    : undefined;
  const info = authorization ? { idTagInfo: idTagInfo(authorization.decision) } : {};

  const owner = await deps.sessions.transactionOwner(tenantId, request.transactionId);
  const found = owner ? await deps.sessions.getSession(tenantId, owner.sessionId) : undefined;
  // Transaction ids are unique per tenant: another charger naming this id has not stopped that session.
  const session = found?.chargePointId === chargePointId ? found : undefined;
  if (!session) {
    await recordOrphan(deps, context, request, samples, authorization?.token?.customerId);
    return info;
  }
  if (session.status !== 'active') return info;

  if (samples.length) await deps.sessions.appendMeterSamples(tenantId, session.id, samples);
  const baseline = energyBaseline({
    startedAt: session.startedAt,
    meterStartWh: session.meterStartWh,
    priorRegisterWh: session.priorRegisterWh,
    meterStopWh: request.meterStop,
    firstSample: await firstRegisterReading(deps, session),
  });
  const stoppedAt = chargerInstant(request.timestamp);
  const settled = settleStop(
    { ...session, meterStartWh: baseline.baselineWh },
    { timestamp: stoppedAt, meterStopWh: request.meterStop, receivedAt },
  );
  const flags: SessionFlag[] = baseline.reset
    ? [...new Set([...settled.flags, 'meter-start-reset' as const])]
    : settled.flags;
  const completed = await deps.sessions.completeSession(session, {
    stoppedAt,
    meterStopWh: request.meterStop,
    energyWh: settled.energyWh,
    stopReason: request.reason ?? 'Local',
    flags,
  });
  if (completed)
    await reportSessionEnded(deps, tenantId, session.id, {
      endedAt: stoppedAt,
      ...(request.reason ? { stopReason: request.reason } : {}),
    });
  return info;
};

/**
 * Only needed when meterStart is 0 and the connector's previous reading is unknown: then the first register
 * value in the session may reveal that 0 was not the register (see `energyBaseline`).
 */
async function firstRegisterReading(deps: Deps, session: Session) {
  if (session.meterStartWh !== 0 || (session.priorRegisterWh ?? 0) > 0) return undefined;
  const first = (await deps.sessions.meterSamplesOf(session.tenantId, session.id)).find(
    (s) => s.energyWh !== undefined,
  );
  return first?.energyWh === undefined ? undefined : { timestamp: first.timestamp, energyWh: first.energyWh };
}

/**
 * The orphan keeps what the stop tells: the charger's stop time and reading, no energy billed. Its id is
 * derived from charger and transaction id, so a repeated orphan stop changes nothing.
 */
async function recordOrphan(
  deps: Deps,
  context: ActionContext,
  request: Ocpp16.StopTransactionRequest,
  samples: ReturnType<typeof toSessionMeterValues>,
  customerId: string | undefined,
): Promise<void> {
  const { tenantId, chargePointId, receivedAt } = context;
  const stoppedAt = chargerInstant(request.timestamp);
  const orphan: Session = {
    id: orphanSessionId(tenantId, chargePointId, request.transactionId),
    tenantId,
    chargePointId,
    connectorId: 0,
    idTag: request.idTag ?? '',
    ...(customerId === undefined ? {} : { customerId }),
    transactionId: request.transactionId,
    startedAt: stoppedAt,
    stoppedAt,
    meterStartWh: request.meterStop,
    meterStopWh: request.meterStop,
    energyWh: 0,
    status: 'orphan',
    ...(request.reason ? { stopReason: request.reason } : {}),
    flags: isInFuture(request.timestamp, receivedAt)
      ? ['orphan-stop', 'timestamp-in-future']
      : ['orphan-stop'],
    createdAt: receivedAt.toISOString(),
  };
  const outcome = await deps.sessions.createOrphanSession(orphan);
  if (outcome === 'recorded' && samples.length)
    await deps.sessions.appendMeterSamples(tenantId, orphan.id, samples);
}
