import { createHash } from 'node:crypto';
import { ForbiddenError, MethodNotAllowedError, NotFoundError, ValidationError } from '@csms/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Deps } from '../deps.ts';
import { type ApiPrincipal, authenticate } from './authenticate.ts';
import { problem, problemResponse } from './problem.ts';
import { jsonBody, parseWith } from './request.ts';
import type { Route, RouteResponse } from './route.ts';

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/**
 * Routing happens in the function, behind one `$default` HTTP API route, so the same table serves AWS and the
 * local server and feeds the OpenAPI document. Order of checks: route → API key → role → path/query/body
 * validation → idempotency → handler. Every failure is a problem+json response.
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

  function match(method: string, path: string): { route: Route; params: Record<string, string> } {
    const allowed: string[] = [];
    for (const { route, pattern, names } of compiled) {
      const found = pattern.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = safeDecode(found[i + 1] ?? '', name);
      });
      return { route, params };
    }
    if (allowed.length > 0) throw new MethodNotAllowedError(method, allowed);
    throw new NotFoundError(`Route ${method} ${path}`);
  }

  return async function dispatch(
    event: APIGatewayProxyEventV2,
    deps: Deps,
  ): Promise<APIGatewayProxyStructuredResultV2> {
    try {
      const method = event.requestContext.http.method.toUpperCase();
      const { route, params } = match(method, event.rawPath);
      let principal: ApiPrincipal | undefined;
      if (route.roles !== 'public') {
        principal = await authenticate(deps, event.headers.authorization);
        if (!route.roles.includes(principal.role)) {
          throw new ForbiddenError(
            `An API key with role "${principal.role}" may not ${route.summary.toLowerCase()}`,
          );
        }
      }
      const query = route.query ? parseWith(route.query, event.queryStringParameters ?? {}, 'query') : {};
      const body = route.body ? parseWith(route.body, jsonBody(event)) : undefined;
      const input = { params, query, body, event, principal, deps };

      const idempotencyKey = event.headers['idempotency-key'];
      if (method === 'POST' && principal && idempotencyKey !== undefined) {
        return await idempotent(deps, principal.tenantId, idempotencyKey, event, () => route.handle(input));
      }
      return toHttp(await route.handle(input));
    } catch (error) {
      return problemResponse(error, deps.log);
    }
  };
}

async function idempotent(
  deps: Pick<Deps, 'idempotency' | 'clock' | 'log'>,
  tenantId: string,
  key: string,
  event: APIGatewayProxyEventV2,
  run: () => Promise<RouteResponse>,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (key.length < 1 || key.length > 255) {
    throw new ValidationError([
      { field: 'Idempotency-Key', in: 'header', message: 'Must be 1–255 characters' },
    ]);
  }
  const fingerprint = requestFingerprint('POST', event.rawPath, event.body);
  const claim = await deps.idempotency.claimIdempotencyKey(tenantId, key, fingerprint, deps.clock.now());
  switch (claim.state) {
    case 'mismatch':
      return problem(
        422,
        'Idempotency key reused',
        'This Idempotency-Key was used with a different request',
        {
          errors: [{ field: 'Idempotency-Key', in: 'header', message: 'Reused with a different request' }],
        },
      );
    case 'in-progress':
      return problem(
        409,
        'Request in progress',
        'A request with this Idempotency-Key is still being processed',
      );
    case 'replay': {
      const { status, body, contentType } = claim.response;
      return {
        statusCode: status,
        headers: { 'content-type': contentType ?? 'application/json', 'idempotent-replayed': 'true' },
        ...(body === undefined ? {} : { body }),
      };
    }
    case 'claimed':
      break;
  }
  let result: APIGatewayProxyStructuredResultV2;
  try {
    result = toHttp(await run());
  } catch (error) {
    result = problemResponse(error, deps.log);
  }
  const status = result.statusCode ?? 200;
  if (status >= 500) {
    await deps.idempotency.releaseIdempotencyKey(tenantId, key);
  } else {
    const contentType = (result.headers?.['content-type'] as string | undefined) ?? 'application/json';
    await deps.idempotency.completeIdempotencyKey(
      tenantId,
      key,
      fingerprint,
      { status, body: result.body, contentType },
      deps.clock.now(),
    );
  }
  return result;
}

export function toHttp(response: RouteResponse): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined) return { statusCode: response.status, headers };
  if (response.contentType) {
    headers['content-type'] = response.contentType;
    // Binary bodies (PDF, zip) travel base64-encoded, as API Gateway's payload format 2.0 requires.
    if (response.body instanceof Uint8Array) {
      const body = Buffer.from(response.body).toString('base64');
      return { statusCode: response.status, headers, body, isBase64Encoded: true };
    }
    return { statusCode: response.status, headers, body: String(response.body) };
  }
  headers['content-type'] = 'application/json';
  return { statusCode: response.status, headers, body: JSON.stringify(response.body) };
}

function safeDecode(value: string, name: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ValidationError([{ field: name, in: 'path', message: 'Malformed percent-encoding' }]);
  }
}

/** A retry must be the same request: same method, path and body bytes. */
function requestFingerprint(method: string, path: string, body: string | undefined): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${body ?? ''}`)
    .digest('base64url');
}
