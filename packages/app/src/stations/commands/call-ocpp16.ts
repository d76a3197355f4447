import type { Deps } from '@csms/app/deps';
import type { OcppAction, OcppRequest, OcppResponse } from '@csms/ocpp';
import { type CallOptions, callChargePoint } from './call-charge-point.ts';

/**
 * `callChargePoint` for a charger known to speak OCPP 1.6 (see `requireConnected16`): the payload is typed
 * as the action's 1.6 request, and the answer, already validated against the 1.6 response schema, as its
 * response.
 */
export async function call16<A extends OcppAction<'ocpp1.6'>>(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  action: A,
  payload: OcppRequest<'ocpp1.6', A>,
  options?: CallOptions,
): Promise<OcppResponse<'ocpp1.6', A>> {
  return (await callChargePoint(deps, tenantId, chargePointId, action, payload, options)) as OcppResponse<
    'ocpp1.6',
    A
  >;
}
