import type { Repositories } from '@csms/db';
import type Stripe from 'stripe';
import type { PaymentProvider } from './payments/payment-provider.ts';
import type { ChargingStationCa } from './stations/security/charging-station-ca.ts';

/**
 * Everything a use case may depend on, passed in explicitly: the repositories of the single table and the
 * services around it. A use case names the part it needs (`Pick<Deps, 'sessions' | 'clock'>`), so a unit test
 * hands it small in-memory fakes of exactly that (see `test/support/fake-deps.ts`); `createDeps(config)` in
 * `@csms/functions` builds the real ones once per handler (on Lambda at cold start, locally once for the
 * whole runtime).
 */
export type Deps = Repositories & Services;

export type { Repositories };

export interface Services {
  readonly clock: Clock;
  readonly ids: IdSource;
  /** Carries the correlation id of the frame, request or workflow execution being handled. */
  readonly log: Logger;
  /** The session-to-invoice workflow (Step Functions). */
  readonly workflows: WorkflowEngine;
  /** Chargers' WebSocket connections (the API Gateway `@connections` endpoint). */
  readonly chargers: ChargerConnections;
  /** Card payments and payouts; throws `NotConfiguredError` (501) when the deployment has no provider. */
  readonly paymentProvider: () => PaymentProvider;
  /** Checks a payment provider's webhook signature; throws `NotConfiguredError` (501) without a secret. */
  readonly paymentEvents: PaymentEventVerifier;
  /**
   * Each tenant's charging-station CA, which signs chargers' CSRs; throws `NotConfiguredError` when the
   * deployment has no key to keep one with.
   */
  readonly chargingStationCa: () => ChargingStationCa;
  readonly email: EmailSender;
  readonly exports: ExportStore;
  readonly settings: AppSettings;
}

export interface PaymentEventVerifier {
  /** The event, once its signature over the exact raw body is valid; else `WebhookSignatureError` (401). */
  verify(rawBody: string, signature: string | undefined): Promise<Stripe.Event>;
}

export interface Clock {
  now(): Date;
}

export interface IdSource {
  /** A new random id with a readable prefix, e.g. `s_…` for a site (see `newId` in `@csms/core`). */
  newId(prefix: string): string;
}

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose every line also carries `fields` (a correlation id, a tenant…). */
  child(fields: LogFields): Logger;
}

export interface WorkflowEngine {
  /** Starts an execution; false when one of that name exists already (a retried start). */
  start(workflow: 'sessionLifecycle', name: string, input: Record<string, unknown>): Promise<boolean>;
  /** Resumes a task waiting with this token. */
  resume(taskToken: string, output: Record<string, unknown>): Promise<void>;
}

export interface ConnectionInfo {
  readonly connectedAt?: Date;
  readonly lastActiveAt?: Date;
}

export interface ChargerConnections {
  /** Sends one text frame; false when the connection is gone. */
  send(connectionId: string, frame: string): Promise<boolean>;
  /** Undefined when the connection is gone. The gateway tracks last activity, so heartbeats cost no write. */
  describe(connectionId: string): Promise<ConnectionInfo | undefined>;
  close(connectionId: string): Promise<void>;
}

export interface Email {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** For the outbox file name and logs, e.g. `tenant-verification`. */
  readonly kind: string;
}

export interface EmailSender {
  send(email: Email): Promise<void>;
}

export interface ExportStore {
  /** Stores the file under `key` (a relative path) and answers where it is. */
  put(key: string, body: Uint8Array, contentType: string): Promise<string>;
}

/** The product's own settings (from the one configuration schema), as the use cases need them. */
export interface AppSettings {
  /** Public OCPP base URL chargers use, e.g. `wss://d123.cloudfront.net/ocpp`; undefined when not deployed. */
  readonly ocppPublicUrl: string | undefined;
  /** The header value CloudFront adds on the way to the WebSocket API (the raw API URL alone is useless). */
  readonly ocppOriginSecret: string | undefined;
  readonly signupsPerHour: number;
  readonly timeouts: {
    /** How long a CSMS-initiated OCPP call waits for the charger's answer. */
    readonly callMs: number;
    /** The same right after a boot, when the charger may still be busy starting. */
    readonly bootCallMs: number;
    readonly maintenanceCallMs: number;
    readonly localListPushMs: number;
    /** Changes this close to a local list's watermark are sent again (clocks of two writers differ). */
    readonly localListWatermarkMarginMs: number;
  };
  /** Whether a payment provider (Stripe) is configured; without one, payments answer 501. */
  readonly paymentsConfigured: boolean;
  /** The signing secret of the Stripe webhook endpoint, when one is configured. */
  readonly stripeWebhookSecret: string | undefined;
}
