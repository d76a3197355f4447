import type { RPCClient } from 'ocpp-rpc';
import type { LocalStack } from '../../src/stack.ts';
import { strictCharger } from './chargers.ts';
import { type ApiResponse, type apiClient, signUpWithChargePoint } from './local-stack.ts';

/**
 * What the OCPP 1.6 conformance suites share: a tenant that can charge (Terms published, customers who
 * accepted them, tokens issued through the REST API), strict chargers, and the Sessions API as a test sees it.
 */
type Api = ReturnType<typeof apiClient>;

export interface SessionView {
  id: string;
  chargePointId: string;
  connectorId: number;
  idTag: string;
  customerId: string | null;
  transactionId: number;
  startedAt: string;
  stoppedAt: string | null;
  meterStartWh: number;
  meterStopWh: number | null;
  energyWh: number | null;
  status: 'active' | 'completed' | 'orphan';
  stopReason: string | null;
  flags: string[];
}

export interface MeterValueView {
  timestamp: string;
  energyWh?: number;
  powerW?: number;
  context?: string;
  source: 'MeterValues' | 'StopTransaction';
  sampledValues: Record<string, unknown>[];
}

export type SessionDetail = SessionView & { meterValues: MeterValueView[] };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ChargingTenant {
  readonly tenantId: string;
  readonly api: Api;
  readonly termsId: string;
  /** Registers a charge point of this tenant (once) and returns its OCPP URL and password. */
  readonly credentials: (chargePointId: string) => Promise<{ ocppUrl: string; password: string }>;
  /** Connects a strict 1.6 client as a charge point of this tenant, registering it first if needed. */
  readonly charger: (chargePointId: string) => Promise<RPCClient>;
  /**
   * Connects a strict OCPP 2.0.1 client the same way and, unless `boot` is false, boots it (asserting
   * `Accepted`), so it can charge at once.
   */
  readonly charger201: (chargePointId: string, options?: { readonly boot?: boolean }) => Promise<RPCClient>;
}

/** A tenant with published Terms and one registered charge point (`firstChargePointId`), nothing connected. */
export async function chargingTenant(stack: LocalStack, firstChargePointId: string): Promise<ChargingTenant> {
  const first = await signUpWithChargePoint(stack, firstChargePointId);
  const { api } = first;
  const terms = await api<{ id: string }>('POST', '/v1/terms', {
    kind: 'terms',
    version: '1',
    material: true,
    text: 'Charging terms.',
  });
  if (terms.status !== 201) throw new Error(`terms: ${JSON.stringify(terms.body)}`);
  const known = new Map([[firstChargePointId, { ocppUrl: first.ocppUrl, password: first.password }]]);
  const credentials = async (chargePointId: string) => {
    const cp = known.get(chargePointId);
    if (cp) return cp;
    const registered = await api<{ password: string; ocppUrl: string }>('POST', '/v1/charge-points', {
      id: chargePointId,
    });
    if (registered.status !== 201) throw new Error(`register: ${JSON.stringify(registered.body)}`);
    const { ocppUrl, password } = registered.body;
    known.set(chargePointId, { ocppUrl, password });
    return { ocppUrl, password };
  };
  return {
    tenantId: first.tenantId,
    api,
    termsId: terms.body.id,
    credentials,
    charger: async (chargePointId) => {
      const { ocppUrl, password } = await credentials(chargePointId);
      const client = strictCharger(ocppUrl, password);
      await client.connect();
      return client;
    },
    charger201: async (chargePointId, options = {}) => {
      const { ocppUrl, password } = await credentials(chargePointId);
      const client = strictCharger(ocppUrl, password, ['ocpp2.0.1']);
      await client.connect();
      if (client.protocol !== 'ocpp2.0.1') throw new Error(`negotiated ${client.protocol}, not ocpp2.0.1`);
      if (options.boot ?? true) {
        const boot = (await client.call('BootNotification', {
          reason: 'PowerUp',
          chargingStation: { model: 'Wallbox 201', vendorName: 'ACME', firmwareVersion: '2.0.0' },
        })) as { status: string };
        if (boot.status !== 'Accepted') throw new Error(`boot answered ${boot.status}`);
      }
      return client;
    },
  };
}

export interface TokenOptions {
  /**
   * `company` by default: companies charge on contracted credit (P4), a usable payment means for rule I4
   * without a card. An `individual` needs a card, balance or voucher first.
   */
  readonly type?: 'company' | 'individual';
  /** Accept the tenant's Terms (default true). */
  readonly acceptTerms?: boolean;
  readonly expiresAt?: string;
  readonly groupIdTag?: string;
}

