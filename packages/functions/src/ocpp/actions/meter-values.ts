import { enforceSessionFunding } from '@csms/app/payments/session-funding-check';
import { chargerInstant, isInFuture, readMeterSample, type SessionMeterValue } from '@csms/core';
import type { Ocpp16 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

/** OCPP 1.6 `MeterValue[]` → stored samples; the raw sampled values are kept as sent (signed data included). */
export function toSessionMeterValues(
  meterValues: readonly Ocpp16.MeterValuesRequest['meterValue'][number][],
  source: SessionMeterValue['source'],
): SessionMeterValue[] {
  return meterValues.map((meterValue) => ({
    timestamp: chargerInstant(meterValue.timestamp),
    ...readMeterSample(meterValue.sampledValue),
    ...(meterValue.sampledValue[0]?.context ? { context: meterValue.sampledValue[0].context } : {}),
    source,
    sampledValues: meterValue.sampledValue as Record<string, unknown>[],
  }));
}

/**
 * Values for a known transaction of this charger are stored on its session. Values that arrive once the
 * session is over are still stored (chargers flush queues late) and the session is flagged, as is a sample
 * stamped in the future. Values without a transaction describe the connector only and are not kept yet;
 * values naming another charger's transaction are not this charger's to add.
 */
export const meterValues16: ActionHandler<Ocpp16.MeterValuesRequest, Ocpp16.MeterValuesResponse> = async (
  context,
  request,
) => {
  const { deps } = context;
  const { tenantId, chargePointId, receivedAt } = context;
  if (request.transactionId === undefined) return {};
  const owner = await deps.sessions.transactionOwner(tenantId, request.transactionId);
  if (!owner || (owner.chargePointId !== undefined && owner.chargePointId !== chargePointId)) return {};
  const session = await deps.sessions.getSession(tenantId, owner.sessionId);
  if (!session || session.chargePointId !== chargePointId) return {};

  const samples = toSessionMeterValues(request.meterValue, 'MeterValues');
  await deps.sessions.appendMeterSamples(tenantId, session.id, samples);
  if (session.status !== 'active') await deps.sessions.flagSession(tenantId, session.id, 'values-after-stop');
  if (request.meterValue.some((value) => isInFuture(value.timestamp, receivedAt))) {
    await deps.sessions.flagSession(tenantId, session.id, 'timestamp-in-future');
  }
  // P2: a voucher/balance-funded session that has spent its funds is stopped (never throws).
  await enforceSessionFunding(deps, tenantId, session, receivedAt);
  return {};
};
