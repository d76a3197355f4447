import middy from '@middy/core';
import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
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
async function onMessage(event: MessageEvent): Promise<APIGatewayProxyResult> {
  const connection = chargerConnection(event.requestContext);
  const body = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  const reply = await handleChargerFrame(connection, body);
  return reply === undefined ? { statusCode: 200, body: '' } : { statusCode: 200, body: reply };
}

export const handler = middy(onMessage);
