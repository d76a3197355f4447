import { idTagInfo } from '@csms/app/authorization/authorize-id-tag';
import { startSession } from '@csms/app/sessions/start-session';
import type { Ocpp16 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

/**
 * StartTransaction always gets a transaction id (`startSession`): the charger has already started, possibly
 * offline long ago, so refusing the id would only make it retry. A refused idTag is told via `idTagInfo`.
 */
export const startTransaction16: ActionHandler<
  Ocpp16.StartTransactionRequest,
  Ocpp16.StartTransactionResponse
> = async (context, request) => {
  const started = await startSession(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    connectorId: request.connectorId,
    idTag: request.idTag,
    timestamp: request.timestamp,
    meterStartWh: request.meterStart,
    reservationId: request.reservationId,
    receivedAt: context.receivedAt,
  });
  return { transactionId: started.transactionId, idTagInfo: idTagInfo(started.authorization) };
};
