import {
  assignmentScopeKey,
  type ConnectorConfig,
  type Session,
  type SessionMeterValue,
  type TariffAssignment,
  type TariffVersion,
} from '@csms/core';
import type {
  AssignmentChange,
  StoredChargePoint,
  StoredCustomer,
  StoredTariffAssignment,
  StoredTariffVersion,
  TariffRecord,
  TariffScope,
} from '@csms/db';
import { type FakeDeps, fakeDeps } from '../support/fake-deps.ts';

/** In-memory storage for pricing tests: charge points, customers, tariffs and assignments with history. */

export const TENANT = 't_1';

const keyOf = (scope: TariffScope): string =>
  assignmentScopeKey({ ...scope, tariffId: '' } as TariffAssignment);

/** A tariff version net of VAT, EUR, 20 % VAT, UTC unless told otherwise. */
export function version(
  number: number,
  effectiveFrom: string,
  prices: Partial<TariffVersion> = {},
): StoredTariffVersion {
  return {
    version: number,
    effectiveFrom,
    createdAt: effectiveFrom,
    noticeWaived: false,
    currency: 'EUR',
    vatRate: '20',
    timeZone: 'UTC',
    elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30' }] }],
    ...prices,
  };
}

export function tariff(id: string, versions: StoredTariffVersion[], name = `Tariff ${id}`): TariffRecord {
  return {
    tariff: {
      tenantId: TENANT,
      id,
      name,
      status: 'active',
      latestVersion: Math.max(...versions.map((v) => v.version), 0),
      assignmentCount: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
    versions,
  };
}

/** An assignment of one scope; `history` as (from, tariffId) pairs, oldest first. */
export function assigned(scope: TariffScope, ...history: [from: string, tariffId: string | null][]) {
  const changes: AssignmentChange[] = history.map(([from, tariffId]) => ({ from, tariffId }));
  const current = changes.at(-1)?.tariffId;
  const stored: StoredTariffAssignment = {
    scopeKey: keyOf(scope),
    scope,
    ...(current ? { tariffId: current } : {}),
    history: changes,
    updatedAt: changes.at(-1)?.from ?? '2026-01-01T00:00:00.000Z',
    revision: changes.length,
  };
  return stored;
}

export function chargePoint(
  id: string,
  options: { siteId?: string; connectors?: ConnectorConfig[] } = {},
): StoredChargePoint {
  return {
    tenantId: TENANT,
    id,
    passwordHash: 'x',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...(options.siteId ? { siteId: options.siteId } : {}),
    ...(options.connectors ? { configuredConnectors: options.connectors } : {}),
  };
}

export const acConnector = (connectorId: number): ConnectorConfig => ({
  connectorId,
  type: 'Type2',
  current: 'AC',
  maxKw: 22,
});
export const dcConnector = (connectorId: number): ConnectorConfig => ({
  connectorId,
  type: 'CCS',
  current: 'DC',
  maxKw: 150,
});

export function pricingCustomer(id: string, type: 'individual' | 'company'): StoredCustomer {
  return {
    tenantId: TENANT,
    revision: 1,
    id,
    type,
    name: id,
    email: `${id}@example.com`,
    status: 'active',
    statusHistory: [],
    marketingOptIn: false,
    consentHistory: [],
    termsAcceptances: [],
    outstandingDebt: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

export function session(overrides: Partial<Session> = {}): Session {
  return {
    id: 'ses_1',
    tenantId: TENANT,
    chargePointId: 'CP-1',
    connectorId: 1,
    idTag: 'CARD-1',
    transactionId: 1,
    startedAt: '2026-03-15T10:00:00.000Z',
    meterStartWh: 100_000,
    status: 'active',
    flags: [],
    createdAt: '2026-03-15T10:00:00.000Z',
    ...overrides,
  };
}

export function meterValue(timestamp: string, energyWh: number): SessionMeterValue {
  return { timestamp, energyWh, source: 'MeterValues', sampledValues: [] };
}

export interface PricingWorld {
  readonly chargePoints?: StoredChargePoint[];
  readonly customers?: StoredCustomer[];
  readonly tariffs?: TariffRecord[];
  readonly assignments?: StoredTariffAssignment[];
  readonly meterValues?: Record<string, SessionMeterValue[]>;
  readonly statuses?: Record<string, { at: string; status: string }[]>;
  readonly now?: string;
}

export interface PricingFakes {
  readonly deps: FakeDeps;
  /** Every repository call, e.g. `tariffs.getTariff(tar_a)`. */
  readonly calls: string[];
  /** The scope keys each `assignmentsOfScopes` call asked for. */
  readonly askedScopes: string[][];
}

export function pricingWorld(state: PricingWorld = {}): PricingFakes {
  const calls: string[] = [];
  const askedScopes: string[][] = [];
  const chargePoints = new Map((state.chargePoints ?? []).map((cp) => [cp.id, cp]));
  const customers = new Map((state.customers ?? []).map((c) => [c.id, c]));
  const tariffs = new Map((state.tariffs ?? []).map((t) => [t.tariff.id, t]));
  const assignments = new Map((state.assignments ?? []).map((a) => [a.scopeKey, a]));
  const deps = fakeDeps({
    ...(state.now ? { now: state.now } : {}),
    repositories: {
      chargePoints: {
        getChargePoint: async (_tenantId, id) => {
          calls.push(`chargePoints.getChargePoint(${id})`);
          const found = chargePoints.get(id);
          return found ? { chargePoint: found, connectors: [] } : undefined;
        },
      },
      customers: {
        getCustomer: async (_tenantId, id) => {
          calls.push(`customers.getCustomer(${id})`);
          return customers.get(id);
        },
      },
      tariffAssignments: {
        assignmentsOfScopes: async (_tenantId, scopes) => {
          const keys = [...new Set(scopes.map(keyOf))];
          askedScopes.push(keys);
          calls.push('tariffAssignments.assignmentsOfScopes');
          return keys.flatMap((key) => assignments.get(key) ?? []);
        },
      },
      tariffs: {
        getTariff: async (_tenantId, id) => {
          calls.push(`tariffs.getTariff(${id})`);
          return tariffs.get(id);
        },
      },
      sessions: {
        meterSamplesOf: async (_tenantId, sessionId) => {
          calls.push(`sessions.meterSamplesOf(${sessionId})`);
          return state.meterValues?.[sessionId] ?? [];
        },
      },
      sessionStatuses: {
        sessionStatusesOf: async (_tenantId, sessionId) => {
          calls.push(`sessionStatuses.sessionStatusesOf(${sessionId})`);
          return state.statuses?.[sessionId] ?? [];
        },
      },
    },
  });
  return { deps, calls, askedScopes };
}
