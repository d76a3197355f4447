import type { CustomerStatus, IdToken } from '@csms/core';
import type { LocalListLimits, LocalListOutcomeUpdate, LocalListState } from '@csms/db';
import { chargerWorld, fastTimeouts, type World, type WorldOptions } from './charger-world.ts';

/**
 * The local-list storage of one tenant in Maps: each charger's list state (written as
 * `recordLocalListOutcome` does: the version only moves forward), the tenant's tokens and customers' statuses.
 */
export interface LocalListWorld extends World {
  readonly states: Map<string, LocalListState>;
  readonly outcomes: { chargePointId: string; update: LocalListOutcomeUpdate }[];
  readonly savedLimits: { chargePointId: string; limits: LocalListLimits }[];
}

export interface LocalListWorldOptions extends WorldOptions {
  readonly tokens?: readonly IdToken[];
  readonly customers?: Record<string, CustomerStatus>;
  readonly states?: readonly LocalListState[];
}

export function token(idTag: string, overrides: Partial<IdToken> = {}): IdToken {
  return {
    idTag,
    type: 'RFID',
    customerId: 'cus_1',
    status: 'Accepted',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function localListWorld(options: LocalListWorldOptions = {}): LocalListWorld {
  const states = new Map<string, LocalListState>();
  for (const state of options.states ?? []) states.set(state.chargePointId, state);
  const outcomes: LocalListWorld['outcomes'] = [];
  const savedLimits: LocalListWorld['savedLimits'] = [];
  const customers = options.customers ?? { cus_1: 'active' };
  const world = chargerWorld({
    settings: { timeouts: fastTimeouts },
    ...options,
    repositories: {
      localAuthLists: {
        getLocalListState: async (_tenantId, chargePointId) => structuredClone(states.get(chargePointId)),
        listLocalListStates: async () => [...states.values()].map((state) => structuredClone(state)),
        saveLocalListLimits: async (_tenantId, chargePointId, limits) => {
          savedLimits.push({ chargePointId, limits });
          states.set(chargePointId, { ...states.get(chargePointId), chargePointId, limits });
        },
        recordLocalListOutcome: async (_tenantId, chargePointId, update) => {
          outcomes.push({ chargePointId, update });
          const { changesSince: _since, ...current } = states.get(chargePointId) ?? { chargePointId };
          const since = states.get(chargePointId)?.changesSince;
          const recorded = {
            ...current,
            chargePointId,
            [update.as]: update.record,
            updatedAt: update.record.at,
          };
          const stale =
            update.acceptedVersion !== undefined &&
            current.listVersion !== undefined &&
            current.listVersion >= update.acceptedVersion;
          if (stale) {
            states.set(chargePointId, {
              ...recorded,
              ...(since === undefined ? {} : { changesSince: since }),
            });
            return;
          }
          const changesSince = update.resetChangesSince ? undefined : (update.changesSince ?? since);
          states.set(chargePointId, {
            ...recorded,
            ...(update.acceptedVersion === undefined ? {} : { listVersion: update.acceptedVersion }),
            ...(changesSince === undefined ? {} : { changesSince }),
          });
        },
        listAllIdTokens: async () => [...(options.tokens ?? [])],
        customerStatuses: async (_tenantId, customerIds) =>
          new Map(
            customerIds.flatMap((id) => (customers[id] === undefined ? [] : [[id, customers[id]] as const])),
          ),
      },
      ...options.repositories,
    },
  });
  return { ...world, states, outcomes, savedLimits };
}
