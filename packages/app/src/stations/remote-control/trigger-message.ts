import type { Deps } from '@csms/app/deps';
import { ValidationError } from '@csms/core';
import { Ocpp16, Ocpp201, type OcppVersion } from '@csms/ocpp';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';

/** Messages 1.6 can trigger, and those 2.0.1 can: the route takes either set, each valid for its version. */
const messages16 = Ocpp16.TriggerMessageRequest.shape.requestedMessage.options;
const messages201 = Ocpp201.MessageTriggerEnumType.options;
export const triggerableMessages: Record<OcppVersion, readonly string[]> = {
  'ocpp1.6': messages16,
  'ocpp2.0.1': messages201,
};

export interface TriggerRequest {
  readonly requestedMessage: string;
  /** 1.6: the connector (0: the charger); 2.0.1: the EVSE id (0: the whole station). */
  readonly connectorId?: number | undefined;
}

export interface TriggerOutcome {
  readonly requestedMessage: string;
  readonly connectorId?: number;
  readonly status: Ocpp16.TriggerMessageResponse['status'];
}

/** TriggerMessage: asks the charger to send a message now; the message itself arrives as any other would. */
export async function triggerMessage(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: TriggerRequest,
): Promise<TriggerOutcome> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const version = requireConnected(found);
  const id = found.chargePoint.id;
  const { connectorId } = request;
  const status =
    version === 'ocpp1.6'
      ? (
          await call16(deps, tenantId, id, 'TriggerMessage', {
            requestedMessage: requestedMessageOf(version, request.requestedMessage, messages16),
            ...(connectorId === undefined ? {} : { connectorId }),
          })
        ).status
      : (
          await call201(deps, tenantId, id, 'TriggerMessage', {
            requestedMessage: requestedMessageOf(version, request.requestedMessage, messages201),
            // No EVSE, or EVSE 0: the station as a whole, as connector 0 is the charger in 1.6.
            ...(connectorId === undefined || connectorId === 0 ? {} : { evse: { id: connectorId } }),
          })
        ).status;
  return {
    requestedMessage: request.requestedMessage,
    ...(connectorId === undefined ? {} : { connectorId }),
    status,
  };
}

/**
 * The message as the charger's version names it. Checked here rather than by the command path so the 422
 * names the route's field and the version, not an OCPP schema path.
 */
function requestedMessageOf<T extends string>(
  version: OcppVersion,
  requested: string,
  messages: readonly T[],
): T {
  const match = messages.find((message) => message === requested);
  if (match === undefined) {
    throw new ValidationError([
      {
        field: 'requestedMessage',
        message: `${requested} cannot be triggered on an ${version} charger; use one of ${messages.join(', ')}`,
      },
    ]);
  }
  return match;
}
