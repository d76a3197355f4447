import {
  defaultTenantSettings,
  type IdToken,
  normalizeIdTag,
  type Session,
  type SessionFlag,
  type SessionMeterValue,
} from '@csms/core';
import type { ConnectorState, StopUpdate, StoredCustomer } from '@csms/db';
import { type FakeDeps, type FakeDepsOptions, fakeDeps } from '../support/fake-deps.ts';

/**
 * An in-memory tenant for the session use cases. The sessions repository keeps the semantics of the real
 * one that the use cases rely on: transaction ids claimed once per tenant, sessions written only if absent,
 * an orphan recorded once per charger and transaction id, a session completed only while active, a flag added
 * at most once, and a connector freed only by the session holding it. Only what the tests need is faked;
 * anything else a use case reaches for fails, naming the method.
 */
export const TENANT = 't_1';
export const RECEIVED_AT = new Date('2026-03-15T12:00:00.000Z');

interface Owner {
  readonly sessionId: string;
  readonly chargePointId?: string;
}

export interface SessionWorldState {
  readonly sessions?: readonly Session[];
  /** Transaction ids already mapped (e.g. claimed by an orphan stop), beyond those of `sessions`. */
  readonly transactions?: ReadonlyMap<number | string, Owner>;
  readonly connectors?: ReadonlyMap<string, ConnectorState>;
  readonly samples?: ReadonlyMap<string, readonly SessionMeterValue[]>;
  readonly tokens?: readonly IdToken[];
  readonly customers?: readonly StoredCustomer[];
  /** The last transaction id handed out; the next is one more. */
  readonly lastTransactionId?: number;
  /** Lifecycle tokens of executions waiting for a session's end, by session id. */
  readonly lifecycleTokens?: ReadonlyMap<string, string>;
  readonly options?: FakeDepsOptions;
}

export interface SessionWorld {
  readonly deps: FakeDeps;
  readonly sessions: Map<string, Session>;
  readonly transactions: Map<number | string, Owner>;
  readonly connectors: Map<string, ConnectorState>;
  readonly samples: Map<string, SessionMeterValue[]>;
  /** Every write the use case made, in order, as `method(sessionId…)`. */
  readonly writes: string[];
}

export const connectorKey = (chargePointId: string, connectorId: number) => `${chargePointId}#${connectorId}`;

export function session(overrides: Partial<Session> = {}): Session {
  return {
    id: 'ses_1',
    tenantId: TENANT,
    chargePointId: 'CP-1',
    connectorId: 1,
    idTag: 'CARD-1',
    transactionId: 7,
    startedAt: '2026-03-15T10:00:00.000Z',
    meterStartWh: 1_000,
    status: 'active',
    flags: [],
    createdAt: '2026-03-15T10:00:01.000Z',
    ...overrides,
  };
}

export function token(overrides: Partial<IdToken> = {}): IdToken {
  return {
    idTag: 'CARD-1',
    type: 'RFID',
    customerId: 'cus_1',
    status: 'Accepted',
    createdAt: '2026-01-02T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    ...overrides,
  };
}

/** A company customer: unlimited credit without any payment setup, so an accepted token is simple to have. */
export function company(overrides: Partial<StoredCustomer> = {}): StoredCustomer {
  return {
    tenantId: TENANT,
    revision: 1,
    id: 'cus_1',
    type: 'company',
    name: 'Fleet GmbH',
    email: 'fleet@example.com',
    status: 'active',
    statusHistory: [{ status: 'active', at: '2026-01-02T00:00:00.000Z' }],
    marketingOptIn: false,
    consentHistory: [],
    termsAcceptances: [],
    outstandingDebt: 0,
    createdAt: '2026-01-02T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    ...overrides,
  };
}

/** A meter reading as stored (the handler maps OCPP MeterValue to this). */
export function sample(timestamp: string, energyWh?: number): SessionMeterValue {
  return {
    timestamp,
    ...(energyWh === undefined ? {} : { energyWh }),
    source: 'MeterValues',
    sampledValues: energyWh === undefined ? [] : [{ value: String(energyWh) }],
  };
}

