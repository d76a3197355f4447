import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createRouter } from './router.ts';
import { allRoutes } from './routes/index.ts';

const route = createRouter(allRoutes);

/** The REST API behind API Gateway's HTTP API (`$default` route, payload format 2.0). */
async function api(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return route(event);
}

export const handler = middy(api);
