import * as z from 'zod';
import type { Route } from './route.ts';

/**
 * The OpenAPI 3.1 document, generated from the very route table and zod schemas that validate requests, so
 * documentation and behaviour cannot drift. OpenAPI 3.1 schemas are JSON Schema 2020-12, which is what zod
 * emits.
 */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(
        z.object({
          field: z.string().describe('Dotted path of the offending field'),
          message: z.string(),
          in: z.enum(['body', 'query', 'path', 'header']).optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `errors` names each offending field' });

type JsonSchema = Record<string, unknown>;

export function buildOpenApiDocument(routes: readonly Route[], serverUrl?: string): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      reused: 'inline',
    }) as JsonSchema;
    delete json.$schema;
    // Schemas registered with an id (`.meta({ id })`) come back in `$defs`; lift them into components.
    const defs = json.$defs as Record<string, JsonSchema> | undefined;
    if (defs) {
      Object.assign(components, defs);
      delete json.$defs;
    }
    return json;
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: unknown[] = [];
    for (const name of route.path.matchAll(/\{(\w+)\}/g)) {
      parameters.push({ name: name[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    if (route.query) {
      const shape = route.query.shape as Record<string, z.ZodType>;
      for (const [name, schema] of Object.entries(shape)) {
        const optional = schema.safeParse(undefined).success;
        parameters.push({ name, in: 'query', required: !optional, schema: toSchema(schema, 'input') });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      // A JSON schema and other content types may be given together (a `format` query picks one of them).
      const entries: [string, unknown][] = [];
      if (spec.schema) entries.push(['application/json', { schema: toSchema(spec.schema, 'output') }]);
      for (const type of [spec.contentType ?? []].flat()) {
        if (!(type === 'application/json' && spec.schema))
          entries.push([type, { schema: { type: 'string' } }]);
      }
      const content = entries.length ? Object.fromEntries(entries) : undefined;
      responses[status] = { description: spec.description, ...(content ? { content } : {}) };
    }
    responses.default = {
      description: 'Error (problem details)',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    if (route.method === 'POST' && route.roles !== 'public') parameters.push(idempotencyHeader);
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.description ? { description: route.description } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
      security: route.roles === 'public' ? [] : [{ apiKey: [] }],
      'x-roles': route.roles === 'public' ? [] : [...route.roles],
    };
    const item = paths[route.path] ?? {};
    item[route.method.toLowerCase()] = operation;
    paths[route.path] = item;
  }
  toSchema(problemSchema, 'output');

  // zod refers to shared schemas as `#/$defs/<id>`, also from inside other shared schemas; in OpenAPI they
  // live under components, so every reference in the document is rewritten once, at the end.
  return rewriteRefs({
    openapi: '3.1.0',
    info: {
      title: 'CSMS management API',
      version: '1.0.0',
      description:
        'Multi-tenant OCPP Central System. Authenticate with `Authorization: Bearer <apiKey>`. Amounts are integers in ' +
        'minor units of the tenant currency; timestamps are ISO 8601 UTC; lists use cursor pagination (`limit`, ' +
        '`cursor` → `nextCursor`); POSTs accept `Idempotency-Key`; errors are RFC 9457 problem details.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'API key from signup or /v1/api-keys' },
      },
    },
  });
}

function rewriteRefs(document: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(document).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}

const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Retry-safe POSTs: a repeat with the same key and body returns the first answer (kept 24 h)',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};
