import { recordMeterValues } from '@csms/app/sessions/record-meter-values';
import { chargerInstant, readMeterSample, type SessionMeterValue } from '@csms/core';
import type { Ocpp16 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

/**
 * OCPP 1.6 `MeterValue[]` → stored samples (MeterValues and StopTransaction's transactionData alike); the raw
 * sampled values are kept as sent (signed data included).
 */
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

/** MeterValues is always answered, whether the values were kept or not (`recordMeterValues`). */
export const meterValues16: ActionHandler<Ocpp16.MeterValuesRequest, Ocpp16.MeterValuesResponse> = async (
  context,
  request,
) => {
  await recordMeterValues(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    transactionId: request.transactionId,
    samples: toSessionMeterValues(request.meterValue, 'MeterValues'),
    receivedAt: context.receivedAt,
  });
  return {};
};
