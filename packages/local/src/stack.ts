import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable } from '@csms/db';
import { type Environment, loadConfig } from '@csms/functions/config';
import { createDeps, type Deps, type DepsOptions } from '@csms/functions/deps';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import type { ConnectionRegistry } from './gateway/connections.ts';
import { startManagementEndpoint } from './gateway/management-endpoint.ts';
import { startTlsFront } from './gateway/tls-front.ts';
import { startWebSocketGateway } from './gateway/websocket-gateway.ts';
import { startHttpApi } from './http-api.ts';
import { invokeLambda, type LambdaHandler } from './lambda-invoke.ts';
import type { LocalSettings } from './settings.ts';
import { loadWorkflow, startStepFunctionsEndpoint } from './stepfunctions/index.ts';

/**
 * The whole product on one machine: DynamoDB Local, the WebSocket gateway with its management endpoint, the
 * HTTP API and the Step Functions endpoint, wired to the very handlers the SST stack deploys. On Lambda each
 * handler builds its dependencies from its environment; here the runtime builds them once, from the same
 * configuration schema, and hands them to every handler (`create(deps)`). `process.env` is read, never written.
 */
export interface LocalStack {
  readonly ocppUrl: string;
  /** wss through the TLS front, when `tlsFront` was given. */
  readonly ocppTlsUrl?: string;
  readonly apiUrl: string;
  readonly managementEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly stepFunctionsEndpoint: string;
  readonly tableName: string;
  /** Where e-mails land locally (SES on AWS), one `.eml` file each. */
  readonly outboxDir: string;
  /** Where finance exports are kept locally (S3 on AWS). */
  readonly exportsDir: string;
  /** The dependencies every handler of this runtime uses (tests call use cases with them directly). */
  readonly deps: Deps;
  /**
   * Changes settings of the running product, as a redeploy with other environment variables would (e.g.
   * `{ SIGNUP_RATE_LIMIT_PER_HOUR: '2' }`; `undefined` unsets one). Later invocations see the new ones.
   */
  reconfigure(changes: Environment): void;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** Settings on top of the process environment, e.g. `{ LOG_LEVEL: 'warn' }`. */
  readonly environment?: Environment;
  /** Consumed capacity of every DynamoDB call (the benchmark counts it; nothing else asks). */
  readonly onConsumedCapacity?: DepsOptions['onConsumedCapacity'];
  /**
   * Starts the TLS front for security profile 3 (`gateway/tls-front.ts`) with this server certificate and key
   * (PEM) in front of the gateway; its wss URL is `ocppTlsUrl`. Tests only.
   */
  readonly tlsFront?: { readonly cert: string; readonly key: string };
}

