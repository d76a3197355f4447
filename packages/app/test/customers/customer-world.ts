import {
  type Customer,
  type Driver,
  type IdToken,
  newCustomer,
  normalizeIdTag,
  type TermsDocument,
} from '@csms/core';
import type { CustomerChange, StoredCustomer } from '@csms/db';
import { type FakeDeps, fakeDeps } from '../support/fake-deps.ts';

/** Customers, drivers, ID tokens and Terms versions of one tenant in Maps, with the repository methods on them. */
export function customerWorld(options: { terms?: TermsDocument[] } = {}) {
  const customers = new Map<string, StoredCustomer>();
  const drivers = new Map<string, Driver>();
  const tokens = new Map<string, IdToken>();
  const terms = new Map((options.terms ?? []).map((d) => [d.id, d]));
  const pushes: string[] = [];

  const deps: FakeDeps = fakeDeps({
    repositories: {
      customers: {
        getCustomer: async (_tenantId: string, id: string) => customers.get(id),
        createCustomer: async (tenantId: string, customer: Customer) => {
          const stored = { ...customer, tenantId, revision: 1 };
          customers.set(customer.id, stored);
          return stored;
        },
        updateCustomer: async (
          _tenantId: string,
          id: string,
          change: (current: StoredCustomer) => CustomerChange | undefined,
        ) => {
          const current = customers.get(id);
          if (!current) return undefined;
          const result = change(current);
          if (!result) return current;
          const next = { ...current, ...result.next, revision: current.revision + 1 };
          customers.set(id, next);
          return next;
        },
        putDriver: async (_tenantId: string, driver: Driver) => void drivers.set(driver.id, driver),
        getDriver: async (_tenantId: string, customerId: string, id: string) => {
          const driver = drivers.get(id);
          return driver?.customerId === customerId ? driver : undefined;
        },
        deleteDriver: async (_tenantId: string, customerId: string, id: string) =>
          drivers.get(id)?.customerId === customerId && drivers.delete(id),
      },
      idTokens: {
        createIdToken: async (_tenantId: string, token: IdToken) => {
          if (tokens.has(normalizeIdTag(token.idTag))) return false;
          tokens.set(normalizeIdTag(token.idTag), token);
          return true;
        },
        getIdToken: async (_tenantId: string, idTag: string) => tokens.get(normalizeIdTag(idTag)),
        updateIdToken: async (_tenantId: string, idTag: string, change: (current: IdToken) => IdToken) => {
          const current = tokens.get(normalizeIdTag(idTag));
          if (!current) return undefined;
          const next = change(current);
          tokens.set(normalizeIdTag(idTag), next);
          return next;
        },
        listAllIdTokensOfCustomer: async (_tenantId: string, customerId: string) =>
          [...tokens.values()].filter((t) => t.customerId === customerId),
      },
      terms: {
        getTermsDocument: async (_tenantId: string, id: string) => terms.get(id),
        listAllTermsDocuments: async () => [...terms.values()],
      },
      localAuthLists: {
        // No charger holds a list; the push is recorded by asking for the holders.
        listLocalListStates: async (tenantId: string) => {
          pushes.push(tenantId);
          return [];
        },
      },
    },
  });

  const addCustomer = (id: string, extra: Partial<StoredCustomer> = {}): StoredCustomer => {
    const customer: StoredCustomer = {
      ...newCustomer(
        {
          type: 'company',
          name: `Customer ${id}`,
          email: `${id}@example.com`,
          marketingOptIn: false,
        } as never,
        id,
        new Date('2026-03-01T00:00:00Z'),
      ),
      tenantId: 't_1',
      revision: 1,
      ...extra,
    };
    customers.set(id, customer);
    return customer;
  };

  return { deps, customers, drivers, tokens, terms, pushes, addCustomer };
}

export const termsVersion = (
  id: string,
  version: string,
  material: boolean,
  effectiveFrom: string,
): TermsDocument => ({
  id,
  kind: 'terms',
  version,
  material,
  text: `Terms ${version}`,
  effectiveFrom,
  publishedAt: effectiveFrom,
});
