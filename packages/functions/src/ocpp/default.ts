import middy from '@middy/core';
import type { APIGatewayProxyResult, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { sendToConnection } from '../connections.ts';
import { chargerConnection } from './connection-context.ts';
import { handleChargerFrame } from './dispatcher.ts';

type MessageEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & {
    authorizer?: Record<string, unknown>;
  };
};

/**
 * `$default`: every OCPP frame arrives here (OCPP-J frames are JSON arrays, so API Gateway's route selection
 * cannot pick them apart). The reply goes back through `@connections`, the same path CSMS-initiated calls use.
 */
async function onMessage(event: MessageEvent): Promise<APIGatewayProxyResult> {
  const connection = chargerConnection(event.requestContext);
  const body = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  const reply = await handleChargerFrame(connection, body);
  if (reply !== undefined) await sendToConnection(connection.connectionId, reply);
  return { statusCode: 200, body: '' };
}

export const handler = middy(onMessage);
