import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { loadViewerRequestFunction } from '../edge-function.ts';
import { invokeLambda, type LambdaHandler } from '../lambda-invoke.ts';
import type { ConnectionRegistry, GatewayConnection } from './connections.ts';
import {
  authorizerEvent,
  connectEvent,
  disconnectEvent,
  messageEvent,
  type WebSocketEventInput,
} from './websocket-events.ts';

/**
 * Local stand-in for CloudFront + API Gateway WebSocket API, in that order:
 * 1. CloudFront: runs the deployed viewer-request function (path → query string) and adds the origin secret.
 * 2. API Gateway: REQUEST authorizer (thrown `Unauthorized` → 401, Deny → 403), then `$connect` whose
 *    `Sec-WebSocket-Protocol` response header picks the subprotocol; every frame to `$default`, whose response
 *    body is sent back (the route response configured on AWS); `$disconnect` on close; idle and
 *    maximum-duration limits; 128 KB messages.
 */
export interface WebSocketGatewayOptions {
  readonly host: string;
  readonly port: number;
  readonly originSecretHeader: string;
  readonly originSecret: string;
  readonly idleTimeoutSeconds: number;
  readonly maxConnectionSeconds: number;
  readonly connections: ConnectionRegistry;
  readonly handlers: {
    readonly authorizer: LambdaHandler;
    readonly connect: LambdaHandler;
    readonly disconnect: LambdaHandler;
    readonly message: LambdaHandler;
  };
}

export interface WebSocketGateway {
  readonly port: number;
  close(): Promise<void>;
}

/** API Gateway's WebSocket message size limit. */
const MAX_MESSAGE_BYTES = 128 * 1024;

interface AuthorizerResult {
  principalId?: string;
  policyDocument?: { Statement?: { Effect?: string }[] };
  context?: Record<string, unknown>;
}

interface ConnectResult {
  statusCode?: number;
  headers?: Record<string, string>;
}

interface RouteResult {
  statusCode?: number;
  body?: string;
}

