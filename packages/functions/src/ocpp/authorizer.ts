import { timingSafeEqual } from 'node:crypto';
import {
  matchChargerPassword,
  promotePendingPassword,
} from '@csms/app/stations/charge-points/charger-password';
import { chargePointIdSchema, DEFAULT_SECURITY_PROFILE } from '@csms/core';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { ORIGIN_SECRET_HEADER } from '../config.ts';
import type { Deps } from '../deps.ts';
import { defineHandler } from '../handler.ts';
import { Refusal } from '../refusal.ts';
import { parseBasicAuth } from './basic-auth.ts';
import { checkPresentedCertificate, presentedCertificate } from './client-certificate.ts';
import { header } from './event-headers.ts';
import { negotiateSubprotocol } from './subprotocol.ts';

/**
 * REQUEST authorizer on `$connect`, enforcing the charger's OCPP security profile: 1/2 HTTP Basic with the
 * charger's identity and password; 3 a client certificate the tenant's CA issued to it, verified by a TLS front
 * and forwarded as headers (`client-certificate.ts`), with Basic auth refused. Throwing `Unauthorized` is how a Lambda authorizer makes API Gateway answer 401; anything that
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
  const certificate = presentedCertificate(event.headers);
  // Nothing to check: refused before reading the charger, so anonymous handshakes cost no read.
  if (!certificate && (!credentials || credentials.user !== chargePointId))
    throw unauthorized('no-basic-auth-for-charger', who);

  const found = await deps.chargePoints.getChargePoint(tenantId, chargePointId);
  if (!found) throw unauthorized('unknown-charger', who);
  const profile = found.chargePoint.securityProfile ?? DEFAULT_SECURITY_PROFILE;
  if (profile === 3) {
    // Profile 3 authenticates with the certificate only: a password, even the right one, opens nothing.
    if (!certificate) throw unauthorized('profile-3-needs-client-certificate', who);
    const refusal = await checkPresentedCertificate(deps, tenantId, chargePointId, certificate);
    if (refusal) throw unauthorized(refusal, { ...who, serialNumber: certificate.serialNumber });
    if (found.chargePoint.decommissionedAt !== undefined) throw unauthorized('decommissioned', who);
  } else {
    // Profiles 1 and 2 are Basic auth as they always were; certificate headers, if any, change nothing.
    if (!credentials || credentials.user !== chargePointId)
      throw unauthorized('no-basic-auth-for-charger', who);
    // During a password change the pending password opens the connection too (charger-password.ts).
    const match = matchChargerPassword(found.chargePoint, credentials.password);
    if (!match) throw unauthorized('wrong-password', who);
    // A decommissioned charger is refused for good, whatever password it presents.
    if (found.chargePoint.decommissionedAt !== undefined) throw unauthorized('decommissioned', who);
    if (match === 'pending') await promotePendingPassword(deps, found.chargePoint);
  }

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
