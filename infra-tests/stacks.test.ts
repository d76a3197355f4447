import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tableDefinition } from '@csms/db';
import { ORIGIN_SECRET_HEADER } from '@csms/functions/config';
import { taskArnPlaceholder, type WorkflowDefinition, workflows } from '@csms/functions/workflows/catalog';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { type App, Function as SstFunction } from 'sst/constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import config from '../sst.config.js';
import { Api } from '../stacks/Api.js';
import { BILLING_JOBS_HANDLER, BILLING_JOBS_SCHEDULE, Billing } from '../stacks/Billing.js';
import { OCPP_PATH_REWRITE_FILE } from '../stacks/lib/ocpp-edge.js';
import { RUNTIME_SECRETS, SECRETS_LOADER_BODY } from '../stacks/lib/secrets.js';
import { Ocpp } from '../stacks/Ocpp.js';
import { Settings } from '../stacks/Settings.js';
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
let billing: Template;
let synthMs: number;

beforeAll(async () => {
  const started = performance.now();
  app = await synthesize((a) => config.stacks(a));
  synthMs = performance.now() - started;
  storage = Template.fromStack(getStack(Storage));
  workflowsTemplate = Template.fromStack(getStack(Workflows));
  ocpp = Template.fromStack(getStack(Ocpp));
  api = Template.fromStack(getStack(Api));
  billing = Template.fromStack(getStack(Billing));
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

// ---------------------------------------------------------------------------------------------------------
// Workflow tasks, billing job, exports bucket, secrets, and the absence of dependency cycles.

const TASK_HANDLERS = Object.values(workflows.sessionLifecycle.tasks) as string[];
const PAYMENT_HANDLERS = [
  'packages/functions/src/http/api.handler',
  'packages/functions/src/ocpp/default.handler',
  BILLING_JOBS_HANDLER,
  ...TASK_HANDLERS,
];

const templateOf = (stackName: string): Template => {
  const stack = [Storage, Ocpp, Workflows, Billing, Api, Settings]
    .map((s) => getStack(s))
    .find((s) => s.stackName === stackName);
  return Template.fromStack(stack!);
};
const functionFor = (handler: string) => {
  const fn = appFunctions().find((f) => f.meta.handler === handler);
  expect(fn, handler).toBeDefined();
  return fn!;
};
const statementsOfFunction = (fn: ReturnType<typeof functionFor>): Cfn[] =>
  policyStatementsOf(templateOf(fn.stackName), fn.props.Role['Fn::GetAtt'][0]);
const resourcesFor = (statements: Cfn[], action: string): string[] =>
  statements
    .filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
    .map((r) => JSON.stringify(r));

describe('session state machine name and ARN (no reference cycle)', () => {
  const machineName = () => {
    const [, machine] = only(workflowsTemplate, 'AWS::StepFunctions::StateMachine');
    return machine.Properties.StateMachineName as string;
  };

  it('has an explicit, deterministic name', () => {
    expect(machineName()).toBe('test-csms-session-lifecycle');
  });

  it('is addressed by that name by the OCPP routes (start executions, answer task tokens)', () => {
    for (const handler of [
      'packages/functions/src/ocpp/default.handler',
      'packages/functions/src/ocpp/connect.handler',
      'packages/functions/src/ocpp/disconnect.handler',
    ]) {
      const fn = functionFor(handler);
      const arn = JSON.stringify(fn.props.Environment.Variables.SESSION_STATE_MACHINE_ARN);
      expect(arn, handler).toContain(`:states:us-east-1:`);
      expect(arn, handler).toContain(`:stateMachine:${machineName()}`);
      const statements = statementsOfFunction(fn);
      expect(resourcesFor(statements, 'states:StartExecution'), handler).toEqual([arn]);
      expect(resourcesFor(statements, 'states:SendTaskSuccess'), handler).toEqual([arn]);
    }
  });

  it('gives the HTTP API the same state machine, by reference (it is deployed after Workflows)', () => {
    const fn = functionFor('packages/functions/src/http/api.handler');
    expect(JSON.stringify(fn.props.Environment.Variables.SESSION_STATE_MACHINE_ARN)).toContain(
      'Fn::ImportValue',
    );
  });
});

describe('workflow tasks', () => {
  it('get TABLE_NAME, the @connections endpoint, and no exports bucket', () => {
    for (const handler of TASK_HANDLERS) {
      const variables = functionFor(handler).props.Environment.Variables;
      expect(variables.TABLE_NAME, handler).toBeDefined();
      expect(JSON.stringify(variables.WS_MANAGEMENT_ENDPOINT), handler).toMatch(/https:\/\/.*execute-api/);
      expect(variables.EXPORTS_BUCKET, handler).toBeUndefined();
    }
  });

  it('may use the table, push to chargers, and answer task tokens of their own state machine only', () => {
    const [machineId, machine] = only(workflowsTemplate, 'AWS::StepFunctions::StateMachine');
    const name = machine.Properties.StateMachineName as string;
    for (const handler of TASK_HANDLERS) {
      const statements = statementsOfFunction(functionFor(handler));
      expect(actionsOf(statements), handler).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'execute-api:ManageConnections']),
      );
      const taskResponse = resourcesFor(statements, 'states:SendTaskSuccess');
      expect(taskResponse, handler).toHaveLength(1);
      expect(taskResponse[0], handler).toContain(`:stateMachine:${name}`);
      // By name: a Ref/GetAtt to the state machine would be a cycle (its definition references the tasks).
      expect(taskResponse[0], handler).not.toContain(`"${machineId}"`);
      expect(actionsOf(statements), handler).not.toContain('states:StartExecution');
    }
  });
});

