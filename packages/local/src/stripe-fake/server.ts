import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body.ts';
import { errorJson, StripeApiError, type StripeErrorBody } from './errors.ts';
import { canonicalForm, type FormObject, parseForm } from './form.ts';
import { IdempotencyStore } from './idempotency.ts';
import { randomText } from './ids.ts';
import type { FakeAccount, FakeEvent, FakeSetupIntent } from './objects.ts';
import { visitOnboardingLink } from './resources/accounts.ts';
import { confirmSetupIntentAsClient } from './resources/setup-intents.ts';
import { matchRoute } from './router.ts';
import { FakeState, type Ledger } from './state.ts';
import { sendWebhook, type WebhookDelivery } from './webhooks.ts';

export interface StripeFakeOptions {
  /** Loopback by default; the fake is for offline tests and local runs. */
  host?: string;
  /** 0 (default) lets the OS pick a free port; read it back from `port`. */
  port?: number;
  /** The one secret key the fake accepts. */
  secretKey?: string;
  /** Clock in seconds since the epoch, for `created`/`expires_at` (tests can move time to expire links). */
  now?: () => number;
}

/** One API call as the fake saw it. */
export interface StripeFakeRequest {
  requestId: string;
  method: string;
  path: string;
  /** `Stripe-Account` header: the connected account the call acted on, null for the platform. */
  account: string | null;
  idempotencyKey: string | null;
  stripeVersion: string | null;
  params: FormObject;
  status: number;
  /** True when the response was a replay of a saved idempotent response. */
  replayed: boolean;
  /** `X-Stripe-Client-Telemetry`: the SDK's latency report, absent when it runs with `telemetry: false`. */
  clientTelemetry: string | null;
}

export interface StripeFake {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly secretKey: string;
  /** The platform account the secret key belongs to. */
  readonly platformAccountId: string;
  /** `new Stripe(fake.secretKey, { ...fake.clientConfig, telemetry: false })` talks to the fake. */
  readonly clientConfig: { host: string; port: number; protocol: 'http' };
  /** The environment variables that point the payment provider, pointing at the fake. */
  readonly env: {
    STRIPE_SECRET_KEY: string;
    STRIPE_API_HOST: string;
    STRIPE_API_PORT: string;
    STRIPE_API_PROTOCOL: 'http';
  };
  /** Every API call, in order. */
  readonly requests: readonly StripeFakeRequest[];
  /** Connected accounts by id. */
  readonly accounts: ReadonlyMap<string, FakeAccount>;
  /** Events the fake generated (account.updated, payment_intent.*, …), ready for `sendWebhook`. */
  readonly events: readonly FakeEvent[];
  /** An account's books (customers, payment intents, …); the platform's when no id is given. */
  ledger(accountId?: string): Ledger;
  /** Finish Stripe-hosted onboarding without a browser (what opening the account link does). */
  completeOnboarding(accountId: string): FakeAccount;
  /**
   * Confirm a SetupIntent as Stripe.js would in the driver's browser, with a test card such as
   * `pm_card_visa` or `pm_card_chargeDeclined`. Resolves `{ setupIntent }` or `{ error }` like Stripe.js.
   */
  confirmSetupIntent(
    setupIntentId: string,
    paymentMethod: string,
    options?: { stripeAccount?: string },
  ): { setupIntent?: FakeSetupIntent; error?: StripeErrorBody };
  /** POST a signed event to a webhook endpoint, as Stripe delivers it. */
  sendWebhook(
    url: string,
    event: FakeEvent | Record<string, unknown>,
    secret: string,
    options?: { timestamp?: number },
  ): Promise<WebhookDelivery>;
  close(): Promise<void>;
}

const DEFAULT_SECRET_KEY = 'sk_test_csms_local_stripe_fake';

