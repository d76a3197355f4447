import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { problemResponse } from './problem.ts';
import { createRouter } from './router.ts';
import { chargePointRoutes } from './routes/charge-points.ts';
import { tenantRoutes } from './routes/tenants.ts';

const route = createRouter([...tenantRoutes, ...chargePointRoutes]);

/** The REST API behind API Gateway's HTTP API (`$default` route, payload format 2.0). */
async function api(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await route(event);
  } catch (error) {
    return problemResponse(error);
  }
}

export const handler = middy(api);