/**
 * What rule I4 reads besides the token and its customer, for a tenant with no Terms and default settings and a
 * customer with an empty wallet: a company customer is then accepted on its credit.
 */
export const authorizationBackdrop = {
  terms: { listAllTermsDocuments: async () => [] },
  wallets: {
    getWallet: async (_tenantId: string, customerId: string) => ({
      customerId,
      balance: 0,
      creditUsed: 0,
      vouchers: [],
      discounts: [],
      discountUses: {},
    }),
  },
  discountCodes: { getDiscountCodes: async () => [] },
  tenants: {
    getTenant: async (tenantId: string) => ({
      id: tenantId,
      name: 'Volt Parking',
      email: 'ops@volt.example',
      country: 'DE',
      currency: 'EUR',
      createdAt: '2026-01-01T00:00:00.000Z',
      settings: defaultTenantSettings,
    }),
  },
} satisfies FakeDepsOptions['repositories'];

export function sessionWorld(state: SessionWorldState = {}): SessionWorld {
  const sessions = new Map((state.sessions ?? []).map((s) => [s.id, structuredClone(s)]));
  const transactions = new Map<number | string, Owner>(state.transactions ?? []);
  for (const s of sessions.values()) {
    if (!transactions.has(s.transactionId)) {
      transactions.set(s.transactionId, { sessionId: s.id, chargePointId: s.chargePointId });
    }
  }
  const connectors = new Map<string, ConnectorState>(state.connectors ?? []);
  const samples = new Map([...(state.samples ?? [])].map(([id, values]) => [id, [...values]]));
  const tokens = new Map((state.tokens ?? []).map((t) => [normalizeIdTag(t.idTag), t]));
  const customers = new Map((state.customers ?? []).map((c) => [c.id, c]));
  const lifecycleTokens = new Map(state.lifecycleTokens ?? []);
  const writes: string[] = [];
  let lastTransactionId = state.lastTransactionId ?? 100;

  const sessionsRepository = {
    nextTransactionId: async () => ++lastTransactionId,
    connectorState: async (_tenantId: string, chargePointId: string, connectorId: number) => ({
      ...connectors.get(connectorKey(chargePointId, connectorId)),
    }),
    connectorSessionId: async (_tenantId: string, chargePointId: string, connectorId: number) =>
      connectors.get(connectorKey(chargePointId, connectorId))?.sessionId,
    createSession: async (created: Session & { readonly transactionId: number }) => {
      if (transactions.has(created.transactionId)) return 'transaction-id-taken' as const;
      const seen = sessions.get(created.id);
      if (seen) return { sessionId: seen.id, transactionId: seen.transactionId as number };
      transactions.set(created.transactionId, {
        sessionId: created.id,
        chargePointId: created.chargePointId,
      });
      sessions.set(created.id, structuredClone(created));
      connectors.set(connectorKey(created.chargePointId, created.connectorId), {
        sessionId: created.id,
        lastMeterWh: created.meterStartWh,
      });
      writes.push(`createSession(${created.id}, ${created.transactionId})`);
      return { sessionId: created.id, transactionId: created.transactionId };
    },
    createOrphanSession: async (orphan: Session & { readonly transactionId: number }) => {
      if (sessions.has(orphan.id)) return 'repeated' as const;
      // The id stays mapped to the session that holds it (another charger's), else it maps to the orphan.
      if (!transactions.has(orphan.transactionId)) {
        transactions.set(orphan.transactionId, { sessionId: orphan.id, chargePointId: orphan.chargePointId });
      }
      sessions.set(orphan.id, structuredClone(orphan));
      writes.push(`createOrphanSession(${orphan.id})`);
      return 'recorded' as const;
    },
    createChargerTransactionSession: async (created: Session & { readonly transactionId: string }) => {
      if (sessions.has(created.id)) return 'existed' as const;
      sessions.set(created.id, structuredClone(created));
      if (created.status === 'active') {
        connectors.set(connectorKey(created.chargePointId, created.connectorId), {
          sessionId: created.id,
          lastMeterWh: created.meterStartWh,
        });
      }
      writes.push(`createChargerTransactionSession(${created.id}, ${created.transactionId})`);
      return 'created' as const;
    },
    identifySessionDriver: async (
      _tenantId: string,
      sessionId: string,
      driver: { idTag: string; customerId?: string | undefined; flags: readonly SessionFlag[] },
    ) => {
      const stored = sessions.get(sessionId);
      if (stored?.idTag !== '') return false;
      sessions.set(sessionId, {
        ...stored,
        idTag: driver.idTag,
        ...(driver.customerId === undefined ? {} : { customerId: driver.customerId }),
        flags: [...driver.flags],
      });
      writes.push(`identifySessionDriver(${sessionId}, ${driver.idTag})`);
      return true;
    },
    amendSessionStart: async (amended: Session, start: { startedAt: string; meterStartWh: number }) => {
      const stored = sessions.get(amended.id);
      if (stored?.status !== 'active' || stored.startedAt <= start.startedAt) return false;
      sessions.set(amended.id, { ...stored, ...start });
      writes.push(`amendSessionStart(${amended.id}, ${start.startedAt})`);
      return true;
    },
    transactionOwner: async (_tenantId: string, transactionId: number) => transactions.get(transactionId),
    getSession: async (_tenantId: string, sessionId: string) => structuredClone(sessions.get(sessionId)),
    completeSession: async (stopped: Session, stop: StopUpdate) => {
      const key = connectorKey(stopped.chargePointId, stopped.connectorId);
      const connector = connectors.get(key);
      if (connector?.sessionId === undefined || connector.sessionId === stopped.id) {
        connectors.set(key, { lastMeterWh: stop.meterStopWh });
      }
      const stored = sessions.get(stopped.id);
      if (stored?.status !== 'active') return false;
      sessions.set(stopped.id, {
        ...stored,
        status: 'completed',
        stoppedAt: stop.stoppedAt,
        meterStopWh: stop.meterStopWh,
        energyWh: stop.energyWh,
        stopReason: stop.stopReason,
        flags: [...stop.flags],
      });
      writes.push(`completeSession(${stopped.id})`);
      return true;
    },
    flagSession: async (_tenantId: string, sessionId: string, flag: SessionFlag) => {
      const stored = sessions.get(sessionId);
      if (!stored || stored.flags.includes(flag)) return;
      sessions.set(sessionId, { ...stored, flags: [...stored.flags, flag] });
      writes.push(`flagSession(${sessionId}, ${flag})`);
    },
    appendMeterSamples: async (_tenantId: string, sessionId: string, added: readonly SessionMeterValue[]) => {
      samples.set(sessionId, [...(samples.get(sessionId) ?? []), ...added]);
      writes.push(`appendMeterSamples(${sessionId}, ${added.length})`);
    },
    meterSamplesOf: async (_tenantId: string, sessionId: string) => [...(samples.get(sessionId) ?? [])],
  };

  const options = state.options ?? {};
  const deps = fakeDeps({
    now: RECEIVED_AT,
    ...options,
    repositories: {
      sessions: sessionsRepository,
      sessionLifecycle: {
        takeLifecycleToken: async (_tenantId: string, sessionId: string) => {
          const taken = lifecycleTokens.get(sessionId);
          lifecycleTokens.delete(sessionId);
          return taken;
        },
      },
      idTokens: { getIdToken: async (_tenantId, idTag) => tokens.get(normalizeIdTag(idTag)) },
      customers: { getCustomer: async (_tenantId, customerId) => customers.get(customerId) },
      ...authorizationBackdrop,
      ...options.repositories,
    },
  });
  return { deps, sessions, transactions, connectors, samples, writes };
}
