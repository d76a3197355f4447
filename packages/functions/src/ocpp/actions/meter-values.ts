import { readMeterSample, type SessionMeterValue } from '@csms/core';
import { appendMeterSamples, flagSession, getSession, sessionIdOfTransaction } from '@csms/db';
import type { Ocpp16 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

/** OCPP 1.6 `MeterValue[]` → stored samples; the raw sampled values are kept as sent (signed data included). */
export function toSessionMeterValues(
  meterValues: readonly Ocpp16.MeterValuesRequest['meterValue'][number][],
  source: SessionMeterValue['source'],
): SessionMeterValue[] {
  return meterValues.map((meterValue) => ({
    timestamp: new Date(meterValue.timestamp).toISOString(),
    ...readMeterSample(meterValue.sampledValue),
    ...(meterValue.sampledValue[0]?.context ? { context: meterValue.sampledValue[0].context } : {}),
    source,
    sampledValues: meterValue.sampledValue as Record<string, unknown>[],
  }));
}

/**
 * Values for a known transaction are stored on its session; values that arrive after the stop are still
 * stored (chargers flush queues late) and the session is flagged. Values without a transaction describe the
 * connector only and are not kept yet.
 */
export const meterValues16: ActionHandler<Ocpp16.MeterValuesRequest, Ocpp16.MeterValuesResponse> = async (
  context,
  request,
) => {
  if (request.transactionId === undefined) return {};
  const sessionId = await sessionIdOfTransaction(context.tenantId, request.transactionId);
  if (!sessionId) return {};
  const samples = toSessionMeterValues(request.meterValue, 'MeterValues');
  await appendMeterSamples(context.tenantId, sessionId, samples);
  const latest = samples.reduce((max, s) => (s.timestamp > max ? s.timestamp : max), '');
  const session = await getSession(context.tenantId, sessionId);
  if (session?.stoppedAt && latest > session.stoppedAt) {
    await flagSession(context.tenantId, sessionId, 'values-after-stop');
  }
  return {};
};
