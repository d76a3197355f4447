import { recordTransactionEvent } from '@csms/app/sessions/transaction-event';
import { currencyExponent } from '@csms/core';
import type { Ocpp201 } from '@csms/ocpp';
import { idTokenInfo201 } from './authorize.ts';
import { toSessionMeterValues201 } from './meter-values.ts';
import type { ActionHandler } from './types.ts';

/**
 * OCPP 2.0.1 TransactionEvent is always answered: the charger has already started or stopped, and refusing
 * only makes it retry. The idToken it carried is answered with `idTokenInfo`; the event that ends the session
 * gets the session's final cost (`totalCost`, in the tariff's currency, VAT included), from the one cost
 * function the receipt is made with.
 */
export const transactionEvent201: ActionHandler<
  Ocpp201.TransactionEventRequest,
  Ocpp201.TransactionEventResponse
> = async (context, request) => {
  const { transactionInfo } = request;
  // `NoAuthorization` (free vend, no token read) identifies nobody.
  const idToken =
    request.idToken && request.idToken.type !== 'NoAuthorization' && request.idToken.idToken !== ''
      ? request.idToken.idToken
      : undefined;
  const outcome = await recordTransactionEvent(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    eventType: request.eventType,
    seqNo: request.seqNo,
    timestamp: request.timestamp,
    transactionId: transactionInfo.transactionId,
    evseId: request.evse?.id,
    idToken,
    chargingState: transactionInfo.chargingState,
    stoppedReason: transactionInfo.stoppedReason,
    remoteStartId: transactionInfo.remoteStartId,
    reservationId: request.reservationId,
    samples: toSessionMeterValues201(request.meterValue ?? [], 'TransactionEvent'),
    receivedAt: context.receivedAt,
  });
  const cost = outcome.cost?.breakdown;
  return {
    ...(outcome.authorization ? { idTokenInfo: idTokenInfo201(outcome.authorization) } : {}),
    ...(request.eventType === 'Ended' && cost
      ? { totalCost: cost.totalGross / 10 ** currencyExponent(cost.currency) }
      : {}),
  };
};
