/** Settings of the local runtime, from the environment (documented in the README). */
export interface LocalSettings {
  readonly host: string;
  readonly ocppPort: number;
  readonly apiPort: number;
  readonly managementPort: number;
  readonly stepFunctionsPort: number;
  readonly dynamoDbPort: number;
  /** Folder for DynamoDB Local's files, or undefined for in-memory. */
  readonly dataDir: string | undefined;
  readonly idleTimeoutSeconds: number;
  readonly maxConnectionSeconds: number;
  /** How often the local scheduler runs the daily billing jobs (EventBridge Scheduler on AWS). */
  readonly schedulerIntervalSeconds: number;
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
}

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name} must be a positive number of seconds, got "${raw}"`);
  return value;
}

export function settingsFromEnv(): LocalSettings {
  const dataDir = process.env.CSMS_DATA_DIR ?? './.csms-data';
  return {
    host: process.env.CSMS_HOST || '127.0.0.1',
    ocppPort: port('CSMS_OCPP_PORT', 9000),
    apiPort: port('CSMS_API_PORT', 8080),
    managementPort: port('CSMS_MANAGEMENT_PORT', 9001),
    stepFunctionsPort: port('CSMS_STEPFUNCTIONS_PORT', 8083),
    dynamoDbPort: port('CSMS_DYNAMODB_PORT', 8000),
    dataDir: dataDir === 'memory' ? undefined : dataDir,
    // API Gateway's limits: 10 minutes idle, 2 hours per connection.
    idleTimeoutSeconds: seconds('CSMS_WS_IDLE_TIMEOUT_SECONDS', 600),
    maxConnectionSeconds: seconds('CSMS_WS_MAX_CONNECTION_SECONDS', 7200),
    schedulerIntervalSeconds: seconds('CSMS_SCHEDULER_INTERVAL_SECONDS', 3600),
  };
}

/**
 * Settings for a throwaway stack (tests, benchmarks): every port chosen by the OS, DynamoDB in memory, the
 * scheduler effectively off. The API Gateway limits stay as on AWS unless overridden.
 */
export function ephemeralSettings(overrides: Partial<LocalSettings> = {}): LocalSettings {
  return {
    host: '127.0.0.1',
    ocppPort: 0,
    apiPort: 0,
    managementPort: 0,
    stepFunctionsPort: 0,
    dynamoDbPort: 0,
    dataDir: undefined,
    idleTimeoutSeconds: 600,
    maxConnectionSeconds: 7200,
    schedulerIntervalSeconds: 24 * 3600,
    ...overrides,
  };
}
