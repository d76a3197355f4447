import type { Deps } from '@csms/app/deps';
import { newId } from '@csms/core';
import { createRepositories } from '@csms/db';
import { type AwsCredentials, createChargerConnections } from './adapters/charger-connections.ts';
import { createChargingStationCa } from './adapters/charging-station-ca.ts';
import { createEmailSender } from './adapters/email-sender.ts';
import { createExportStore } from './adapters/export-store.ts';
import { createLogger } from './adapters/logger.ts';
import { createWorkflowEngine } from './adapters/session-workflows.ts';
import { createPaymentProvider } from './adapters/stripe/stripe-provider.ts';
import { createWebhookVerifier } from './adapters/stripe/stripe-webhook.ts';
import type { Config } from './config.ts';

export type { Deps };

export interface DepsOptions {
  /** Static credentials for the local stand-ins; on AWS the Lambda role's credentials apply. */
  readonly credentials?: AwsCredentials;
  /** Capacity every DynamoDB call consumed; only the benchmark asks (it costs nothing when unset). */
  readonly onConsumedCapacity?: (command: string, consumed: unknown) => void;
}

/**
 * The real dependencies of every use case, built from the configuration: once per Lambda container at cold
 * start, once for the whole local runtime. Clients are created here and nowhere else.
 */
export function createDeps(config: Config, options: DepsOptions = {}): Deps {
  const { region } = config.aws;
  const { credentials } = options;
  const repositories = createRepositories({
    tableName: config.tableName,
    endpoint: config.aws.dynamoDbEndpoint,
    region,
    credentials,
    onConsumedCapacity: options.onConsumedCapacity,
  });
  const paymentProvider = createPaymentProvider(config.stripe);
  const clock = { now: () => new Date() };
  return {
    ...repositories,
    clock,
    ids: { newId },
    log: createLogger(config.logLevel),
    workflows: createWorkflowEngine({
      stateMachineArns: { sessionLifecycle: config.sessionStateMachineArn },
      endpoint: config.aws.stepFunctionsEndpoint,
      region,
      credentials,
    }),
    chargers: createChargerConnections({ endpoint: config.wsManagementEndpoint, region, credentials }),
    paymentProvider,
    paymentEvents: createWebhookVerifier(config.stripeWebhookSecret),
    chargingStationCa: createChargingStationCa(config.caKeyEncryptionKey, repositories.certificates, clock),
    email: createEmailSender(config.email),
    exports: createExportStore(config.exports),
    settings: {
      ocppPublicUrl: config.ocppPublicUrl,
      ocppOriginSecret: config.ocppOriginSecret,
      signupsPerHour: config.signupsPerHour,
      timeouts: config.timeouts,
      paymentsConfigured: config.stripe !== undefined,
      stripeWebhookSecret: config.stripeWebhookSecret,
    },
  };
}
