import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { invokeLambda, type LambdaHandler } from './lambda-invoke.ts';
import { readBody } from './read-body.ts';

/**
 * Local stand-in for API Gateway's HTTP API with one `$default` route: each request becomes a payload-2.0
 * event for the same handler the stack deploys, and its structured result becomes the HTTP response.
 */
export interface HttpApi {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttpApi(options: {
  host: string;
  port: number;
  handler: LambdaHandler;
}): Promise<HttpApi> {
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const result = await invokeLambda<APIGatewayProxyStructuredResultV2>(
        'http-api',
        options.handler,
        toEvent(req, body),
      );
      res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string> | undefined);
      res.end(
        result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''),
      );
    } catch (error) {
      // API Gateway answers an integration failure with a bare 500; so does this.
      console.error(`[http-api] ${String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal Server Error' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function toEvent(req: IncomingMessage, body: Buffer) {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const now = new Date();
  const method = req.method ?? 'GET';
  const isText =
    body.length === 0 || /json|text|xml|form/.test(headers['content-type'] ?? 'application/json');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}
