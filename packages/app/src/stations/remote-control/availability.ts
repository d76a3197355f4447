import type { Deps } from '@csms/app/deps';
import type { Ocpp16 } from '@csms/ocpp';
import { call16 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected16 } from '../commands/charger-lookup.ts';

export interface AvailabilityOutcome extends Ocpp16.ChangeAvailabilityRequest {
  readonly status: Ocpp16.ChangeAvailabilityResponse['status'];
}

/**
 * ChangeAvailability on one connector (0: the whole charger), answered with the charger's answer. Nothing is
 * recorded: unlike maintenance (`PATCH /v1/charge-points/{id}`), this is a one-off instruction to the charger.
 */
export async function changeAvailability(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: Ocpp16.ChangeAvailabilityRequest,
): Promise<AvailabilityOutcome> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  requireConnected16(found);
  const result = await call16(deps, tenantId, found.chargePoint.id, 'ChangeAvailability', request);
  return { ...request, status: result.status };
}
