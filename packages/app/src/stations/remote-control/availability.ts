import type { Deps } from '@csms/app/deps';
import type { Ocpp16 } from '@csms/ocpp';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';

/** What the route asks, in 1.6 terms: on 2.0.1 `connectorId` is the EVSE id (0: the whole station). */
export type AvailabilityRequest = Ocpp16.ChangeAvailabilityRequest;

export interface AvailabilityOutcome extends AvailabilityRequest {
  readonly status: Ocpp16.ChangeAvailabilityResponse['status'];
}

/**
 * ChangeAvailability on one connector (0: the whole charger), answered with the charger's answer. Nothing is
 * recorded: unlike maintenance (`PATCH /v1/charge-points/{id}`), this is a one-off instruction to the charger.
 * Both versions answer Accepted, Rejected or Scheduled, so the outcome reads the same for either.
 */
export async function changeAvailability(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: AvailabilityRequest,
): Promise<AvailabilityOutcome> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const version = requireConnected(found);
  const id = found.chargePoint.id;
  const result =
    version === 'ocpp1.6'
      ? await call16(deps, tenantId, id, 'ChangeAvailability', request)
      : await call201(deps, tenantId, id, 'ChangeAvailability', {
          operationalStatus: request.type,
          // 2.0.1 names the whole station by leaving the EVSE out; EVSE 0 is not an EVSE it can switch.
          ...(request.connectorId === 0 ? {} : { evse: { id: request.connectorId } }),
        });
  return { ...request, status: result.status };
}
