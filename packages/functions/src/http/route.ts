import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import type { Deps } from '../deps.ts';
import type { ApiPrincipal } from './authenticate.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `'/v1/customers/{id}/tokens/{idTag}'` → `'id' | 'idTag'`: path parameters are typed from the path itself. */
export type PathParams<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParams<Rest>
  : never;

// biome-ignore lint/suspicious/noExplicitAny: the widest zod object, for generic constraints only.
export type AnyZodObject = z.ZodObject<any>;

export interface RouteResponse {
  readonly status: number;
  /** JSON-serialised unless `contentType` says otherwise (then a string, or bytes for binary content). */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ResponseSpec {
  readonly description: string;
  /** Shape of the JSON body, for the OpenAPI document. */
  readonly schema?: z.ZodType;
  /** Non-JSON responses (HTML, CSV, XML, PDF); several when a query parameter picks the format. */
  readonly contentType?: string | readonly string[];
}

export interface RouteInput<
  Path extends string,
  Query extends AnyZodObject | undefined,
  Body extends z.ZodType | undefined,
> {
  readonly params: Readonly<Record<PathParams<Path>, string>>;
  readonly query: Query extends AnyZodObject ? z.output<Query> : Record<string, never>;
  readonly body: Body extends z.ZodType ? z.output<Body> : undefined;
  readonly event: APIGatewayProxyEventV2;
  /** The use cases' dependencies, with a logger carrying this request's correlation id. */
  readonly deps: Deps;
}

interface RouteSpecBase<
  Path extends string,
  Query extends AnyZodObject | undefined,
  Body extends z.ZodType | undefined,
> {
  readonly method: HttpMethod;
  readonly path: Path;
  /** Stable name of the operation in the OpenAPI document. */
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly description?: string;
  readonly query?: Query;
  readonly body?: Body;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

export interface AuthenticatedRouteSpec<
  Path extends string,
  Query extends AnyZodObject | undefined,
  Body extends z.ZodType | undefined,
> extends RouteSpecBase<Path, Query, Body> {
  /** API key roles allowed to call this route (see `roles.ts`). */
  readonly roles: readonly string[];
  readonly handle: (
    input: RouteInput<Path, Query, Body> & { readonly principal: ApiPrincipal },
  ) => Promise<RouteResponse>;
}

export interface PublicRouteSpec<
  Path extends string,
  Query extends AnyZodObject | undefined,
  Body extends z.ZodType | undefined,
> extends RouteSpecBase<Path, Query, Body> {
  readonly roles: 'public';
  readonly handle: (input: RouteInput<Path, Query, Body>) => Promise<RouteResponse>;
}

/** A route as the router and the OpenAPI generator see it, with its types erased. */
export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly description?: string;
  readonly query?: AnyZodObject;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  readonly roles: 'public' | readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: erased at registration; each spec is checked where it is written.
  readonly handle: (input: any) => Promise<RouteResponse>;
}

/** Declares an API-key route. The spec's schemas validate the request and document it in OpenAPI. */
export function route<
  const Path extends string,
  Query extends AnyZodObject | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
>(spec: AuthenticatedRouteSpec<Path, Query, Body>): Route {
  return spec as Route;
}

/** Declares a route anyone may call (signup, the OpenAPI document). */
export function publicRoute<
  const Path extends string,
  Query extends AnyZodObject | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
>(spec: PublicRouteSpec<Path, Query, Body>): Route {
  return spec as Route;
}

export const ok = (body: unknown): RouteResponse => ({ status: 200, body });
export const created = (body: unknown): RouteResponse => ({ status: 201, body });
export const noContent = (): RouteResponse => ({ status: 204 });
