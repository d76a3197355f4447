import type { Deps } from '@csms/app/deps';
import type { Ocpp16 } from '@csms/ocpp';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';
import {
  type CompositeScheduleAnswer,
  fromCompositeSchedule201,
  toCompositeScheduleRequest201,
} from './ocpp201-profiles.ts';

/**
 * GetCompositeSchedule: what the charger will actually deliver, all its profiles combined. Asked and answered
 * in the 1.6 shape; a 2.0.1 charger is asked for the EVSE the connector names and its answer mapped back.
 */
export async function compositeSchedule(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: Ocpp16.GetCompositeScheduleRequest,
): Promise<CompositeScheduleAnswer> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const id = found.chargePoint.id;
  if (requireConnected(found) === 'ocpp1.6')
    return call16(deps, tenantId, id, 'GetCompositeSchedule', request);
  const answer = await call201(
    deps,
    tenantId,
    id,
    'GetCompositeSchedule',
    toCompositeScheduleRequest201(request),
  );
  return fromCompositeSchedule201(answer);
}
