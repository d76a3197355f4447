import { recordDisconnected } from '@csms/db';
import middy from '@middy/core';
import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

type DisconnectEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & {
    authorizer?: Record<string, unknown>;
  };
};

/** `$disconnect` (best-effort on AWS): clears the connection only if it is still the charger's current one. */
async function disconnect(event: DisconnectEvent): Promise<APIGatewayProxyResult> {
  const { tenantId, chargePointId } = event.requestContext.authorizer ?? {};
  if (typeof tenantId === 'string' && typeof chargePointId === 'string') {
    await recordDisconnected(
      tenantId,
      chargePointId,
      event.requestContext.connectionId,
      new Date().toISOString(),
    );
  }
  return { statusCode: 200, body: '' };
}

export const handler = middy(disconnect);
