import { failPendingCall } from '@csms/app/stations/commands/fail-pending-call';
import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { defineHandler } from '../handler.ts';

type DisconnectEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & {
    authorizer?: Record<string, unknown>;
  };
};

/**
 * `$disconnect` (best-effort on AWS): clears the connection only if it is still the charger's current one, and
 * fails a CSMS-initiated call still waiting for an answer on it (it can no longer come).
 */
export const { create, handler } = defineHandler<DisconnectEvent, APIGatewayProxyResult>({
  name: 'OcppDisconnect',
  correlationId: (event) => event.requestContext.connectionId,
  handle: async (event, deps) => {
    const { tenantId, chargePointId } = event.requestContext.authorizer ?? {};
    if (typeof tenantId === 'string' && typeof chargePointId === 'string') {
      await deps.chargePoints.recordDisconnected(
        tenantId,
        chargePointId,
        event.requestContext.connectionId,
        deps.clock.now().toISOString(),
      );
      await failPendingCall(deps, tenantId, chargePointId, { closed: event.requestContext.connectionId });
    }
    return { statusCode: 200, body: '' };
  },
});
