import { buildOpenApiDocument } from '../openapi.ts';
import { publicRoute, type Route } from '../route.ts';
import { renderDocsPage } from './docs-page.ts';

/** The API describes itself: the OpenAPI document and a readable page generated from it. */
export function metaRoutes(allRoutes: () => readonly Route[]): Route[] {
  const document = () => buildOpenApiDocument(allRoutes());
  return [
    publicRoute({
      method: 'GET',
      path: '/v1/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'Get the OpenAPI 3.1 document',
      tag: 'Meta',
      responses: { 200: { description: 'OpenAPI 3.1 document of this API' } },
      roles: 'public',
      handle: async () => ({ status: 200, body: document() }),
    }),
    publicRoute({
      method: 'GET',
      path: '/v1/docs',
      operationId: 'getApiDocs',
      summary: 'Read the API documentation',
      tag: 'Meta',
      responses: { 200: { description: 'Human-readable API reference', contentType: 'text/html' } },
      roles: 'public',
      handle: async () => ({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: renderDocsPage(document()),
      }),
    }),
  ];
}