export async function startStripeFake(options: StripeFakeOptions = {}): Promise<StripeFake> {
  const host = options.host ?? '127.0.0.1';
  const secretKey = options.secretKey ?? DEFAULT_SECRET_KEY;
  const state = new FakeState(options.now ?? (() => Math.floor(Date.now() / 1000)));
  const idempotency = new IdempotencyStore();
  const requests: StripeFakeRequest[] = [];
  let baseUrl = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      respond(
        res,
        500,
        errorJson({ type: 'api_error', message: `Stripe fake failed: ${String(error)}` }),
        {},
      );
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = req.method ?? 'GET';
    const onboarding = /^\/setup\/s\/([A-Za-z0-9_]+)\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (method === 'GET' && onboarding) {
      const location = visitOnboardingLink(state, onboarding[1] ?? '', onboarding[2] ?? '');
      if (!location) {
        respond(res, 404, 'This onboarding link is unknown.', { 'content-type': 'text/plain' });
        return;
      }
      respond(res, 302, '', { location });
      return;
    }

    const requestId = `req_${randomText(14)}`;
    const account = header(req, 'stripe-account') ?? null;
    const idempotencyKey = header(req, 'idempotency-key') ?? null;
    const stripeVersion = header(req, 'stripe-version') ?? null;
    const clientTelemetry = header(req, 'x-stripe-client-telemetry') ?? null;
    if (stripeVersion) state.apiVersion = stripeVersion;
    const raw = method === 'GET' ? url.search.slice(1) : (await readBody(req)).toString('utf8');
    const params = parseForm(raw);
    const log = (status: number, replayed: boolean) =>
      requests.push({
        requestId,
        method,
        path: url.pathname,
        account,
        idempotencyKey,
        stripeVersion,
        params,
        status,
        replayed,
        clientTelemetry,
      });
    const headers: Record<string, string> = {
      'request-id': requestId,
      ...(stripeVersion ? { 'stripe-version': stripeVersion } : {}),
      ...(idempotencyKey && method === 'POST' ? { 'idempotency-key': idempotencyKey } : {}),
    };
    const fail = (error: StripeApiError) => {
      respond(res, error.status, errorJson(error.body), headers);
      log(error.status, false);
    };

    const authError = authenticate(req, secretKey);
    if (authError) {
      headers['www-authenticate'] = 'Bearer realm="Stripe"';
      fail(authError);
      return;
    }
    if (account !== null && !state.accounts.has(account)) {
      fail(
        new StripeApiError(403, {
          type: 'invalid_request_error',
          code: 'account_invalid',
          message: `The provided key '${mask(secretKey)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
        }),
      );
      return;
    }
    const route = matchRoute(method, url.pathname);
    if (!route) {
      fail(
        new StripeApiError(404, {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        }),
      );
      return;
    }

    // GETs are idempotent by nature; Stripe only applies keys to POSTs.
    const scope = account ?? state.platformAccountId;
    const endpoint = `${method} ${url.pathname}`;
    const fingerprint = canonicalForm(params);
    const useKey = method === 'POST' && idempotencyKey !== null;
    if (useKey) {
      try {
        const saved = idempotency.lookup(scope, idempotencyKey, endpoint, fingerprint);
        if (saved) {
          respond(res, saved.status, saved.body, {
            ...headers,
            'idempotent-replayed': 'true',
            'original-request': saved.requestId,
          });
          log(saved.status, true);
          return;
        }
      } catch (error) {
        if (error instanceof StripeApiError) return fail(error);
        throw error;
      }
    }

    let status = 200;
    let body: string;
    let save = true;
    try {
      const result = route.handler({
        state,
        account: scope,
        connected: account !== null,
        ledger: state.ledger(scope),
        form: params,
        pathParams: route.pathParams,
        baseUrl,
        requestId,
        idempotencyKey,
      });
      body = JSON.stringify(result, null, 2);
    } catch (error) {
      if (error instanceof StripeApiError) {
        status = error.status;
        body = errorJson(error.body);
        save = error.saveForIdempotency;
      } else {
        // A bug in the fake, not a Stripe behaviour: say so, and keep the SDK from retrying it.
        status = 500;
        body = errorJson({ type: 'api_error', message: `Stripe fake failed: ${String(error)}` });
        save = false;
        headers['stripe-should-retry'] = 'false';
      }
    }
    if (useKey && save)
      idempotency.save(scope, idempotencyKey, endpoint, fingerprint, { status, body, requestId });
    respond(res, status, body, headers);
    log(status, false);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    host,
    port,
    secretKey,
    platformAccountId: state.platformAccountId,
    clientConfig: { host, port, protocol: 'http' },
    env: {
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_API_HOST: host,
      STRIPE_API_PORT: String(port),
      STRIPE_API_PROTOCOL: 'http',
    },
    requests,
    accounts: state.accounts,
    events: state.events,
    ledger: (accountId) => state.ledger(accountId ?? state.platformAccountId),
    completeOnboarding: (accountId) => state.completeOnboarding(accountId),
    confirmSetupIntent: (setupIntentId, paymentMethod, opts) =>
      confirmSetupIntentAsClient(
        state,
        opts?.stripeAccount ?? state.platformAccountId,
        setupIntentId,
        paymentMethod,
      ),
    sendWebhook: (url, event, secret, opts) => sendWebhook(url, event, secret, opts?.timestamp),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The SDK keeps connections alive; close them so the port is released at once.
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Stripe accepts the secret key as a Bearer token, or as the Basic-auth user name (`curl -u sk_…:`). */
function authenticate(req: IncomingMessage, secretKey: string): StripeApiError | undefined {
  const authorization = header(req, 'authorization') ?? '';
  let key: string | undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  const basic = /^Basic\s+(\S+)$/i.exec(authorization);
  if (bearer) key = bearer[1];
  else if (basic?.[1]) key = Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
  if (!key) {
    return new StripeApiError(401, {
      type: 'invalid_request_error',
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    });
  }
  if (key !== secretKey) {
    return new StripeApiError(401, {
      type: 'invalid_request_error',
      message: `Invalid API Key provided: ${mask(key)}`,
    });
  }
  return undefined;
}

/** Stripe never echoes a key: `sk_test_****************wxyz`. */
function mask(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  return `${prefix}${'*'.repeat(Math.max(0, rest.length - 4))}${rest.slice(-4)}`;
}

function respond(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}
