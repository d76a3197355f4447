import type {
  AvailabilityIntent,
  ChargePointChanges,
  ChargePointWithConnectors,
  StoredChargePoint,
  StoredSite,
  UpdateOutcome,
} from '@csms/db';
import { type FakeDeps, type FakeDepsOptions, fakeDeps } from '../../support/fake-deps.ts';

/**
 * The charge point registry in memory: registrations in a Map (a decommissioned one keeps its identity),
 * the tenant's sites in a Map, availability wishes and connections closed recorded. `conflictOn` makes the
 * next write to that charge point lose a race, as the conditional update would.
 */
export const TENANT = 't_1';
export const SITE_ID = 's0123456789abcdefghjk';
export const OTHER_SITE_ID = 's0000000000000000000z';

export interface RegistryWorld {
  readonly deps: FakeDeps;
  readonly chargePoints: Map<string, ChargePointWithConnectors>;
  readonly sites: Map<string, StoredSite>;
  readonly intents: { chargePointId: string; intent: AvailabilityIntent }[];
  readonly closed: string[];
  readonly conflictOn: Set<string>;
}

export const site = (id: string, name = 'Depot'): StoredSite => ({
  id,
  tenantId: TENANT,
  name,
  address: { line1: 'Main 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
  coordinates: { latitude: 52.5, longitude: 13.4 },
  timeZone: 'Europe/Berlin',
  chargePointCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

export function registered(overrides: Partial<StoredChargePoint> = {}): StoredChargePoint {
  return {
    tenantId: TENANT,
    id: 'CP-1',
    passwordHash: 'sha256$old$00',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function registryWorld(
  options: {
    chargePoints?: readonly StoredChargePoint[];
    sites?: readonly StoredSite[];
    heartbeatIntervalSeconds?: number;
  } & FakeDepsOptions = {},
): RegistryWorld {
  const chargePoints = new Map<string, ChargePointWithConnectors>(
    (options.chargePoints ?? []).map((cp) => [cp.id, { chargePoint: cp, connectors: [] }]),
  );
  const sites = new Map((options.sites ?? [site(SITE_ID)]).map((s) => [s.id, s]));
  const intents: RegistryWorld['intents'] = [];
  const closed: string[] = [];
  const conflictOn = new Set<string>();

  const update = (
    current: StoredChargePoint,
    change: (cp: StoredChargePoint) => StoredChargePoint,
  ): UpdateOutcome => {
    if (conflictOn.has(current.id)) return 'conflict';
    const changed = change(current);
    if (changed.siteId !== undefined && !sites.has(changed.siteId)) return 'unknown-site';
    const found = chargePoints.get(current.id);
    chargePoints.set(current.id, { chargePoint: changed, connectors: found?.connectors ?? [] });
    return 'updated';
  };
  const without = (cp: StoredChargePoint, field: keyof StoredChargePoint): StoredChargePoint => {
    const { [field]: _dropped, ...rest } = cp;
    return rest as StoredChargePoint;
  };

  const deps = fakeDeps({
    ...options,
    chargers: { close: async (connectionId) => void closed.push(connectionId), ...options.chargers },
    repositories: {
      chargePoints: {
        getChargePoint: async (_tenantId, id) => chargePoints.get(id),
        registerChargePoint: async (cp) => {
          if (chargePoints.has(cp.id)) return 'identity-taken';
          if (cp.siteId !== undefined && !sites.has(cp.siteId)) return 'unknown-site';
          chargePoints.set(cp.id, { chargePoint: cp, connectors: [] });
          return 'registered';
        },
        configureChargePoint: async (current, changes: ChargePointChanges, at) =>
          update(current, (cp) => {
            let next: StoredChargePoint = { ...cp, updatedAt: at };
            if (changes.name === null) next = without(next, 'name');
            else if (changes.name !== undefined) next = { ...next, name: changes.name };
            if (changes.siteId === null) next = without(next, 'siteId');
            else if (changes.siteId !== undefined) next = { ...next, siteId: changes.siteId };
            if (changes.configuredConnectors !== undefined)
              next = { ...next, configuredConnectors: changes.configuredConnectors };
            if (changes.maintenance !== undefined) next = { ...next, maintenance: changes.maintenance };
            return next;
          }),
        setChargePointPassword: async (current, passwordHash, at) =>
          update(current, (cp) => ({ ...cp, passwordHash, updatedAt: at })),
        decommissionChargePoint: async (current, at) =>
          update(current, (cp) => ({ ...without(cp, 'siteId'), decommissionedAt: at, updatedAt: at })),
        listChargePoints: async (_tenantId, request) => ({
          items: [...chargePoints.values()]
            .filter(({ chargePoint }) => chargePoint.decommissionedAt === undefined)
            .filter(
              ({ chargePoint }) => request.siteId === undefined || chargePoint.siteId === request.siteId,
            )
            .slice(0, request.limit),
          nextCursor: null,
        }),
      },
      sites: { getSite: async (_tenantId, id) => sites.get(id) },
      tenants: {
        getTenant: async () =>
          options.heartbeatIntervalSeconds === undefined
            ? undefined
            : ({ settings: { heartbeatIntervalSeconds: options.heartbeatIntervalSeconds } } as never),
      },
      availability: {
        saveAvailabilityIntent: async (_tenantId, chargePointId, intent) =>
          void intents.push({ chargePointId, intent }),
      },
      ...options.repositories,
    },
  });
  return { deps, chargePoints, sites, intents, closed, conflictOn };
}
