import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBody } from '../read-body.ts';
import type { ConnectionRegistry } from './connections.ts';

/**
 * The WebSocket API's management endpoint (`POST/GET/DELETE /@connections/{id}`), which
 * `@aws-sdk/client-apigatewaymanagementapi` talks to. Errors carry `x-amzn-ErrorType` like API Gateway's, so
 * the SDK raises the same exception classes (`GoneException` for a connection that is no longer there).
 */
export interface ManagementEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

/** API Gateway's limit for a message posted to a connection. */
const MAX_POST_BYTES = 128 * 1024;

export async function startManagementEndpoint(options: {
  host: string;
  port: number;
  connections: ConnectionRegistry;
}): Promise<ManagementEndpoint> {
  const { connections } = options;
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error(`[management] ${String(error)}`);
      if (!res.headersSent) fail(res, 500, 'InternalServerErrorException', 'Internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The SDK puts the stage in the endpoint URL on AWS (…/prod/@connections/id); accept any prefix.
    const match = /\/@connections\/([^/?]+)$/.exec(new URL(req.url ?? '/', 'http://local').pathname);
    if (!match?.[1]) return fail(res, 404, 'NotFoundException', 'Not found');
    const connection = connections.get(decodeURIComponent(match[1]));
    const body = await readBody(req);
    if (!connection) return fail(res, 410, 'GoneException', 'Connection is gone');

    switch (req.method) {
      case 'POST': {
        if (body.length > MAX_POST_BYTES)
          return fail(res, 413, 'PayloadTooLargeException', 'Message too large');
        await new Promise<void>((resolve, reject) =>
          connection.socket.send(body.toString('utf8'), (error) => (error ? reject(error) : resolve())),
        );
        res.writeHead(200).end();
        return;
      }
      case 'GET': {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            connectedAt: connection.connectedAt.toISOString(),
            lastActiveAt: connection.lastActiveAt.toISOString(),
            identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
          }),
        );
        return;
      }
      case 'DELETE': {
        connection.socket.close(1000, 'Closed by the CSMS');
        res.writeHead(204).end();
        return;
      }
      default:
        return fail(res, 405, 'MethodNotAllowedException', `Method ${req.method} not allowed`);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function fail(res: ServerResponse, status: number, type: string, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json', 'x-amzn-ErrorType': type })
    .end(JSON.stringify({ message }));
}
