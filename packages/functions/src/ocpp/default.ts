import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { defineHandler } from '../handler.ts';
import { chargerConnection } from './connection-context.ts';
import { handleChargerFrame } from './dispatcher.ts';

type MessageEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & {
    authorizer?: Record<string, unknown>;
  };
};

/**
 * `$default`: every OCPP frame arrives here (OCPP-J frames are JSON arrays, so API Gateway's route selection
 * cannot pick them apart). The answer to a charger's CALL is this handler's response body: the route has a
 * `$default` route response, so API Gateway sends it back on the same socket without a `@connections` call.
 */
export const { create, handler } = defineHandler<MessageEvent, APIGatewayProxyResult>({
  name: 'OcppMessage',
  correlationId: (event) => event.requestContext.requestId,
  handle: async (event, deps) => {
    const connection = chargerConnection(event.requestContext);
    const body = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    const reply = await handleChargerFrame(deps, connection, body);
    return { statusCode: 200, body: reply ?? '' };
  },
});
