import { idTagInfo } from '@csms/app/authorization/authorize-id-tag';
import { stopSession } from '@csms/app/sessions/stop-session';
import type { Ocpp16 } from '@csms/ocpp';
import { toSessionMeterValues } from './meter-values.ts';
import type { ActionHandler } from './types.ts';

/**
 * StopTransaction is always answered, whatever became of the session (`stopSession`); `idTagInfo` only when
 * the charger named an idTag.
 */
export const stopTransaction16: ActionHandler<
  Ocpp16.StopTransactionRequest,
  Ocpp16.StopTransactionResponse
> = async (context, request) => {
  const { authorization } = await stopSession(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    transactionId: request.transactionId,
    meterStopWh: request.meterStop,
    timestamp: request.timestamp,
    reason: request.reason,
    idTag: request.idTag,
    samples: request.transactionData ? toSessionMeterValues(request.transactionData, 'StopTransaction') : [],
    receivedAt: context.receivedAt,
  });
  return authorization ? { idTagInfo: idTagInfo(authorization) } : {};
};
