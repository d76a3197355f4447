import type { Ocpp16 } from '@csms/ocpp';
import { call16 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected16 } from '../commands/charger-lookup.ts';

/** GetCompositeSchedule: what the charger will actually deliver, all its profiles combined. */
export async function compositeSchedule(
  tenantId: string,
  chargePointId: string,
  request: Ocpp16.GetCompositeScheduleRequest,
): Promise<Ocpp16.GetCompositeScheduleResponse> {
  const found = await requireChargePoint(tenantId, chargePointId);
  requireConnected16(found);
  return call16(tenantId, found.chargePoint.id, 'GetCompositeSchedule', request);
}
