// The header name the authorizer checks, from the handlers' own config: one definition, no drift.
import { ORIGIN_SECRET_HEADER } from '@csms/functions/config';
import { Duration, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Construct } from 'constructs';
import type { WebSocketApi } from 'sst/constructs';
import { fromRoot } from './paths.js';

/** The CloudFront Function shared with the local gateway, which evaluates the very same file. */
export const OCPP_PATH_REWRITE_FILE = 'packages/functions/src/edge/ocpp-path-rewrite.js';

/**
 * Status codes CloudFront caches by default (10 s) even when the cache policy would not. A refused upgrade must
 * not be replayed to the next attempt: a charger whose password was just provisioned would be locked out.
 */
const NEVER_CACHED_ERRORS = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];

export interface OcppEdgeProps {
  readonly api: WebSocketApi;
  /** The value CloudFront sends in the origin secret header (a CloudFormation dynamic reference). */
  readonly originSecret: string;
}

/**
 * CloudFront in front of the API Gateway WebSocket stage. OCPP-J chargers connect to
 * `wss://host/ocpp/{tenantId}/{chargePointId}` but an execute-api WebSocket URL has no path beyond the stage,
 * so a viewer-request CloudFront Function moves the identity into the query string before the origin sees it.
 */
export function createOcppEdge(scope: Construct, { api, originSecret }: OcppEdgeProps): Distribution {
  const stack = Stack.of(scope);

  const pathRewrite = new CloudFrontFunction(scope, 'OcppPathRewrite', {
    runtime: FunctionRuntime.JS_2_0,
    code: FunctionCode.fromFile({ filePath: fromRoot(OCPP_PATH_REWRITE_FILE) }),
    comment: 'OCPP: /ocpp/{tenantId}/{chargePointId} -> ?tenantId=&chargePointId=',
  });

  // CloudFront forwards Authorization only when the cache policy names it (origin request policies may not),
  // and a policy with every TTL at 0 ("caching disabled") may not name any header, so: TTLs 0/0/1 s. Nothing is
  // cached in practice: a 101 upgrade is never cached and the origin sends no Cache-Control max-age. The query
  // string is in the key too, so even a cached response could only be replayed to the same tenant, charger and
  // credentials.
  const cachePolicy = new CachePolicy(scope, 'OcppCachePolicy', {
    comment: 'OCPP WebSocket: forwards Authorization, effectively no caching',
    minTtl: Duration.seconds(0),
    defaultTtl: Duration.seconds(0),
    maxTtl: Duration.seconds(1),
    headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
    queryStringBehavior: CacheQueryStringBehavior.all(),
    cookieBehavior: CacheCookieBehavior.none(),
    enableAcceptEncodingGzip: false,
    enableAcceptEncodingBrotli: false,
  });

  // The WebSocket handshake headers (CloudFront requires at least Key and Version for WebSockets; Protocol
  // carries the OCPP version negotiation). Host is deliberately NOT forwarded: API Gateway routes on its own
  // execute-api host name and answers 403 to any other.
  const originRequestPolicy = new OriginRequestPolicy(scope, 'OcppOriginRequestPolicy', {
    comment: 'OCPP WebSocket: handshake headers and the rewritten query string',
    headerBehavior: OriginRequestHeaderBehavior.allowList(
      'Sec-WebSocket-Key',
      'Sec-WebSocket-Version',
      'Sec-WebSocket-Protocol',
      'Sec-WebSocket-Extensions',
    ),
    queryStringBehavior: OriginRequestQueryStringBehavior.all(),
    cookieBehavior: OriginRequestCookieBehavior.none(),
  });

  const origin = new HttpOrigin(
    `${api.cdk.webSocketApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
    {
      originPath: `/${api.cdk.webSocketStage.stageName}`,
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      customHeaders: { [ORIGIN_SECRET_HEADER]: originSecret },
    },
  );

  return new Distribution(scope, 'OcppDistribution', {
    comment: `${stack.stackName}: OCPP-J WebSocket endpoint`,
    defaultBehavior: {
      origin,
      // wss:// only: Basic credentials must not cross the wire in clear, so security profile 1 (ws://) is refused.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy,
      originRequestPolicy,
      compress: false,
      functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: pathRewrite }],
    },
    errorResponses: NEVER_CACHED_ERRORS.map((httpStatus) => ({ httpStatus, ttl: Duration.seconds(0) })),
  });
}
