import { timingSafeEqual } from 'node:crypto';
import {
  matchChargerPassword,
  promotePendingPassword,
} from '@csms/app/stations/charge-points/charger-password';
import { chargePointIdSchema } from '@csms/core';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { ORIGIN_SECRET_HEADER } from '../config.ts';
import type { Deps } from '../deps.ts';
import { defineHandler } from '../handler.ts';
import { Refusal } from '../refusal.ts';
import { parseBasicAuth } from './basic-auth.ts';
import { header } from './event-headers.ts';
import { negotiateSubprotocol } from './subprotocol.ts';

/**
 * REQUEST authorizer on `$connect` (OCPP security profile 1/2: HTTP Basic with the charger's identity and
 * password). Throwing `Unauthorized` is how a Lambda authorizer makes API Gateway answer 401; anything that
 * is not this charger with this password gets exactly that, without saying which part was wrong.
 */
const unauthorized = (reason: string, details: Record<string, unknown> = {}): Error =>
  new Refusal('Unauthorized', reason, details);

async function authorize(
  event: APIGatewayRequestAuthorizerEvent,
  deps: Deps,
): Promise<APIGatewayAuthorizerResult> {
  const originSecret = deps.settings.ocppOriginSecret ?? '';
  if (!originSecretMatches(originSecret, header(event.headers, ORIGIN_SECRET_HEADER)))
    throw unauthorized('origin-secret');

  const tenantId = event.queryStringParameters?.tenantId;
  const chargePointId = event.queryStringParameters?.chargePointId;
  if (!tenantId || !chargePointId || !chargePointIdSchema.safeParse(chargePointId).success)
    throw unauthorized('bad-charger-identity');
  const who = { tenantId, chargePointId, sourceIp: event.requestContext.identity?.sourceIp };

  const credentials = parseBasicAuth(header(event.headers, 'Authorization'));
  if (!credentials || credentials.user !== chargePointId)
    throw unauthorized('no-basic-auth-for-charger', who);

  const found = await deps.chargePoints.getChargePoint(tenantId, chargePointId);
  if (!found) throw unauthorized('unknown-charger', who);
  // During a password change the pending password opens the connection too (charger-password.ts).
  const match = matchChargerPassword(found.chargePoint, credentials.password);
  if (!match) throw unauthorized('wrong-password', who);
  // A decommissioned charger is refused for good, whatever password it presents.
  if (found.chargePoint.decommissionedAt !== undefined) throw unauthorized('decommissioned', who);
  if (match === 'pending') await promotePendingPassword(deps, found.chargePoint);

  return {
    principalId: `${tenantId}/${chargePointId}`,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
    },
    // Handed by API Gateway to $connect, $default and $disconnect of this connection.
    context: {
      tenantId,
      chargePointId,
      ocppVersion: negotiateSubprotocol(header(event.headers, 'Sec-WebSocket-Protocol')) ?? '',
    },
  };
}

function originSecretMatches(secret: string, presented: string | undefined): boolean {
  if (!presented || !secret) return false;
  const expected = Buffer.from(secret);
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export const { create, handler } = defineHandler<
  APIGatewayRequestAuthorizerEvent,
  APIGatewayAuthorizerResult
>({
  name: 'OcppAuthorizer',
  correlationId: (event) => event.requestContext.requestId,
  handle: authorize,
});
