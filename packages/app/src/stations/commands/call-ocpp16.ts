import type { Deps } from '@csms/app/deps';
import type { OcppAction, OcppRequest, OcppResponse, OcppVersion } from '@csms/ocpp';
import { type CallOptions, callChargePoint } from './call-charge-point.ts';

/**
 * `callChargePoint` for a charger known to speak `version` (see `requireConnected`): the payload is typed as
 * the action's request in that version, and the answer, already validated against that version's response
 * schema, as its response.
 */
export async function callAs<V extends OcppVersion, A extends OcppAction<V>>(
  // Only picks the types: the charger's record says which version it speaks.
  _version: V,
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  action: A,
  payload: OcppRequest<V, A>,
  options?: CallOptions,
): Promise<OcppResponse<V, A>> {
  return (await callChargePoint(deps, tenantId, chargePointId, action, payload, options)) as OcppResponse<
    V,
    A
  >;
}

/** `callAs('ocpp1.6', …)`. */
export function call16<A extends OcppAction<'ocpp1.6'>>(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  action: A,
  payload: OcppRequest<'ocpp1.6', A>,
  options?: CallOptions,
): Promise<OcppResponse<'ocpp1.6', A>> {
  return callAs('ocpp1.6', deps, tenantId, chargePointId, action, payload, options);
}

/** `callAs('ocpp2.0.1', …)`. */
export function call201<A extends OcppAction<'ocpp2.0.1'>>(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  action: A,
  payload: OcppRequest<'ocpp2.0.1', A>,
  options?: CallOptions,
): Promise<OcppResponse<'ocpp2.0.1', A>> {
  return callAs('ocpp2.0.1', deps, tenantId, chargePointId, action, payload, options);
}
