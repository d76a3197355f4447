import { randomUUID } from 'node:crypto';

/**
 * API Gateway WebSocket event shapes, built the way AWS builds them, so the handlers cannot tell the local
 * gateway from the real one. Only the fields our handlers or typical middlewares read are filled in.
 */
export interface WebSocketEventInput {
  readonly connectionId: string;
  readonly routeKey: '$connect' | '$disconnect' | '$default';
  readonly connectedAt: Date;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly domainName: string;
  readonly authorizer?: Record<string, unknown>;
}

export const LOCAL_API_ID = 'local';
export const LOCAL_STAGE = 'local';

const eventTypeOf = { $connect: 'CONNECT', $disconnect: 'DISCONNECT', $default: 'MESSAGE' } as const;

export function requestContext(input: WebSocketEventInput, extra: Record<string, unknown> = {}) {
  const now = new Date();
  return {
    routeKey: input.routeKey,
    eventType: eventTypeOf[input.routeKey],
    extendedRequestId: randomUUID(),
    requestTime: now.toUTCString(),
    messageDirection: 'IN',
    stage: LOCAL_STAGE,
    connectedAt: input.connectedAt.getTime(),
    requestTimeEpoch: now.getTime(),
    identity: { sourceIp: input.sourceIp, userAgent: input.userAgent },
    requestId: randomUUID(),
    domainName: input.domainName,
    connectionId: input.connectionId,
    apiId: LOCAL_API_ID,
    ...(input.authorizer ? { authorizer: input.authorizer } : {}),
    ...extra,
  };
}

export function authorizerEvent(
  input: WebSocketEventInput,
  headers: Record<string, string>,
  query: Record<string, string>,
) {
  return {
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:us-east-1:000000000000:${LOCAL_API_ID}/${LOCAL_STAGE}/$connect`,
    headers,
    multiValueHeaders: multiValue(headers),
    queryStringParameters: query,
    multiValueQueryStringParameters: multiValue(query),
    stageVariables: {},
    requestContext: requestContext(input),
  };
}

export function connectEvent(
  input: WebSocketEventInput,
  headers: Record<string, string>,
  query: Record<string, string>,
) {
  return {
    headers,
    multiValueHeaders: multiValue(headers),
    queryStringParameters: query,
    multiValueQueryStringParameters: multiValue(query),
    requestContext: requestContext(input),
    isBase64Encoded: false,
  };
}

export function messageEvent(input: WebSocketEventInput, body: string, isBinary: boolean) {
  return {
    requestContext: requestContext(input, { messageId: randomUUID() }),
    body: isBinary ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: isBinary,
  };
}

export function disconnectEvent(input: WebSocketEventInput, statusCode: number, reason: string) {
  return {
    headers: {},
    multiValueHeaders: {},
    requestContext: requestContext(input, { disconnectStatusCode: statusCode, disconnectReason: reason }),
    isBase64Encoded: false,
  };
}

function multiValue(values: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v]]));
}
