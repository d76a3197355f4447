import type { Deps } from '@csms/app/deps';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected, requireNotInMaintenance } from '../commands/charger-lookup.ts';
import { type AuthorizedIdTag, type IdTagChoice, resolveAuthorizedIdTag } from './resolve-id-tag.ts';

/**
 * Remote start (I2): the charger is asked to start a transaction for an authorized idTag. The session itself
 * appears when the charger sends StartTransaction, as for a card at the reader; its answer here only says
 * whether it will try.
 */
export interface RemoteStartRequest extends IdTagChoice {
  readonly connectorId?: number | undefined;
}

export interface RemoteStartOutcome {
  readonly status: 'Accepted' | 'Rejected';
  readonly chargePointId: string;
  readonly connectorId: number | null;
  readonly idTag: string;
  readonly customerId: string;
}

export async function remoteStart(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: RemoteStartRequest,
  // The clock's now unless a test picks the instant.
  now: Date = deps.clock.now(),
): Promise<RemoteStartOutcome> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  requireNotInMaintenance(found);
  const version = requireConnected(found);
  const authorized = await resolveAuthorizedIdTag(deps, tenantId, request, now);
  const status =
    version === 'ocpp1.6'
      ? (
          await call16(deps, tenantId, found.chargePoint.id, 'RemoteStartTransaction', {
            idTag: authorized.idTag,
            ...(request.connectorId === undefined ? {} : { connectorId: request.connectorId }),
          })
        ).status
      : await requestStart201(deps, tenantId, found.chargePoint.id, authorized, request.connectorId, now);
  return {
    status,
    chargePointId: found.chargePoint.id,
    connectorId: request.connectorId ?? null,
    idTag: authorized.idTag,
    customerId: authorized.customerId,
  };
}

/**
 * OCPP 2.0.1 RequestStartTransaction. The CSMS picks the `remoteStartId` the charger echoes in its
 * TransactionEvent; recording it first lets that event be billed to this driver even when it carries no
 * idToken. The token goes as `Central` (authorized by the CSMS, not read by the charger); the connector
 * number of the routes is the EVSE id.
 */
async function requestStart201(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  authorized: AuthorizedIdTag,
  evseId: number | undefined,
  now: Date,
): Promise<'Accepted' | 'Rejected'> {
  const remoteStartId = await deps.remoteStarts.nextRemoteStartId(tenantId);
  await deps.remoteStarts.recordRemoteStart({
    tenantId,
    chargePointId,
    remoteStartId,
    idTag: authorized.idTag,
    customerId: authorized.customerId,
    requestedAt: now.toISOString(),
  });
  const answer = await call201(deps, tenantId, chargePointId, 'RequestStartTransaction', {
    idToken: { idToken: authorized.idTag, type: 'Central' },
    remoteStartId,
    ...(evseId === undefined ? {} : { evseId }),
    ...(authorized.groupIdTag ? { groupIdToken: { idToken: authorized.groupIdTag, type: 'Central' } } : {}),
  });
  return answer.status;
}
