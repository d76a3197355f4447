import type { Deps } from '@csms/app/deps';
import type { Ocpp16 } from '@csms/ocpp';
import { call16 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected16 } from '../commands/charger-lookup.ts';

/** GetCompositeSchedule: what the charger will actually deliver, all its profiles combined. */
export async function compositeSchedule(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: Ocpp16.GetCompositeScheduleRequest,
): Promise<Ocpp16.GetCompositeScheduleResponse> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  requireConnected16(found);
  return call16(deps, tenantId, found.chargePoint.id, 'GetCompositeSchedule', request);
}
