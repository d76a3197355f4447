import type { Charger } from './measure.ts';

/**
 * Sets the bench tenant up the way an operator would, through the REST API only: signup, charge points, a
 * Terms version, a customer who accepted it, and one RFID token per charging charger. So Authorize and
 * StartTransaction run the full rule I4 (token, customer, Terms) and are measured at their real cost.
 */
export interface BenchTenant {
  readonly chargers: readonly Charger[];
  readonly idTagOf: (i: number) => string;
}

/** Requests in flight at once while setting up: enough to be quick, few enough not to look like the load. */
const SETUP_CONCURRENCY = 8;

export async function setUpTenant(
  apiUrl: string,
  chargerCount: number,
  tokenCount: number,
): Promise<BenchTenant> {
  const signup = await request<{ apiKey: string }>(apiUrl, undefined, 'POST', '/v1/tenants', {
    name: 'Bench CPO',
    email: 'bench@example.com',
    country: 'DE',
    currency: 'EUR',
  });
  const call = <T>(method: string, path: string, body?: unknown) =>
    request<T>(apiUrl, signup.apiKey, method, path, body);

  const chargers = await inPool(chargerCount, async (i) => {
    const identity = `BENCH-${i}`;
    const { ocppUrl, password } = await call<{ ocppUrl: string; password: string }>(
      'POST',
      '/v1/charge-points',
      {
        id: identity,
      },
    );
    return { endpoint: ocppUrl.slice(0, ocppUrl.lastIndexOf('/')), identity, password };
  });

  const terms = await call<{ id: string }>('POST', '/v1/terms', {
    kind: 'terms',
    version: '1',
    material: true,
    text: 'Bench terms.',
  });
  const customer = await call<{ id: string }>('POST', '/v1/customers', {
    type: 'company',
    name: 'Bench Fleet GmbH',
    email: 'fleet@bench.example',
  });
  await call('POST', `/v1/customers/${customer.id}/terms-acceptances`, { termsId: terms.id });
  const idTagOf = (i: number) => `BENCH-TAG-${i}`;
  await inPool(tokenCount, (i) =>
    call('POST', '/v1/id-tokens', { idTag: idTagOf(i), customerId: customer.id, type: 'RFID' }),
  );
  return { chargers, idTagOf };
}

async function request<T>(
  apiUrl: string,
  apiKey: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`bench setup: ${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** `work(0..count-1)` with at most SETUP_CONCURRENCY running; results in index order. */
async function inPool<T>(count: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SETUP_CONCURRENCY, count) }, worker));
  return results;
}
