import type { Environment } from '@csms/functions/config';
import { ephemeralSettings } from '../../src/settings.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../src/stack.ts';

/**
 * Starts the whole local product for one test file, on free ports with an in-memory DynamoDB Local, and
 * offers a small REST client for it. `environment` holds the product settings the file needs (timeouts,
 * Stripe…); `stack.reconfigure` changes them later.
 */
export async function startTestStack(
  overrides: {
    idleTimeoutSeconds?: number;
    environment?: Environment;
    tlsFront?: LocalStackOptions['tlsFront'];
  } = {},
): Promise<LocalStack> {
  return startLocalStack(ephemeralSettings({ idleTimeoutSeconds: overrides.idleTimeoutSeconds ?? 600 }), {
    ...(overrides.tlsFront ? { tlsFront: overrides.tlsFront } : {}),
    environment: {
      // Suites sign up many tenants from 127.0.0.1; the signup rate limit has its own test.
      SIGNUP_RATE_LIMIT_PER_HOUR: '10000',
      // Every OCPP frame is logged at info level; the suites would drown CI output in them.
      LOG_LEVEL: 'warn',
      ...overrides.environment,
    },
  });
}

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly contentType: string;
  readonly body: T;
}

export function apiClient(stack: LocalStack, apiKey?: string) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: (text ? JSON.parse(text) : {}) as T,
    };
  };
}

/** Signs up a tenant and registers one charge point; returns what a new user would have in hand. */
export async function signUpWithChargePoint(stack: LocalStack, chargePointId = 'CP-1') {
  const anonymous = apiClient(stack);
  const signup = await anonymous<{ tenant: { id: string }; apiKey: string }>('POST', '/v1/tenants', {
    name: 'Volt Parking GmbH',
    email: 'ops@volt-parking.example',
    country: 'DE',
    currency: 'EUR',
  });
  if (signup.status !== 201) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
  const api = apiClient(stack, signup.body.apiKey);
  const registered = await api<{ id: string; password: string; ocppUrl: string }>(
    'POST',
    '/v1/charge-points',
    {
      id: chargePointId,
    },
  );
  if (registered.status !== 201) throw new Error(`registration failed: ${JSON.stringify(registered.body)}`);
  return { tenantId: signup.body.tenant.id, apiKey: signup.body.apiKey, api, ...registered.body };
}
