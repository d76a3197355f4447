import { flagsAtStart, newId, type Session, startFingerprint } from '@csms/core';
import { connectorSessionId, createSession, findStartMessage, nextTransactionId } from '@csms/db';
import type { Ocpp16 } from '@csms/ocpp';
import { authorizeIdTag, idTagInfo } from '../authorize-id-tag.ts';
import type { ActionHandler } from './types.ts';

/**
 * StartTransaction always gets a transaction id: the charger has already started (possibly offline, long ago),
 * so refusing the id would only make it retry. An identical retry maps to the session it already created; an
 * unauthorized or concurrent start is recorded and flagged, and the charger told via `idTagInfo`.
 */
export const startTransaction16: ActionHandler<
  Ocpp16.StartTransactionRequest,
  Ocpp16.StartTransactionResponse
> = async (context, request) => {
  const { tenantId, chargePointId, receivedAt } = context;
  const start = {
    chargePointId,
    connectorId: request.connectorId,
    idTag: request.idTag,
    timestamp: request.timestamp,
    meterStartWh: request.meterStart,
  };
  const fingerprint = startFingerprint(start);
  const { decision, token } = await authorizeIdTag(tenantId, request.idTag, receivedAt);

  const seen = await findStartMessage(tenantId, chargePointId, fingerprint);
  if (seen) return { transactionId: seen.transactionId, idTagInfo: idTagInfo(decision) };

  const busyWith = await connectorSessionId(tenantId, chargePointId, request.connectorId);
  const flags = flagsAtStart({
    timestamp: request.timestamp,
    meterStartWh: request.meterStart,
    receivedAt,
    connectorBusy: busyWith !== undefined,
  });
  if (!token) flags.push('unknown-id-tag');
  else if (decision.status !== 'Accepted') flags.push('not-authorized');

  const session: Session = {
    id: newId('ses'),
    tenantId,
    chargePointId,
    connectorId: request.connectorId,
    idTag: request.idTag,
    ...(token ? { customerId: token.customerId } : {}),
    transactionId: await nextTransactionId(tenantId),
    startedAt: new Date(request.timestamp).toISOString(),
    meterStartWh: request.meterStart,
    status: 'active',
    ...(request.reservationId === undefined ? {} : { reservationId: request.reservationId }),
    flags,
    createdAt: receivedAt.toISOString(),
  };
  const created = await createSession(session, fingerprint);
  return { transactionId: created.transactionId, idTagInfo: idTagInfo(decision) };
};