export const TABLE_NAME = 'csms';
const ORIGIN_SECRET_HEADER = 'x-csms-origin-secret';
/** DynamoDB Local and the local Step Functions accept any credentials; these never reach AWS. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startLocalStack(
  settings: LocalSettings,
  options: LocalStackOptions = {},
): Promise<LocalStack> {
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

    // Local-only endpoints; nothing here may reach AWS.
    let environment: Environment = {
      ...process.env,
      ...options.environment,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      TABLE_NAME,
      OCPP_ORIGIN_SECRET: randomBytes(24).toString('base64url'),
      CA_KEY_ENCRYPTION_KEY:
        options.environment?.CA_KEY_ENCRYPTION_KEY ??
        process.env.CA_KEY_ENCRYPTION_KEY ??
        localCaKeyEncryptionKey(settings.dataDir),
      EMAIL_OUTBOX_DIR: outboxDir,
      EXPORTS_DIR: exportsDir,
    };
    await createTable(
      new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }),
      TABLE_NAME,
    );

    // Handlers are created once the endpoints they talk to exist; until then nothing can call them.
    let deps: Deps | undefined;
    let handlers: Handlers | undefined;
    const current = () => {
      if (!deps || !handlers) throw new Error('The local runtime is still starting');
      return { deps, handlers };
    };
    const late =
      (name: keyof Handlers): LambdaHandler =>
      (event, context) =>
        current().handlers[name](event, context);
    const modules = await loadHandlerModules();
    const connections: ConnectionRegistry = new Map();

    const management = await startManagementEndpoint({
      host: settings.host,
      port: settings.managementPort,
      connections,
    });
    stops.push(() => management.close());
    const managementEndpoint = `http://${settings.host}:${management.port}`;

    const gateway = await startWebSocketGateway({
      host: settings.host,
      port: settings.ocppPort,
      originSecretHeader: ORIGIN_SECRET_HEADER,
      originSecret: environment.OCPP_ORIGIN_SECRET as string,
      idleTimeoutSeconds: settings.idleTimeoutSeconds,
      maxConnectionSeconds: settings.maxConnectionSeconds,
      connections,
      handlers: {
        authorizer: late('authorizer'),
        connect: late('connect'),
        disconnect: late('disconnect'),
        message: late('message'),
      },
    });
    stops.push(() => gateway.close());
    const ocppUrl = `ws://${settings.host}:${gateway.port}/ocpp`;
    let ocppTlsUrl: string | undefined;
    if (options.tlsFront) {
      const front = await startTlsFront({
        host: settings.host,
        port: 0,
        ...options.tlsFront,
        upstream: { host: settings.host, port: gateway.port },
        originSecretHeader: ORIGIN_SECRET_HEADER,
        originSecret: environment.OCPP_ORIGIN_SECRET as string,
      });
      stops.push(() => front.close());
      ocppTlsUrl = `wss://${settings.host}:${front.port}/ocpp`;
    }

    const stepFunctions = await startStepFunctionsEndpoint({
      host: settings.host,
      port: settings.stepFunctionsPort,
      stateMachines: [await loadWorkflow('sessionLifecycle', { deps: () => current().deps })],
    });
    stops.push(() => stepFunctions.close());
    environment = {
      ...environment,
      WS_MANAGEMENT_ENDPOINT: managementEndpoint,
      OCPP_PUBLIC_URL: ocppUrl,
      AWS_ENDPOINT_URL_SFN: stepFunctions.url,
      SESSION_STATE_MACHINE_ARN: stepFunctions.stateMachineArn('sessionLifecycle'),
    };
    const configure = () => {
      deps = createDeps(loadConfig(environment), {
        credentials: LOCAL_CREDENTIALS,
        onConsumedCapacity: options.onConsumedCapacity,
      });
      handlers = createHandlers(modules, deps);
    };
    configure();

    const api = await startHttpApi({ host: settings.host, port: settings.apiPort, handler: late('api') });
    stops.push(() => api.close());

    // The daily billing run that EventBridge Scheduler triggers on AWS: here a timer on the same handler.
    const scheduler = startLocalScheduler(settings.schedulerIntervalSeconds, late('billingJobs'));
    stops.push(() => scheduler.stop());

    return {
      ocppUrl,
      ...(ocppTlsUrl ? { ocppTlsUrl } : {}),
      apiUrl: `http://${settings.host}:${api.port}`,
      managementEndpoint,
      dynamoDbEndpoint: dynamo.endpoint,
      stepFunctionsEndpoint: stepFunctions.url,
      tableName: TABLE_NAME,
      outboxDir,
      exportsDir,
      get deps() {
        return current().deps;
      },
      reconfigure: (changes) => {
        environment = { ...environment, ...changes };
        configure();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The key the local runtime encrypts tenants' CA private keys with, unless one is configured. With a data
 * folder it is made once and kept there beside DynamoDB Local's files (readable by its owner only), so CAs
 * stored in one run still open in the next; in memory it lives as long as the table: one run.
 */
function localCaKeyEncryptionKey(dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(32).toString('base64');
  const file = join(resolve(dataDir), 'ca-key-encryption.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(resolve(dataDir), { recursive: true });
  const key = randomBytes(32).toString('base64');
  // `wx`: if two runtimes start on one folder at once, the second fails here rather than replacing the key.
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

async function loadHandlerModules() {
  const [authorizer, connect, disconnect, message, api, billingJobs] = await Promise.all([
    import('@csms/functions/ocpp/authorizer'),
    import('@csms/functions/ocpp/connect'),
    import('@csms/functions/ocpp/disconnect'),
    import('@csms/functions/ocpp/default'),
    import('@csms/functions/http/api'),
    import('@csms/functions/billing/scheduled-jobs'),
  ]);
  return { authorizer, connect, disconnect, message, api, billingJobs };
}

type HandlerModules = Awaited<ReturnType<typeof loadHandlerModules>>;
type Handlers = Record<keyof HandlerModules, LambdaHandler>;

function createHandlers(modules: HandlerModules, deps: Deps): Handlers {
  const handlers: Partial<Record<keyof HandlerModules, LambdaHandler>> = {};
  for (const [name, module] of Object.entries(modules)) {
    handlers[name as keyof HandlerModules] = module.create(deps) as unknown as LambdaHandler;
  }
  return handlers as Handlers;
}

/** The daily billing run that EventBridge Scheduler triggers on AWS: here a timer on the same handler. */
function startLocalScheduler(intervalSeconds: number, billingJobs: LambdaHandler) {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = invokeLambda('BillingJobs', billingJobs, {}).catch((error) =>
      console.error(`[scheduler] ${String(error)}`),
    );
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
