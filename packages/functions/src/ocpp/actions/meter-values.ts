import { recordMeterValues, recordMeterValuesOnEvse } from '@csms/app/sessions/record-meter-values';
import { chargerInstant, readMeterSample, type SessionMeterValue } from '@csms/core';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
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

/**
 * OCPP 2.0.1 `MeterValue[]` → stored samples. 2.0.1 sends numbers with a unit and a power-of-ten multiplier
 * (`unitOfMeasure`), and carries signed data beside the plain value; the sampled values are kept as sent.
 */
export function toSessionMeterValues201(
  meterValues: readonly Ocpp201.MeterValueType[],
  source: SessionMeterValue['source'],
): SessionMeterValue[] {
  return meterValues.map((meterValue) => ({
    timestamp: chargerInstant(meterValue.timestamp),
    ...readMeterSample(
      meterValue.sampledValue.map((v) => ({
        value: String(v.value * 10 ** (v.unitOfMeasure?.multiplier ?? 0)),
        ...(v.measurand ? { measurand: v.measurand } : {}),
        ...(v.unitOfMeasure?.unit ? { unit: v.unitOfMeasure.unit } : {}),
        ...(v.phase ? { phase: v.phase } : {}),
      })),
    ),
    ...(meterValue.sampledValue[0]?.context ? { context: meterValue.sampledValue[0].context } : {}),
    source,
    sampledValues: meterValue.sampledValue as Record<string, unknown>[],
  }));
}

/** 2.0.1 MeterValues name an EVSE, not a transaction: values join the session running there, if any. */
export const meterValues201: ActionHandler<Ocpp201.MeterValuesRequest, Ocpp201.MeterValuesResponse> = async (
  context,
  request,
) => {
  await recordMeterValuesOnEvse(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    evseId: request.evseId,
    samples: toSessionMeterValues201(request.meterValue, 'MeterValues'),
    receivedAt: context.receivedAt,
  });
  return {};
};
