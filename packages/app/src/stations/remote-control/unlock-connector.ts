import type { Deps } from '@csms/app/deps';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';

/**
 * A 2.0.1 EVSE may have several connectors; the route names only the EVSE (its `connectorId`), and the usual
 * EVSE has one connector, numbered 1 within it.
 */
const CONNECTOR_WITHIN_EVSE = 1;

export interface UnlockOutcome {
  readonly connectorId: number;
  readonly status: Ocpp16.UnlockConnectorResponse['status'] | Ocpp201.UnlockConnectorResponse['status'];
}

/** UnlockConnector: releases the cable of a connector (1.6) or of an EVSE's connector (2.0.1). */
export async function unlockConnector(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  connectorId: number,
): Promise<UnlockOutcome> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const version = requireConnected(found);
  const id = found.chargePoint.id;
  const status =
    version === 'ocpp1.6'
      ? (await call16(deps, tenantId, id, 'UnlockConnector', { connectorId })).status
      : (
          await call201(deps, tenantId, id, 'UnlockConnector', {
            evseId: connectorId,
            connectorId: CONNECTOR_WITHIN_EVSE,
          })
        ).status;
  return { connectorId, status };
}
