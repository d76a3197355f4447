import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tableDefinition } from '@csms/db/table';
import { ORIGIN_SECRET_HEADER } from '@csms/functions/config';
import { taskArnPlaceholder, type WorkflowDefinition, workflows } from '@csms/functions/workflows/catalog';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { type App, Function as SstFunction } from 'sst/constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import config from '../sst.config.js';
import { Api } from '../stacks/Api.js';
import { OCPP_PATH_REWRITE_FILE } from '../stacks/lib/ocpp-edge.js';
import { Ocpp } from '../stacks/Ocpp.js';
import { Storage } from '../stacks/Storage.js';
import { Workflows } from '../stacks/Workflows.js';
import { bundling, getStack, synthesize } from './synth.js';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON; the assertions check its shape.
type Cfn = any;
type Resource = { Type: string; Properties: Cfn };

const root = path.resolve(import.meta.dirname, '..');
const RUNTIME_ENV = ['TABLE_NAME', 'WS_MANAGEMENT_ENDPOINT', 'OCPP_PUBLIC_URL', 'SESSION_STATE_MACHINE_ARN'];

let app: App;
let storage: Template;
let workflowsTemplate: Template;
let ocpp: Template;
let api: Template;
let synthMs: number;

beforeAll(async () => {
  const started = performance.now();
  app = await synthesize((a) => config.stacks(a));
  synthMs = performance.now() - started;
  storage = Template.fromStack(getStack(Storage));
  workflowsTemplate = Template.fromStack(getStack(Workflows));
  ocpp = Template.fromStack(getStack(Ocpp));
  api = Template.fromStack(getStack(Api));
});

/** The single resource of a type in a template (fails if there are zero or several). */
function only(template: Template, type: string, props?: Record<string, unknown>): [string, Resource] {
  const found = Object.entries(template.findResources(type, props ? { Properties: props } : undefined));
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0] as [string, Resource];
}

/** The app's own Lambdas (SST Functions), with their CloudFormation properties and SST metadata. */
function appFunctions() {
  return app.node
    .findAll()
    .filter((c): c is SstFunction => c instanceof SstFunction)
    .map((fn) => {
      const stack = Stack.of(fn);
      const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnFunction);
      const resource = Template.fromStack(stack).toJSON().Resources[logicalId] as Resource;
      return {
        fn,
        logicalId,
        stackName: stack.stackName,
        props: resource.Properties,
        meta: fn.getConstructMetadata().data,
      };
    });
}

