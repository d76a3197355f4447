import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { defineHandler } from '../handler.ts';
import { createRouter } from './router.ts';
import { allRoutes } from './routes/index.ts';

const route = createRouter(allRoutes);

/** The REST API behind API Gateway's HTTP API (`$default` route, payload format 2.0). */
export const { create, handler } = defineHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({
  name: 'Api',
  correlationId: (event) => event.requestContext.requestId,
  handle: (event, deps) => route(event, deps),
});
