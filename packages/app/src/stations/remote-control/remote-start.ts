import type { Deps } from '@csms/app/deps';
import { call16 } from '../commands/call-ocpp16.ts';
import {
  requireChargePoint,
  requireConnected16,
  requireNotInMaintenance,
} from '../commands/charger-lookup.ts';
import { type IdTagChoice, resolveAuthorizedIdTag } from './resolve-id-tag.ts';

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
  requireConnected16(found);
  const authorized = await resolveAuthorizedIdTag(deps, tenantId, request, now);
  const result = await call16(deps, tenantId, found.chargePoint.id, 'RemoteStartTransaction', {
    idTag: authorized.idTag,
    ...(request.connectorId === undefined ? {} : { connectorId: request.connectorId }),
  });
  return {
    status: result.status,
    chargePointId: found.chargePoint.id,
    connectorId: request.connectorId ?? null,
    idTag: authorized.idTag,
    customerId: authorized.customerId,
  };
}