function policyStatementsOf(template: Template, roleLogicalId: string): Cfn[] {
  return Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((p) => p.Properties.Roles.some((r: { Ref?: string }) => r.Ref === roleLogicalId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: Cfn[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

it('synthesizes offline', () => {
  // Shown in the test output so slow synthesis (e.g. with CSMS_INFRA_BUNDLE=1) is visible.
  console.info(`synthesis of all stacks: ${Math.round(synthMs)} ms (bundling ${bundling ? 'on' : 'off'})`);
  expect(app.node.children.length).toBeGreaterThan(0);
});

describe('Storage', () => {
  it('creates the single table from the shared definition', () => {
    const { partitionKey, sortKey, ttlAttribute, globalIndexes } = tableDefinition;
    expect([partitionKey, sortKey, ttlAttribute]).toEqual(['pk', 'sk', 'expiresAt']);
    storage.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(globalIndexes.map((i) => i.indexName)).toContain('gsi1');
  });

  it('keeps the table when the stack is removed', () => {
    const [, table] = only(storage, 'AWS::DynamoDB::Table');
    expect((table as Resource & { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
  });

  it('outputs the table name', () => {
    storage.hasOutput('TableName', {});
  });
});

describe('Workflows', () => {
  const catalog: Record<string, WorkflowDefinition> = workflows;

  it('creates one Standard state machine per catalog entry, with the ASL inline', () => {
    const machines = workflowsTemplate.findResources('AWS::StepFunctions::StateMachine') as Record<
      string,
      Resource
    >;
    expect(Object.keys(machines)).toHaveLength(Object.keys(catalog).length);

    for (const { aslFile, tasks } of Object.values(catalog)) {
      const asl = JSON.parse(readFileSync(path.join(root, aslFile), 'utf8'));
      const machine = Object.values(machines).find((m) => {
        const definition = m.Properties.DefinitionString;
        return typeof definition === 'string' && JSON.parse(definition).StartAt === asl.StartAt;
      });
      expect(machine, `state machine for ${aslFile}`).toBeDefined();
      const { DefinitionString, DefinitionSubstitutions, StateMachineType } = machine!.Properties;
      expect(StateMachineType).toBe('STANDARD');
      // Every state of the ASL file is in the deployed definition, unchanged.
      expect(Object.keys(JSON.parse(DefinitionString).States)).toEqual(Object.keys(asl.States));
      expect(JSON.parse(DefinitionString)).toEqual(asl);

      // Each task placeholder is substituted with the ARN of a Lambda of this stack running that task's handler.
      const functions = appFunctions();
      expect(Object.keys(DefinitionSubstitutions ?? {}).sort()).toEqual(
        Object.keys(tasks).map(taskArnPlaceholder).sort(),
      );
      for (const [task, handler] of Object.entries(tasks)) {
        const arn = DefinitionSubstitutions[taskArnPlaceholder(task)];
        const fn = functions.find((f) => f.logicalId === arn['Fn::GetAtt']?.[0]);
        expect(fn?.meta.handler, `Lambda behind ${taskArnPlaceholder(task)}`).toBe(handler);
      }
    }
  });

  it("lets each state machine invoke its tasks' Lambdas", () => {
    const [, machine] = only(workflowsTemplate, 'AWS::StepFunctions::StateMachine');
    const role = machine.Properties.RoleArn['Fn::GetAtt'][0];
    const invoked = policyStatementsOf(workflowsTemplate, role)
      .filter((s) => s.Action === 'lambda:InvokeFunction')
      .flatMap((s) => s.Resource)
      .map((r: Cfn) => r['Fn::GetAtt']?.[0])
      .filter(Boolean);
    const substituted = Object.values(machine.Properties.DefinitionSubstitutions ?? {}).map(
      (arn: Cfn) => arn['Fn::GetAtt'][0],
    );
    expect(new Set(invoked)).toEqual(new Set(substituted));
  });
});

describe('Ocpp', () => {
  it('creates the WebSocket API with $connect, $disconnect and $default', () => {
    only(ocpp, 'AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET' });
    const routes = Object.values(ocpp.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>);
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(['$connect', '$default', '$disconnect']);

    const handlers = Object.fromEntries(
      appFunctions()
        .filter((f) => f.stackName === getStack(Ocpp).stackName)
        .map((f) => [f.meta.handler, f.logicalId]),
    );
    const integrationTarget = (routeKey: string) => {
      const route = routes.find((r) => r.Properties.RouteKey === routeKey)!;
      const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref;
      const integration = ocpp.toJSON().Resources[integrationId] as Resource;
      return JSON.stringify(integration.Properties.IntegrationUri);
    };
    expect(integrationTarget('$connect')).toContain(handlers['packages/functions/src/ocpp/connect.handler']);
    expect(integrationTarget('$disconnect')).toContain(
      handlers['packages/functions/src/ocpp/disconnect.handler'],
    );
    expect(integrationTarget('$default')).toContain(handlers['packages/functions/src/ocpp/default.handler']);
  });

  it('guards $connect with a REQUEST Lambda authorizer keyed on Authorization, tenantId and chargePointId', () => {
    const [authorizerId, authorizer] = only(ocpp, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.AuthorizerType).toBe('REQUEST');
    expect(authorizer.Properties.IdentitySource).toEqual([
      'route.request.header.Authorization',
      'route.request.querystring.tenantId',
      'route.request.querystring.chargePointId',
    ]);
    // No result caching: an Allow for one charger must never be reused for another.
    expect(authorizer.Properties.AuthorizerResultTtlInSeconds ?? 0).toBe(0);

    const authorizerFn = appFunctions().find(
      (f) => f.meta.handler === 'packages/functions/src/ocpp/authorizer.handler',
    );
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(authorizerFn!.logicalId);

    ocpp.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizerId },
    });
    for (const routeKey of ['$disconnect', '$default']) {
      ocpp.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'NONE',
      });
    }
  });

  it('answers charger CALLs through a $default route response (two-way route), not through @connections', () => {
    const [, response] = only(ocpp, 'AWS::ApiGatewayV2::RouteResponse');
    expect(response.Properties.RouteResponseKey).toBe('$default');
    const routes = ocpp.toJSON().Resources as Record<string, Resource>;
    const route = routes[response.Properties.RouteId.Ref as string];
    expect(route?.Properties.RouteKey).toBe('$default');
  });

  it('puts CloudFront in front of the stage, with the path rewrite Function on viewer-request', () => {
    const [functionId, cfFunction] = only(ocpp, 'AWS::CloudFront::Function');
    expect(cfFunction.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(cfFunction.Properties.FunctionCode).toBe(
      readFileSync(path.join(root, OCPP_PATH_REWRITE_FILE), 'utf8'),
    );

    const [, distribution] = only(ocpp, 'AWS::CloudFront::Distribution');
    const { DefaultCacheBehavior: behavior, Origins: origins } = distribution.Properties.DistributionConfig;
    expect(behavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
    expect(behavior.ViewerProtocolPolicy).toBe('https-only');

    // Origin: the execute-api domain of this WebSocket API, with the stage as origin path.
    const [apiId] = only(ocpp, 'AWS::ApiGatewayV2::Api');
    const [, stage] = only(ocpp, 'AWS::ApiGatewayV2::Stage');
    expect(origins).toHaveLength(1);
    expect(origins[0].OriginPath).toBe(`/${stage.Properties.StageName}`);
    expect(origins[0].DomainName).toEqual({
      'Fn::Join': ['', [{ Ref: apiId }, '.execute-api.us-east-1.', { Ref: 'AWS::URLSuffix' }]],
    });
    expect(origins[0].CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  });

  it('forwards Authorization through the cache policy, without caching', () => {
    const [, distribution] = only(ocpp, 'AWS::CloudFront::Distribution');
    const behavior = distribution.Properties.DistributionConfig.DefaultCacheBehavior;
    const cachePolicy = ocpp.toJSON().Resources[behavior.CachePolicyId.Ref] as Resource;
    const {
      DefaultTTL,
      MinTTL,
      MaxTTL,
      ParametersInCacheKeyAndForwardedToOrigin: key,
    } = cachePolicy.Properties.CachePolicyConfig;
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: ['Authorization'] });
    expect(key.QueryStringsConfig.QueryStringBehavior).toBe('all');
    // All-zero TTLs would make CloudFront reject the header list ("caching disabled"), hence max 1 s.
    expect([MinTTL, DefaultTTL, MaxTTL]).toEqual([0, 0, 1]);
    // Refused upgrades are not cached either.
    for (const error of distribution.Properties.DistributionConfig.CustomErrorResponses) {
      expect(error.ErrorCachingMinTTL).toBe(0);
    }
  });

  it('forwards the WebSocket handshake headers and the query string, never Host', () => {
    const [, distribution] = only(ocpp, 'AWS::CloudFront::Distribution');
    const behavior = distribution.Properties.DistributionConfig.DefaultCacheBehavior;
    const policy = ocpp.toJSON().Resources[behavior.OriginRequestPolicyId.Ref] as Resource;
    const { HeadersConfig, QueryStringsConfig } = policy.Properties.OriginRequestPolicyConfig;
    expect(HeadersConfig.HeaderBehavior).toBe('whitelist');
    expect(HeadersConfig.Headers).toEqual(
      expect.arrayContaining([
        'Sec-WebSocket-Key',
        'Sec-WebSocket-Version',
        'Sec-WebSocket-Protocol',
        'Sec-WebSocket-Extensions',
      ]),
    );
    expect(HeadersConfig.Headers.map((h: string) => h.toLowerCase())).not.toContain('host');
    expect(QueryStringsConfig.QueryStringBehavior).toBe('all');
  });

  it('sends the origin secret header from a generated secret, and gives the authorizer the same value', () => {
    const [secretId, secret] = only(ocpp, 'AWS::SecretsManager::Secret');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ ExcludePunctuation: true });

    const [, distribution] = only(ocpp, 'AWS::CloudFront::Distribution');
    const [origin] = distribution.Properties.DistributionConfig.Origins;
    const header = origin.OriginCustomHeaders.find(
      (h: { HeaderName: string }) => h.HeaderName === ORIGIN_SECRET_HEADER,
    );
    expect(header).toBeDefined();
    expect(JSON.stringify(header.HeaderValue)).toContain('{{resolve:secretsmanager:');
    expect(JSON.stringify(header.HeaderValue)).toContain(JSON.stringify({ Ref: secretId }));

    const authorizerFn = appFunctions().find(
      (f) => f.meta.handler === 'packages/functions/src/ocpp/authorizer.handler',
    );
    expect(authorizerFn!.props.Environment.Variables.OCPP_ORIGIN_SECRET).toEqual(header.HeaderValue);
  });

  it('gives the authorizer read-only table access', () => {
    const authorizerFn = appFunctions().find(
      (f) => f.meta.handler === 'packages/functions/src/ocpp/authorizer.handler',
    );
    const actions = actionsOf(policyStatementsOf(ocpp, authorizerFn!.props.Role['Fn::GetAtt'][0]));
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(authorizerFn!.props.Environment.Variables.TABLE_NAME).toBeDefined();
  });

  it('outputs the public OCPP URL (wss://<distribution>/ocpp)', () => {
    const [distributionId] = only(ocpp, 'AWS::CloudFront::Distribution');
    ocpp.hasOutput('OcppUrl', {
      Value: { 'Fn::Join': ['', ['wss://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/ocpp']] },
    });
  });
});

