import type { Deps } from '@csms/app/deps';
import type { Ocpp16 } from '@csms/ocpp';
import { call16 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected16 } from '../commands/charger-lookup.ts';

export interface TriggerOutcome {
  readonly requestedMessage: Ocpp16.TriggerMessageRequest['requestedMessage'];
  readonly connectorId?: number;
  readonly status: Ocpp16.TriggerMessageResponse['status'];
}

/** TriggerMessage: asks the charger to send a message now; the message itself arrives as any other would. */
export async function triggerMessage(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: Ocpp16.TriggerMessageRequest,
): Promise<TriggerOutcome> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  requireConnected16(found);
  const result = await call16(deps, tenantId, found.chargePoint.id, 'TriggerMessage', request);
  return {
    requestedMessage: request.requestedMessage,
    ...(request.connectorId === undefined ? {} : { connectorId: request.connectorId }),
    status: result.status,
  };
}
