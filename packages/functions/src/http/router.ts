import { NotFoundError } from '@csms/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ApiPrincipal, authenticate } from './authenticate.ts';

export interface RouteRequest {
  readonly event: APIGatewayProxyEventV2;
  readonly params: Readonly<Record<string, string>>;
}

export interface AuthenticatedRequest extends RouteRequest {
  readonly principal: ApiPrincipal;
}

export type Route =
  | {
      readonly method: string;
      readonly path: string;
      readonly public: true;
      readonly handle: (request: RouteRequest) => Promise<APIGatewayProxyStructuredResultV2>;
    }
  | {
      readonly method: string;
      readonly path: string;
      readonly public?: false;
      readonly handle: (request: AuthenticatedRequest) => Promise<APIGatewayProxyStructuredResultV2>;
    };

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: string[];
}

/**
 * Routing happens in the function, behind one `$default` HTTP API route, so the same table serves AWS and
 * the local server. Paths use `{name}` placeholders for one segment each.
 */
export function createRouter(routes: readonly Route[]) {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { route, names, pattern: new RegExp(`^${source}/?$`) };
  });

  return async function dispatch(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath;
    for (const { route, pattern, names } of compiled) {
      const match = pattern.exec(path);
      if (!match) continue;
      if (route.method !== method) continue;
      const params = Object.fromEntries(
        names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      );
      if (route.public) return route.handle({ event, params });
      const principal = await authenticate(event.headers.authorization);
      return route.handle({ event, params, principal });
    }
    throw new NotFoundError(`Route ${method} ${path}`);
  };
}

export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