export async function startWebSocketGateway(options: WebSocketGatewayOptions): Promise<WebSocketGateway> {
  const viewerRequest = loadViewerRequestFunction();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // The subprotocol is whatever `$connect` answered; it was stored on the request before the upgrade.
    handleProtocols: (_offered, request) => (request as UpgradeRequest).chosenProtocol ?? false,
  });
  const { connections, handlers } = options;
  // $disconnect invocations still running; close() waits for them so they never outlive the table.
  const inFlight = new Set<Promise<unknown>>();
  const keep = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const server: Server = createServer((_req, res) => {
    res
      .writeHead(426, { 'content-type': 'text/plain' })
      .end('This endpoint speaks OCPP-J over WebSocket only\n');
  });

  server.on('upgrade', (request: UpgradeRequest, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    handshake(request).then(
      (accepted) => {
        if (!accepted.ok) return refuse(socket, accepted.status);
        wss.handleUpgrade(request, socket, head, (ws) => {
          const connection: GatewayConnection = {
            ...accepted.connection,
            socket: ws,
            lastActiveAt: new Date(),
          };
          connections.set(connection.id, connection);
          track(connection);
        });
      },
      (error) => {
        console.error(`[gateway] handshake failed: ${String(error)}`);
        refuse(socket, 500);
      },
    );
  });

  type Handshake =
    | { ok: true; connection: Omit<GatewayConnection, 'socket' | 'lastActiveAt'> }
    | { ok: false; status: number };

  async function handshake(request: UpgradeRequest): Promise<Handshake> {
    const url = new URL(request.url ?? '/', 'http://gateway');
    const rawHeaders = flatHeaders(request);
    // CloudFront viewer-request function: the same file the stack deploys.
    const cloudFront = viewerRequest({
      method: request.method ?? 'GET',
      uri: url.pathname,
      querystring: Object.fromEntries([...url.searchParams].map(([k, v]) => [k, { value: v }])),
      headers: Object.fromEntries(
        Object.entries(rawHeaders).map(([k, v]) => [k.toLowerCase(), { value: v }]),
      ),
    });
    if ('statusCode' in cloudFront) return { ok: false, status: cloudFront.statusCode };
    const query = Object.fromEntries(Object.entries(cloudFront.querystring).map(([k, v]) => [k, v.value]));
    // CloudFront's origin custom header: without it the authorizer refuses. A request that already carries it
    // came from the TLS front (`tls-front.ts`), which on AWS reaches API Gateway directly; one through CloudFront
    // loses the client-certificate headers, as the deployed origin request policy forwards an allow-list only.
    const fromFront = headerValue(rawHeaders, options.originSecretHeader) === options.originSecret;
    const forwarded = fromFront
      ? rawHeaders
      : Object.fromEntries(
          Object.entries(rawHeaders).filter(
            ([name]) => !name.toLowerCase().startsWith('x-csms-client-cert-'),
          ),
        );
    const headers = { ...forwarded, [options.originSecretHeader]: options.originSecret };

    const input: WebSocketEventInput = {
      connectionId: newConnectionId(),
      routeKey: '$connect',
      connectedAt: new Date(),
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      userAgent: rawHeaders['User-Agent'] ?? rawHeaders['user-agent'] ?? '',
      domainName: request.headers.host ?? options.host,
    };

    let authorized: AuthorizerResult;
    try {
      authorized = await invokeLambda(
        'ocpp-authorizer',
        handlers.authorizer,
        authorizerEvent(input, headers, query),
      );
    } catch (error) {
      // API Gateway's contract: an authorizer that fails with "Unauthorized" means 401; other failures 500.
      return { ok: false, status: (error as Error).message === 'Unauthorized' ? 401 : 500 };
    }
    const allowed = authorized.policyDocument?.Statement?.every((s) => s.Effect === 'Allow') ?? false;
    if (!allowed) return { ok: false, status: 403 };
    const authorizer = { ...authorized.context, principalId: authorized.principalId };

    const connected = await invokeLambda<ConnectResult>(
      'ocpp-connect',
      handlers.connect,
      connectEvent({ ...input, authorizer }, headers, query),
    );
    const status = connected?.statusCode ?? 200;
    if (status < 200 || status >= 300) return { ok: false, status };
    request.chosenProtocol = headerValue(connected?.headers, 'Sec-WebSocket-Protocol');
    return {
      ok: true,
      connection: {
        id: input.connectionId,
        connectedAt: input.connectedAt,
        sourceIp: input.sourceIp,
        userAgent: input.userAgent,
        authorizer,
        headers,
        queryStringParameters: query,
      },
    };
  }

  function track(connection: GatewayConnection): void {
    const ws = connection.socket;
    const eventInput = (routeKey: WebSocketEventInput['routeKey']): WebSocketEventInput => ({
      connectionId: connection.id,
      routeKey,
      connectedAt: connection.connectedAt,
      sourceIp: connection.sourceIp,
      userAgent: connection.userAgent,
      domainName: options.host,
      authorizer: connection.authorizer,
    });

    let idleTimer = setTimeout(onIdle, options.idleTimeoutSeconds * 1000);
    const maxTimer = setTimeout(
      () => ws.close(1001, 'Going away: maximum connection duration'),
      options.maxConnectionSeconds * 1000,
    );
    function onIdle() {
      ws.close(1001, 'Going away: idle timeout');
    }
    const touch = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(onIdle, options.idleTimeoutSeconds * 1000);
    };
    // Frames the management endpoint sends count as activity too.
    const send = ws.send.bind(ws);
    ws.send = ((data: Parameters<typeof send>[0], ...rest: unknown[]) => {
      touch();
      return (send as (...args: unknown[]) => void)(data, ...rest);
    }) as typeof ws.send;

    ws.on('message', (data, isBinary) => {
      connection.lastActiveAt = new Date();
      touch();
      const body = Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.concat(data as Buffer[]).toString('utf8');
      // API Gateway invokes the integration per message, concurrently; so does this.
      keep(
        invokeLambda<RouteResult>(
          'ocpp-default',
          handlers.message,
          messageEvent(eventInput('$default'), body, isBinary),
        )
          .then((result) => {
            // `$default` has a route response (see stacks/Ocpp.ts): a non-empty body goes back on the socket.
            if (result?.body && ws.readyState === ws.OPEN) ws.send(result.body);
          })
          .catch((error) =>
            console.error(`[gateway] $default failed for ${connection.id}: ${String(error)}`),
          ),
      );
    });
    ws.on('close', (code, reason) => {
      clearTimeout(idleTimer);
      clearTimeout(maxTimer);
      connections.delete(connection.id);
      keep(
        invokeLambda(
          'ocpp-disconnect',
          handlers.disconnect,
          disconnectEvent(eventInput('$disconnect'), code, reason.toString()),
        ).catch((error) =>
          console.error(`[gateway] $disconnect failed for ${connection.id}: ${String(error)}`),
        ),
      );
    });
    ws.on('error', (error) => console.error(`[gateway] socket ${connection.id}: ${error.message}`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    port,
    close: async () => {
      // Closing a socket fires $disconnect; wait for every close event, then for the invocations they started
      // (and any $default still running), so nothing outlives the table behind them.
      const closed = [...connections.values()].map(
        ({ socket }) =>
          new Promise<void>((resolve) =>
            socket.readyState === socket.CLOSED ? resolve() : socket.once('close', () => resolve()),
          ),
      );
      for (const connection of connections.values()) connection.socket.terminate();
      await Promise.all(closed);
      wss.close();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type UpgradeRequest = IncomingMessage & { chosenProtocol?: string };

/** API Gateway connection ids look like `L0SM9cOFvHcCIhw=`: opaque, URL-safe enough, unique. */
function newConnectionId(): string {
  return randomBytes(10).toString('base64url');
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    out[name] = out[name] === undefined ? (raw[i + 1] as string) : `${out[name]},${raw[i + 1]}`;
  }
  return out;
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === wanted)?.[1];
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

function refuse(socket: Duplex, status: number): void {
  const reason = REASONS[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
