import type { StoredTariffVersion, TariffRecord, TariffScope } from '@csms/db';
import { type FakeDeps, fakeDeps } from '../../support/fake-deps.ts';
import { TENANT } from '../pricing-world.ts';

/** Tariff ids as `newId('tar')` mints them. */
export const tariffId = (letter: string): string => `tar${letter.repeat(20)}`;

export const tenant = {
  tenantId: TENANT,
  currency: 'EUR',
  settings: { defaultVatRate: '20', priceChangeNoticeDays: 30 },
};

export interface TariffWorld {
  readonly deps: FakeDeps;
  readonly tariffs: Map<string, TariffRecord>;
  /** Created with the default scope they were created for. */
  readonly created: { record: TariffRecord; defaultScope: TariffScope | undefined }[];
  readonly assignments: Map<string, { scope: TariffScope; tariffId: string | null; at: string }>;
  readonly inUse: Set<string>;
}

const keyOf = (scope: TariffScope) => JSON.stringify(scope);

/**
 * Tariffs and assignments in Maps, written as the table does: a version is appended only to an active
 * tariff, an archived or unknown tariff cannot be assigned, an assigned one cannot be archived.
 */
export function tariffWorld(
  state: {
    tariffs?: TariffRecord[];
    inUse?: string[];
    now?: string;
    extra?: Parameters<typeof fakeDeps>[0];
  } = {},
): TariffWorld {
  const tariffs = new Map((state.tariffs ?? []).map((t) => [t.tariff.id, t]));
  const created: TariffWorld['created'] = [];
  const assignments: TariffWorld['assignments'] = new Map();
  const inUse = new Set(state.inUse ?? []);
  const deps = fakeDeps({
    now: state.now ?? '2026-03-15T12:00:00.000Z',
    ...state.extra,
    repositories: {
      ...state.extra?.repositories,
      tenants: { getTenant: async (id) => (id === TENANT ? (tenant as never) : undefined) },
      tariffs: {
        getTariff: async (_t, id) => tariffs.get(id),
        createTariff: async (tariff, version, defaultScope) => {
          const record = { tariff, versions: [version] };
          tariffs.set(tariff.id, record);
          created.push({ record, defaultScope });
          return 'created';
        },
        addTariffVersion: async (_t, id, version: StoredTariffVersion) => {
          const record = tariffs.get(id);
          if (!record) return 'not-found';
          if (record.tariff.status === 'archived') return 'archived';
          if (record.tariff.latestVersion !== version.version - 1) return 'conflict';
          tariffs.set(id, {
            tariff: { ...record.tariff, latestVersion: version.version },
            versions: [...record.versions, version],
          });
          return 'added';
        },
        archiveTariff: async (_t, id, at) => {
          const record = tariffs.get(id);
          if (!record) return 'not-found';
          if (inUse.has(id)) return 'in-use';
          tariffs.set(id, { ...record, tariff: { ...record.tariff, status: 'archived', archivedAt: at } });
          return 'archived';
        },
      },
      tariffAssignments: {
        changeAssignment: async (_t, scope, id, at) => {
          if (id !== null && tariffs.get(id)?.tariff.status !== 'active') return 'tariff-unusable';
          assignments.set(keyOf(scope), { scope, tariffId: id, at });
          return 'changed';
        },
        getAssignment: async (_t, scope) => {
          const found = assignments.get(keyOf(scope));
          return found?.tariffId
            ? {
                scopeKey: keyOf(scope),
                scope,
                tariffId: found.tariffId,
                history: [{ from: found.at, tariffId: found.tariffId }],
                updatedAt: found.at,
                revision: 1,
              }
            : undefined;
        },
      },
    },
  });
  return { deps, tariffs, created, assignments, inUse };
}
