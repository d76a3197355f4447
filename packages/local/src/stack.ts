import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable } from '@csms/db';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import type { ConnectionRegistry } from './gateway/connections.ts';
import { startManagementEndpoint } from './gateway/management-endpoint.ts';
import { startWebSocketGateway } from './gateway/websocket-gateway.ts';
import { startHttpApi } from './http-api.ts';
import type { LambdaHandler } from './lambda-invoke.ts';
import type { LocalSettings } from './settings.ts';
import { loadWorkflow, startStepFunctionsEndpoint } from './stepfunctions/index.ts';

/**
 * The whole product on one machine: DynamoDB Local, the WebSocket gateway with its management endpoint, the
 * HTTP API and the Step Functions endpoint, wired to the very handlers the SST stack deploys. The handlers are
 * configured only through the environment, exactly as on Lambda; this is the one place that sets it locally.
 */
export interface LocalStack {
  readonly ocppUrl: string;
  readonly apiUrl: string;
  readonly managementEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly stepFunctionsEndpoint: string;
  readonly tableName: string;
  /** Where e-mails land locally (SES on AWS), one `.eml` file each. */
  readonly outboxDir: string;
  /** Where finance exports are kept locally (S3 on AWS). */
  readonly exportsDir: string;
  stop(): Promise<void>;
}

export const TABLE_NAME = 'csms';
const ORIGIN_SECRET_HEADER = 'x-csms-origin-secret';

export async function startLocalStack(settings: LocalSettings): Promise<LocalStack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((e) => console.error(`[local] stop: ${String(e)}`));
  };
  const outboxDir = settings.dataDir
    ? join(resolve(settings.dataDir), 'outbox')
    : mkdtempSync(join(tmpdir(), 'csms-outbox-'));
  const exportsDir = settings.dataDir
    ? join(resolve(settings.dataDir), 'exports')
    : mkdtempSync(join(tmpdir(), 'csms-exports-'));
  try {
    const dynamo = await startDynamoDbLocal({
      host: settings.host,
      port: settings.dynamoDbPort,
      dataDir: settings.dataDir,
    });
    stops.push(() => dynamo.stop());

    // Local-only credentials and endpoints; nothing here may reach AWS.
    Object.assign(process.env, {
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      TABLE_NAME,
      OCPP_ORIGIN_SECRET: randomBytes(24).toString('base64url'),
      EMAIL_OUTBOX_DIR: outboxDir,
      EXPORTS_DIR: exportsDir,
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    await createTable(new DynamoDBClient({ endpoint: dynamo.endpoint }), TABLE_NAME);

    const handlers = await loadHandlers();
    const connections: ConnectionRegistry = new Map();

    const management = await startManagementEndpoint({
      host: settings.host,
      port: settings.managementPort,
      connections,
    });
    stops.push(() => management.close());
    process.env.WS_MANAGEMENT_ENDPOINT = `http://${settings.host}:${management.port}`;

    const gateway = await startWebSocketGateway({
      host: settings.host,
      port: settings.ocppPort,
      originSecretHeader: ORIGIN_SECRET_HEADER,
      originSecret: process.env.OCPP_ORIGIN_SECRET as string,
      idleTimeoutSeconds: settings.idleTimeoutSeconds,
      maxConnectionSeconds: settings.maxConnectionSeconds,
      connections,
      handlers: {
        authorizer: handlers.authorizer,
        connect: handlers.connect,
        disconnect: handlers.disconnect,
        message: handlers.message,
      },
    });
    stops.push(() => gateway.close());
    const ocppUrl = `ws://${settings.host}:${gateway.port}/ocpp`;
    process.env.OCPP_PUBLIC_URL = ocppUrl;

    const stepFunctions = await startStepFunctionsEndpoint({
      host: settings.host,
      port: settings.stepFunctionsPort,
      stateMachines: [await loadWorkflow('sessionLifecycle')],
    });
    stops.push(() => stepFunctions.close());
    process.env.AWS_ENDPOINT_URL_SFN = stepFunctions.url;
    process.env.SESSION_STATE_MACHINE_ARN = stepFunctions.stateMachineArn('sessionLifecycle');

    const api = await startHttpApi({ host: settings.host, port: settings.apiPort, handler: handlers.api });
    stops.push(() => api.close());

    // The daily billing run that EventBridge Scheduler triggers on AWS: here a timer on the same handler.
    const scheduler = startLocalScheduler(settings.schedulerIntervalSeconds);
    stops.push(() => scheduler.stop());

    return {
      ocppUrl,
      apiUrl: `http://${settings.host}:${api.port}`,
      managementEndpoint: process.env.WS_MANAGEMENT_ENDPOINT,
      dynamoDbEndpoint: dynamo.endpoint,
      stepFunctionsEndpoint: stepFunctions.url,
      tableName: TABLE_NAME,
      outboxDir,
      exportsDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Imported after the environment is set, the way Lambda loads a handler module into a configured runtime. */
async function loadHandlers() {
  const [authorizer, connect, disconnect, message, api] = await Promise.all([
    import('@csms/functions/ocpp/authorizer'),
    import('@csms/functions/ocpp/connect'),
    import('@csms/functions/ocpp/disconnect'),
    import('@csms/functions/ocpp/default'),
    import('@csms/functions/http/api'),
  ]);
  const asLambda = (h: unknown) => h as LambdaHandler;
  return {
    authorizer: asLambda(authorizer.handler),
    connect: asLambda(connect.handler),
    disconnect: asLambda(disconnect.handler),
    message: asLambda(message.handler),
    api: asLambda(api.handler),
  };
}

function startLocalScheduler(intervalSeconds: number) {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = import('@csms/functions/billing/scheduled-jobs')
      .then(({ runBillingJobs }) => runBillingJobs())
      .catch((error) => console.error(`[scheduler] ${String(error)}`));
  };
  const first = setTimeout(tick, 10_000);
  const timer = setInterval(tick, intervalSeconds * 1000);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
