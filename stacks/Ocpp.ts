import { ORIGIN_SECRET_HEADER } from '@csms/functions/config';
import { CfnRouteResponse } from 'aws-cdk-lib/aws-apigatewayv2';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Function as SstFunction, type StackContext, use, WebSocketApi } from 'sst/constructs';
import { createOcppEdge } from './lib/ocpp-edge.js';
import { type CsmsRuntime, connectToRuntime } from './lib/runtime.js';
import { secretsFunctionProps } from './lib/secrets.js';
import { stateMachineByName } from './lib/state-machines.js';
import { Settings } from './Settings.js';
import { Storage } from './Storage.js';

/**
 * The OCPP-J endpoint: API Gateway WebSocket API (Lambda per route, REQUEST authorizer on $connect) behind a
 * CloudFront distribution that gives chargers the `/ocpp/{tenantId}/{chargePointId}` URL they expect.
 */
export function Ocpp({ app, stack }: StackContext) {
  const { table } = use(Storage);
  const settings = use(Settings);

  // Proves a request came through CloudFront (and its path rewrite), so the raw execute-api URL is useless to
  // an attacker. CloudFront custom header values are plain template values, and CloudFormation resolves only
  // `{{resolve:secretsmanager:...}}` in arbitrary properties (`ssm-secure`, what an SST Config.Secret is, works
  // in a short list of resources that excludes CloudFront), hence a generated Secrets Manager secret, resolved
  // at deploy time into both the CloudFront origin and the authorizer's environment. The value is then visible
  // to whoever may read the distribution or function configuration, which is acceptable for this purpose.
  const originSecret = new Secret(stack, 'OcppOriginSecret', {
    description: `Sent by CloudFront as ${ORIGIN_SECRET_HEADER}; the OCPP authorizer refuses requests without it`,
    generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
  });
  const originSecretValue = originSecret.secretValue.unsafeUnwrap();

  const authorizer = new SstFunction(stack, 'OcppAuthorizer', {
    handler: 'packages/functions/src/ocpp/authorizer.handler',
    environment: { TABLE_NAME: table.tableName, OCPP_ORIGIN_SECRET: originSecretValue },
  });
  // Read-only: the authorizer runs for every unauthenticated connection attempt, so it gets the least power.
  table.cdk.table.grantReadData(authorizer);

  const api = new WebSocketApi(stack, 'OcppApi', {
    authorizer: {
      type: 'lambda',
      name: 'OcppChargePointAuthorizer',
      function: authorizer,
      // API Gateway answers 401 itself, without invoking the authorizer, when one of these is missing. The query
      // parameters are set by the CloudFront path rewrite. WebSocket authorizers have no result cache
      // (AuthorizerResultTtlInSeconds is HTTP-API only), and were one added, its key would be all three values,
      // so one charger's Allow could never be replayed for another.
      identitySource: [
        'route.request.header.Authorization',
        'route.request.querystring.tenantId',
        'route.request.querystring.chargePointId',
      ],
    },
    routes: {
      // No route response on $connect: with a Lambda proxy integration API Gateway copies the
      // Sec-WebSocket-Protocol header of the handler's response into the 101 handshake (AWS "Set up a $connect
      // route that requires a WebSocket subprotocol"), which is how the OCPP version (ocpp1.6, ocpp2.0.1) is
      // chosen. Route responses only matter for sending a Lambda's return value back as a frame.
      $connect: 'packages/functions/src/ocpp/connect.handler',
      $disconnect: 'packages/functions/src/ocpp/disconnect.handler',
      // Every OCPP frame is a JSON array, so the route selection expression ($request.body.action) never
      // matches and everything lands here.
      // It authorizes with payment means (Authorize, StartTransaction) and may place holds: Stripe secrets.
      $default: {
        function: {
          handler: 'packages/functions/src/ocpp/default.handler',
          ...secretsFunctionProps(settings),
        },
      },
    },
  });

  // Two-way $default: the handler's return `body` (the CALLRESULT/CALLERROR answering the charger's CALL) goes
  // straight back on the socket, saving a @connections round trip per message; CSMS-initiated calls still
  // use @connections. The local gateway does the same.
  const defaultRoute = api.getRoute('$default');
  if (!defaultRoute) throw new Error('the $default route is missing');
  new CfnRouteResponse(stack, 'OcppDefaultRouteResponse', {
    apiId: api.cdk.webSocketApi.apiId,
    routeId: defaultRoute.routeId,
    routeResponseKey: '$default',
  });

  const distribution = createOcppEdge(stack, { api, originSecret: originSecretValue });

  const runtime: CsmsRuntime = {
    table,
    ocppApi: api,
    ocppPublicUrl: `wss://${distribution.distributionDomainName}/ocpp`,
    // By name, not by reference: the Workflows stack needs this stack's @connections endpoint, so it comes
    // after it, and the OCPP routes start executions and resume them (see stacks/README.md, "Cycles").
    sessionStateMachine: stateMachineByName(stack, app, 'sessionLifecycle'),
  };
  for (const route of api.routes) {
    const fn = api.getFunction(route);
    if (fn) connectToRuntime(fn, runtime);
  }

  stack.addOutputs({
    OcppUrl: runtime.ocppPublicUrl,
    // For debugging only: connections made here lack the origin secret and are refused by the authorizer.
    OcppOriginUrl: api.url,
  });
  return { runtime, distribution };
}
