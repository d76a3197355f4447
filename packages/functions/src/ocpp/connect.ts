import { failPendingCall } from '@csms/app/stations/commands/fail-pending-call';
import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { defineHandler } from '../handler.ts';
import { header } from './event-headers.ts';
import { negotiateSubprotocol } from './subprotocol.ts';

/**
 * `$connect`: the authorizer has already checked who this is. Here the OCPP version is chosen from the offered
 * subprotocols (OCPP-J requires one; without it we refuse with 400) and the connection is recorded. A charger
 * that reconnects without a clean close leaves a zombie connection behind: it is closed here, and a
 * CSMS-initiated call still waiting for an answer on any older connection is failed (it can no longer come).
 */
type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  headers?: Record<string, string | undefined>;
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & {
    authorizer?: Record<string, unknown>;
  };
};

export const { create, handler } = defineHandler<ConnectEvent, APIGatewayProxyResult>({
  name: 'OcppConnect',
  correlationId: (event) => event.requestContext.connectionId,
  handle: async (event, deps) => {
    const protocol = negotiateSubprotocol(header(event.headers, 'Sec-WebSocket-Protocol'));
    if (!protocol) {
      return { statusCode: 400, body: 'No supported OCPP subprotocol offered (ocpp1.6, ocpp2.0.1)' };
    }
    const { tenantId, chargePointId } = event.requestContext.authorizer ?? {};
    if (typeof tenantId !== 'string' || typeof chargePointId !== 'string') {
      return { statusCode: 401, body: 'Unauthorized' };
    }
    const previous = await deps.chargePoints.recordConnected(
      tenantId,
      chargePointId,
      event.requestContext.connectionId,
      protocol,
      deps.clock.now().toISOString(),
    );
    // Before the zombie is closed: its own `$disconnect` would fail the same call, but is best-effort.
    await failPendingCall(deps, tenantId, chargePointId, { opened: event.requestContext.connectionId });
    if (previous && previous !== event.requestContext.connectionId) await deps.chargers.close(previous);
    return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': protocol }, body: '' };
  },
});
