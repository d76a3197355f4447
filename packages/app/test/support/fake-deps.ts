import { createRepositories } from '@csms/db';
import type {
  AppSettings,
  ChargerConnections,
  Clock,
  Deps,
  Email,
  EmailSender,
  ExportStore,
  IdSource,
  LogFields,
  Logger,
  PaymentEventVerifier,
  Repositories,
  WorkflowEngine,
} from '../../src/deps.ts';
import type { PaymentProvider } from '../../src/payments/payment-provider.ts';
import type { ChargingStationCa } from '../../src/stations/security/charging-station-ca.ts';

/**
 * In-memory dependencies for unit tests of use cases: no DynamoDB, no Java, no network. Services are small
 * working fakes that record what they were asked (e-mails sent, frames sent to chargers, workflows started);
 * repositories are whatever the test hands in, method by method, usually backed by a `Map`. Calling a
 * repository method the test did not provide fails loudly, naming it, so a test states exactly what storage
 * its use case touches.
 */
type RepositoryFakes = { [R in keyof Repositories]?: Partial<Repositories[R]> };

export interface FakeDeps extends Deps {
  readonly sent: { readonly emails: Email[]; readonly frames: { connectionId: string; frame: string }[] };
  readonly started: { workflow: string; name: string; input: Record<string, unknown> }[];
  readonly resumed: { taskToken: string; output: Record<string, unknown> }[];
  readonly exported: Map<string, Uint8Array>;
  readonly logged: { level: string; message: string; fields: LogFields }[];
  /** Moves the fake clock. */
  setNow(at: Date | string): void;
}

export interface FakeDepsOptions {
  readonly repositories?: RepositoryFakes;
  readonly now?: Date | string;
  readonly settings?: Partial<AppSettings>;
  readonly chargers?: Partial<ChargerConnections>;
  readonly paymentProvider?: PaymentProvider;
  readonly paymentEvents?: PaymentEventVerifier;
  readonly chargingStationCa?: ChargingStationCa;
  readonly workflows?: Partial<WorkflowEngine>;
}

export const defaultSettings: AppSettings = {
  ocppPublicUrl: 'wss://csms.example/ocpp',
  ocppOriginSecret: undefined,
  signupsPerHour: 10,
  timeouts: {
    callMs: 1_000,
    bootCallMs: 500,
    maintenanceCallMs: 500,
    localListPushMs: 500,
    localListWatermarkMarginMs: 0,
  },
  paymentsConfigured: false,
  stripeWebhookSecret: undefined,
};

export function fakeDeps(options: FakeDepsOptions = {}): FakeDeps {
  let now = new Date(options.now ?? '2026-03-15T12:00:00Z');
  const emails: Email[] = [];
  const frames: { connectionId: string; frame: string }[] = [];
  const started: FakeDeps['started'] = [];
  const resumed: FakeDeps['resumed'] = [];
  const exported = new Map<string, Uint8Array>();
  const logged: FakeDeps['logged'] = [];
  let counter = 0;

  const clock: Clock = { now: () => new Date(now.getTime()) };
  const ids: IdSource = { newId: (prefix) => `${prefix}_${String(++counter).padStart(6, '0')}` };
  const logger = (bound: LogFields): Logger => {
    const at =
      (level: string) =>
      (message: string, fields: LogFields = {}) =>
        void logged.push({ level, message, fields: { ...bound, ...fields } });
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (fields) => logger({ ...bound, ...fields }),
    };
  };
  const chargers: ChargerConnections = {
    send: async (connectionId, frame) => {
      frames.push({ connectionId, frame });
      return true;
    },
    describe: async () => ({ connectedAt: clock.now(), lastActiveAt: clock.now() }),
    close: async () => undefined,
    ...options.chargers,
  };
  const workflows: WorkflowEngine = {
    start: async (workflow, name, input) => {
      if (started.some((s) => s.name === name)) return false;
      started.push({ workflow, name, input });
      return true;
    },
    resume: async (taskToken, output) => void resumed.push({ taskToken, output }),
    ...options.workflows,
  };
  const email: EmailSender = { send: async (message) => void emails.push(message) };
  const exports: ExportStore = {
    put: async (key, body) => {
      exported.set(key, body);
      return `memory://${key}`;
    },
  };

  return {
    ...repositories(options.repositories ?? {}),
    clock,
    ids,
    log: logger({}),
    workflows,
    chargers,
    paymentProvider: () => {
      if (!options.paymentProvider) throw new Error('fakeDeps: no paymentProvider given');
      return options.paymentProvider;
    },
    chargingStationCa: () => {
      if (!options.chargingStationCa) throw new Error('fakeDeps: no chargingStationCa given');
      return options.chargingStationCa;
    },
    paymentEvents: options.paymentEvents ?? {
      verify: async () => {
        throw new Error('fakeDeps: no paymentEvents given');
      },
    },
    email,
    exports,
    settings: { ...defaultSettings, ...options.settings },
    sent: { emails, frames },
    started,
    resumed,
    exported,
    logged,
    setNow: (at) => {
      now = new Date(at);
    },
  };
}

/**
 * Every repository with the real method names (taken from `createRepositories`, which opens no connection),
 * each answering as the test's fake, or throwing naming the method when the test gave none.
 */
function repositories(fakes: RepositoryFakes): Repositories {
  const shape = createRepositories({ tableName: 'unit-test', region: 'us-east-1' });
  const given = fakes as Record<string, Record<string, unknown> | undefined>;
  for (const [name, methods] of Object.entries(given)) {
    if (!(name in shape)) throw new Error(`fakeDeps: there is no repository "${name}"`);
    for (const method of Object.keys(methods ?? {})) {
      if (!(method in (shape as Record<string, object>)[name]!)) {
        throw new Error(`fakeDeps: repository "${name}" has no method "${method}"`);
      }
    }
  }
  return Object.fromEntries(
    Object.entries(shape).map(([name, repository]) => [
      name,
      Object.fromEntries(
        Object.keys(repository).map((method) => [
          method,
          given[name]?.[method] ??
            (() => {
              throw new Error(`fakeDeps: ${name}.${method} was called but not faked`);
            }),
        ]),
      ),
    ]),
  ) as Repositories;
}