describe('Billing', () => {
  it('runs the billing handler daily from an EventBridge schedule', () => {
    const [, rule] = only(billing, 'AWS::Events::Rule');
    expect(rule.Properties.ScheduleExpression).toBe(BILLING_JOBS_SCHEDULE);
    expect(rule.Properties.State).toBe('ENABLED');
    const fn = functionFor(BILLING_JOBS_HANDLER);
    expect(rule.Properties.Targets).toHaveLength(1);
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [fn.logicalId, 'Arn'] });
    billing.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fn.logicalId, 'Arn'] },
    });
  });

  it('gives the job the table (read/write)', () => {
    const fn = functionFor(BILLING_JOBS_HANDLER);
    expect(fn.props.Environment.Variables.TABLE_NAME).toBeDefined();
    expect(actionsOf(statementsOfFunction(fn))).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]),
    );
  });
});

describe('exports bucket', () => {
  it('is encrypted, private, TLS-only and kept on removal', () => {
    const [bucketId, bucket] = only(storage, 'AWS::S3::Bucket');
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect((bucket as Resource & { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    const [, policy] = only(storage, 'AWS::S3::BucketPolicy');
    expect(policy.Properties.Bucket).toEqual({ Ref: bucketId });
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    );
  });

  it('is EXPORTS_BUCKET of the HTTP API, which may read and write it', () => {
    const [bucketId] = only(storage, 'AWS::S3::Bucket');
    const fn = functionFor('packages/functions/src/http/api.handler');
    const exported = JSON.stringify(fn.props.Environment.Variables.EXPORTS_BUCKET);
    expect(exported).toContain('Fn::ImportValue');
    const output = Object.values(storage.toJSON().Outputs as Record<string, Cfn>).find(
      (o) => JSON.stringify(o.Value) === JSON.stringify({ Ref: bucketId }) && o.Export,
    );
    expect(output, 'an export of the bucket name').toBeDefined();
    expect(exported).toContain(JSON.stringify(output.Export.Name).slice(1, -1));
    expect(actionsOf(statementsOfFunction(fn))).toEqual(
      expect.arrayContaining(['s3:GetObject*', 's3:PutObject']),
    );
  });
});

describe('secrets and settings', () => {
  it('binds the Stripe secrets (no value in the template) to exactly the functions that use payments', () => {
    for (const { meta, props, fn } of appFunctions()) {
      const uses = PAYMENT_HANDLERS.includes(meta.handler!);
      for (const name of RUNTIME_SECRETS) {
        expect(props.Environment.Variables[`SST_Secret_value_${name}`], `${meta.handler} ${name}`).toBe(
          uses ? '__FETCH_FROM_SSM__' : undefined,
        );
      }
      const banner = (fn as unknown as { props: { nodejs?: { banner?: string; format?: string } } }).props
        .nodejs;
      expect(banner?.banner?.includes(SECRETS_LOADER_BODY) ?? false, meta.handler).toBe(uses);
      if (uses) {
        const ssm = resourcesFor(statementsOfFunction(functionFor(meta.handler!)), 'ssm:GetParameters');
        for (const name of RUNTIME_SECRETS) {
          expect(ssm.join(), `${meta.handler} ${name}`).toContain(`Secret/${name}/value`);
        }
      }
    }
  });

  it('gives the HTTP API EMAIL_FROM and ses:SendEmail restricted to that sender', () => {
    const fn = functionFor('packages/functions/src/http/api.handler');
    const from = fn.props.Environment.Variables.EMAIL_FROM;
    expect(from).toMatch(/^[^@\s]+@[^@\s]+$/);
    const statement = statementsOfFunction(fn).find((s) => actionsOf([s]).includes('ses:SendEmail'));
    expect(statement?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': from } });
  });
});

describe('secrets loader (bundle banner)', () => {
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (require: (id: string) => unknown) => Promise<void>;

  async function runLoader(stored: Record<string, string>, env: Record<string, string | undefined>) {
    const requested: string[][] = [];
    const fakeSsm = {
      GetParametersCommand: class {
        constructor(readonly input: { Names: string[] }) {}
      },
      SSMClient: class {
        async send(command: { input: { Names: string[] } }) {
          requested.push(command.input.Names);
          const names = command.input.Names.filter((n) => n in stored);
          return { Parameters: names.map((Name) => ({ Name, Value: stored[Name] })) };
        }
      },
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    for (const name of RUNTIME_SECRETS) if (!(name in env)) delete process.env[name];
    try {
      await new AsyncFunction('require', SECRETS_LOADER_BODY)((id) => {
        expect(id).toBe('@aws-sdk/client-ssm');
        return fakeSsm;
      });
      return { env: Object.fromEntries(RUNTIME_SECRETS.map((n) => [n, process.env[n]])), requested };
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  }
  const bound = {
    SST_APP: 'csms',
    SST_SSM_PREFIX: '/sst/csms/prod/',
    SST_Secret_value_STRIPE_SECRET_KEY: '__FETCH_FROM_SSM__',
    SST_Secret_value_STRIPE_WEBHOOK_SECRET: '__FETCH_FROM_SSM__',
  };

  it("copies the stage's values, else the app-wide fallback, into process.env", async () => {
    const { env, requested } = await runLoader(
      {
        '/sst/csms/prod/Secret/STRIPE_SECRET_KEY/value': 'sk_live_x',
        '/sst/csms/.fallback/Secret/STRIPE_WEBHOOK_SECRET/value': 'whsec_y',
      },
      bound,
    );
    expect(env).toEqual({ STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_y' });
    expect(requested).toEqual([
      ['/sst/csms/prod/Secret/STRIPE_SECRET_KEY/value', '/sst/csms/prod/Secret/STRIPE_WEBHOOK_SECRET/value'],
      ['/sst/csms/.fallback/Secret/STRIPE_WEBHOOK_SECRET/value'],
    ]);
  });

  it('leaves unset (payments answer 501) what is missing or "none", and does nothing when not bound', async () => {
    const { env } = await runLoader({ '/sst/csms/prod/Secret/STRIPE_SECRET_KEY/value': 'none' }, bound);
    expect(env).toEqual({ STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined });
    const unbound = await runLoader({}, { SST_APP: 'csms' });
    expect(unbound.requested).toEqual([]);
  });
});

describe('dependency graph', () => {
  it('has no cycle between the resources of any stack', () => {
    for (const template of [storage, workflowsTemplate, ocpp, api, billing]) {
      const resources = template.toJSON().Resources as Record<string, Cfn>;
      const edges = new Map<string, Set<string>>();
      const collect = (value: Cfn, into: Set<string>): void => {
        if (Array.isArray(value)) for (const v of value) collect(v, into);
        else if (value && typeof value === 'object') {
          if (typeof value.Ref === 'string' && value.Ref in resources) into.add(value.Ref);
          const att = value['Fn::GetAtt'];
          if (Array.isArray(att) && att[0] in resources) into.add(att[0]);
          for (const v of Object.values(value)) collect(v, into);
        }
      };
      for (const [id, resource] of Object.entries(resources)) {
        const into = new Set<string>();
        collect(resource.Properties ?? {}, into);
        for (const d of [resource.DependsOn ?? []].flat()) into.add(d);
        edges.set(id, into);
      }
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (id: string, trail: string[]): void => {
        if (state.get(id) === 'done') return;
        if (state.get(id) === 'visiting') throw new Error(`cycle: ${[...trail, id].join(' → ')}`);
        state.set(id, 'visiting');
        for (const next of edges.get(id) ?? []) visit(next, [...trail, id]);
        state.set(id, 'done');
      };
      for (const id of edges.keys()) visit(id, []);
    }
  });
});
