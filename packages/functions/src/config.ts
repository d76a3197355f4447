import * as z from 'zod';
import type { LogLevel } from './adapters/logger.ts';

/**
 * Every setting of the handlers, in one schema, parsed once at cold start (`loadConfig(process.env)` on
 * Lambda, where SST sets the variables; the local runtime passes its own record and never touches
 * `process.env`). A missing or malformed value fails the start with a message naming the variable.
 */
const optional = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));
const milliseconds = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Public OCPP base URL chargers use, e.g. `wss://d123.cloudfront.net/ocpp`. */
  OCPP_PUBLIC_URL: optional,
  /** The WebSocket API's `@connections` management endpoint. */
  WS_MANAGEMENT_ENDPOINT: optional,
  /** Secret header CloudFront adds on the way to the WebSocket API, so the raw API URL is useless alone. */
  OCPP_ORIGIN_SECRET: optional,
  SESSION_STATE_MACHINE_ARN: optional,
  EMAIL_OUTBOX_DIR: optional,
  EMAIL_FROM: optional,
  EXPORTS_DIR: optional,
  EXPORTS_BUCKET: optional,
  SIGNUP_RATE_LIMIT_PER_HOUR: z.coerce.number().int().positive().default(10),
  OCPP_CALL_TIMEOUT_MS: milliseconds(28_000),
  OCPP_BOOT_CALL_TIMEOUT_MS: milliseconds(5_000),
  OCPP_MAINTENANCE_CALL_TIMEOUT_MS: milliseconds(10_000),
  OCPP_LOCAL_LIST_PUSH_TIMEOUT_MS: milliseconds(8_000),
  LOCAL_LIST_WATERMARK_MARGIN_MS: milliseconds(60_000),
  /**
   * Encrypts each tenant's charging-station CA private key at rest: 32 random bytes, base64. Without it the
   * CSMS keeps no CA (SignCertificate is refused, the CA route answers 501). The local runtime supplies one.
   */
  CA_KEY_ENCRYPTION_KEY: optional.refine(
    (value) => value === undefined || Buffer.from(value, 'base64').length === 32,
    'must be 32 bytes, base64-encoded',
  ),
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  STRIPE_API_HOST: optional,
  STRIPE_API_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
  AWS_REGION: optional,
  /** Endpoint overrides: DynamoDB Local and the local Step Functions endpoint. Unset on AWS. */
  AWS_ENDPOINT_URL_DYNAMODB: optional,
  AWS_ENDPOINT_URL_SFN: optional,
});

export type Environment = Readonly<Record<string, string | undefined>>;

export interface Config {
  readonly tableName: string;
  readonly logLevel: LogLevel;
  readonly ocppPublicUrl: string | undefined;
  readonly wsManagementEndpoint: string | undefined;
  readonly ocppOriginSecret: string | undefined;
  readonly sessionStateMachineArn: string | undefined;
  readonly email: { readonly outboxDir: string | undefined; readonly from: string | undefined };
  readonly exports: { readonly dir: string | undefined; readonly bucket: string | undefined };
  readonly signupsPerHour: number;
  readonly timeouts: {
    readonly callMs: number;
    readonly bootCallMs: number;
    readonly maintenanceCallMs: number;
    readonly localListPushMs: number;
    readonly localListWatermarkMarginMs: number;
  };
  /** Undefined when the deployment has no Stripe account: payments answer 501 saying what to set. */
  readonly stripe:
    | {
        readonly secretKey: string;
        readonly host?: string;
        readonly port?: number;
        readonly protocol?: 'http' | 'https';
      }
    | undefined;
  readonly stripeWebhookSecret: string | undefined;
  /** Base64 key encrypting the tenants' CA private keys; undefined: no charging-station CA. */
  readonly caKeyEncryptionKey: string | undefined;
  readonly aws: {
    readonly region: string | undefined;
    readonly dynamoDbEndpoint: string | undefined;
    readonly stepFunctionsEndpoint: string | undefined;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(environment: Environment): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  return {
    tableName: env.TABLE_NAME,
    logLevel: env.LOG_LEVEL,
    ocppPublicUrl: env.OCPP_PUBLIC_URL,
    wsManagementEndpoint: env.WS_MANAGEMENT_ENDPOINT,
    ocppOriginSecret: env.OCPP_ORIGIN_SECRET,
    sessionStateMachineArn: env.SESSION_STATE_MACHINE_ARN,
    email: { outboxDir: env.EMAIL_OUTBOX_DIR, from: env.EMAIL_FROM },
    exports: { dir: env.EXPORTS_DIR, bucket: env.EXPORTS_BUCKET },
    signupsPerHour: env.SIGNUP_RATE_LIMIT_PER_HOUR,
    timeouts: {
      callMs: env.OCPP_CALL_TIMEOUT_MS,
      bootCallMs: env.OCPP_BOOT_CALL_TIMEOUT_MS,
      maintenanceCallMs: env.OCPP_MAINTENANCE_CALL_TIMEOUT_MS,
      localListPushMs: env.OCPP_LOCAL_LIST_PUSH_TIMEOUT_MS,
      localListWatermarkMarginMs: env.LOCAL_LIST_WATERMARK_MARGIN_MS,
    },
    stripe: env.STRIPE_SECRET_KEY
      ? {
          secretKey: env.STRIPE_SECRET_KEY,
          ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
          ...(env.STRIPE_API_PORT ? { port: env.STRIPE_API_PORT } : {}),
          ...(env.STRIPE_API_PROTOCOL ? { protocol: env.STRIPE_API_PROTOCOL } : {}),
        }
      : undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET,
    caKeyEncryptionKey: env.CA_KEY_ENCRYPTION_KEY,
    aws: {
      region: env.AWS_REGION,
      dynamoDbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
      stepFunctionsEndpoint: env.AWS_ENDPOINT_URL_SFN,
    },
  };
}

/** A setting the called code cannot work without, named when missing. */
export function required<T>(value: T | undefined, variable: string): T {
  if (value === undefined) throw new ConfigError(`${variable} is not set`);
  return value;
}

export const ORIGIN_SECRET_HEADER = 'x-csms-origin-secret';