describe('Api', () => {
  it('creates the HTTP API with one catch-all route to the API handler', () => {
    only(api, 'AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const [, route] = only(api, 'AWS::ApiGatewayV2::Route');
    expect(route.Properties.RouteKey).toBe('$default');
    expect(appFunctions().some((f) => f.meta.handler === 'packages/functions/src/http/api.handler')).toBe(
      true,
    );
  });

  it('outputs the HTTP API URL', () => {
    api.hasOutput('HttpApiUrl', {});
  });
});

describe('every Lambda of the app', () => {
  it('runs nodejs22.x on arm64, ESM, from a handler file that exists', () => {
    const functions = appFunctions();
    expect(functions.length).toBeGreaterThanOrEqual(5);
    for (const { meta, props } of functions) {
      expect(props.Runtime, meta.handler).toBe('nodejs22.x');
      expect(meta.runtime, meta.handler).toBe('nodejs22.x'); // what SST builds for (deploy mode)
      expect(props.Architectures, meta.handler).toEqual(['arm64']);
      const [file] = meta.handler!.split('.');
      expect(
        ['.ts', '.js'].some((ext) => existsSync(path.join(root, `${file}${ext}`))),
        `handler file for ${meta.handler}`,
      ).toBe(true);
      expect(props.Environment.Variables.TABLE_NAME, meta.handler).toBeDefined();
    }
    // SST's esbuild format; checked on the props SST hands to its builder, since the bundle may be skipped.
    for (const { fn } of functions) {
      expect((fn as unknown as { props: { nodejs?: { format?: string } } }).props.nodejs?.format).toBe('esm');
    }
  });

  it('gives the OCPP routes and the HTTP API the runtime environment and permissions', () => {
    const routeHandlers = [
      'packages/functions/src/ocpp/connect.handler',
      'packages/functions/src/ocpp/disconnect.handler',
      'packages/functions/src/ocpp/default.handler',
      'packages/functions/src/http/api.handler',
    ];
    for (const handler of routeHandlers) {
      const fn = appFunctions().find((f) => f.meta.handler === handler);
      expect(fn, handler).toBeDefined();
      for (const name of RUNTIME_ENV)
        expect(fn!.props.Environment.Variables[name], `${handler} ${name}`).toBeDefined();
      expect(JSON.stringify(fn!.props.Environment.Variables.OCPP_PUBLIC_URL)).toMatch(/wss:\/\/.*\/ocpp/);
      expect(JSON.stringify(fn!.props.Environment.Variables.WS_MANAGEMENT_ENDPOINT)).toMatch(
        /https:\/\/.*execute-api/,
      );

      const template = handler.includes('/http/') ? api : ocpp;
      const actions = actionsOf(policyStatementsOf(template, fn!.props.Role['Fn::GetAtt'][0]));
      expect(actions, handler).toEqual(
        expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'execute-api:ManageConnections',
          'states:StartExecution',
          'states:SendTaskSuccess',
          'states:SendTaskFailure',
        ]),
      );
    }
  });
});