/** A customer who may charge (Terms accepted, a payment means) with one RFID token; returns the customer id. */
export async function customerWithToken(
  tenant: ChargingTenant,
  idTag: string,
  options: TokenOptions = {},
): Promise<string> {
  const { api } = tenant;
  const customer = await api<{ id: string }>('POST', '/v1/customers', {
    type: options.type ?? 'company',
    name: `Driver ${idTag}`,
    email: `${idTag.toLowerCase().replace(/[^a-z0-9]/g, '')}@drivers.example`,
  });
  if (customer.status !== 201) throw new Error(`customer: ${JSON.stringify(customer.body)}`);
  if (options.acceptTerms ?? true) {
    const accepted = await api('POST', `/v1/customers/${customer.body.id}/terms-acceptances`, {
      termsId: tenant.termsId,
    });
    if (accepted.status !== 201) throw new Error(`terms acceptance: ${JSON.stringify(accepted.body)}`);
  }
  const token = await api('POST', '/v1/id-tokens', {
    idTag,
    customerId: customer.body.id,
    type: 'RFID',
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
    ...(options.groupIdTag ? { groupIdTag: options.groupIdTag } : {}),
  });
  if (token.status !== 201) throw new Error(`token: ${JSON.stringify(token.body)}`);
  return customer.body.id;
}

/** Every session of a charge point, newest start first, following cursors. */
export async function sessionsOf(api: Api, chargePointId: string): Promise<SessionView[]> {
  const all: SessionView[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: ApiResponse<Page<SessionView>> = await api(
      'GET',
      `/v1/sessions?chargePointId=${encodeURIComponent(chargePointId)}&limit=100${suffix}`,
    );
    if (page.status !== 200) throw new Error(`list sessions: ${JSON.stringify(page.body)}`);
    all.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all;
}

/** The session of a transaction id as GET /v1/sessions/{id} shows it (with meter values). */
export async function sessionOfTransaction(
  api: Api,
  chargePointId: string,
  transactionId: number,
): Promise<SessionDetail> {
  const matches = (await sessionsOf(api, chargePointId)).filter((s) => s.transactionId === transactionId);
  if (matches.length !== 1) {
    throw new Error(`expected one session of transaction ${transactionId}, found ${matches.length}`);
  }
  const detail = await api<SessionDetail>('GET', `/v1/sessions/${(matches[0] as SessionView).id}`);
  if (detail.status !== 200) throw new Error(`get session: ${JSON.stringify(detail.body)}`);
  return detail.body;
}

/** ISO timestamp `minutes` from now (negative: in the past). */
export const minutesFromNow = (minutes: number): string =>
  new Date(Date.now() + minutes * 60_000).toISOString();

export interface StartAnswer {
  transactionId: number;
  idTagInfo: { status: string; expiryDate?: string; parentIdTag?: string };
}

/** The example tariff as the tenant default: 0.30 net per kWh, 20 % VAT (plus an optional idle fee). */
export async function createDefaultTariff(
  api: Api,
  idleFee?: { pricePerMinute: string; graceMinutes: number },
): Promise<string> {
  const tariff = await api<{ id: string }>('POST', '/v1/tariffs', {
    name: 'Standard AC',
    currency: 'EUR',
    vatRate: '20',
    default: true,
    elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30', stepSize: 1 }] }],
    ...(idleFee ? { idleFee } : {}),
  });
  if (tariff.status !== 201) throw new Error(`tariff: ${JSON.stringify(tariff.body)}`);
  return tariff.body.id;
}

/**
 * A strict charger that obeys RemoteStopTransaction like a real one (accepts) and records which transactions it
 * was asked to stop. It is added to `open` so the suite can close it after each test.
 */
export async function obedientCharger(tenant: ChargingTenant, id: string, open: RPCClient[]) {
  const cp = await tenant.charger(id);
  open.push(cp);
  const stops: number[] = [];
  cp.handle('RemoteStopTransaction', async ({ params }) => {
    stops.push(Number(params?.transactionId));
    return { status: 'Accepted' };
  });
  return { cp, stops };
}

/** One OCPP 1.6 `MeterValue` with the energy register (Wh), stamped now. */
export const energyReading = (wh: number) => ({
  timestamp: minutesFromNow(0),
  sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
});
