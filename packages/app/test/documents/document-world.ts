import type { InvoiceDocument, SessionMeterValue } from '@csms/core';
import type { DocumentHeader, DocumentQuery, StoredCustomer, StoredTenant, TenantEvent } from '@csms/db';
import { type FakeDeps, type FakeDepsOptions, fakeDeps } from '../support/fake-deps.ts';

/**
 * In-memory storage for the document use cases: finalised documents by id (their headers derived as the
 * store derives them), tenants, customers, meter values per session and the tenant event log. Every
 * repository call is recorded, so a test can say what was read — and that nothing was, for a request refused
 * before any read.
 */
export const TENANT = 't_1';

/** A document id as minted (`doc` + 20 characters), distinct per letter. */
export const docId = (letter: string): string => `doc${letter.repeat(20)}`;

/** A receipt of one 10 kWh session at 0.30 EUR/kWh net, 20 % VAT. */
export function receipt(
  id: string,
  number: string,
  overrides: Partial<InvoiceDocument> = {},
): InvoiceDocument {
  return {
    id,
    number,
    series: number.slice(0, 6),
    kind: 'receipt',
    status: 'issued',
    currency: 'EUR',
    issueDate: '2026-03-10',
    dueDate: '2026-03-10',
    paymentTerms: 'Due on receipt',
    issuedAt: '2026-03-10T12:00:00.000Z',
    creditedGross: 0,
    seller: { name: 'Volt Parking GmbH', address: { country: 'DE' } },
    buyer: { name: 'Ada Lovelace', address: { country: 'DE' } },
    customerId: 'c1',
    sessions: [
      {
        sessionId: 'ses_1',
        chargePointId: 'CP-1',
        connectorId: 1,
        startedAt: '2026-03-10T10:00:00.000Z',
        stoppedAt: '2026-03-10T11:00:00.000Z',
        energyWh: 10_000,
        durationSeconds: 3600,
      },
    ],
    lines: [
      {
        id: '1',
        sessionId: 'ses_1',
        type: 'ENERGY',
        name: 'Energy',
        quantity: '10',
        unitCode: 'KWH',
        unitPriceNet: '0.30',
        amountNet: 300,
        vatCategory: 'S',
        vatRate: '20',
      },
    ],
    vatBreakdown: [{ category: 'S', rate: '20', taxableAmount: 300, vatAmount: 60 }],
    totals: { lineNet: 300, taxExclusive: 300, vat: 60, taxInclusive: 360, prepaid: 0, payable: 360 },
    ...overrides,
  };
}

export function headerOf(doc: InvoiceDocument): DocumentHeader {
  const { lines: _lines, sessions: _sessions, ...header } = doc;
  return header;
}

export function documentCustomer(id: string, overrides: Partial<StoredCustomer> = {}): StoredCustomer {
  return {
    tenantId: TENANT,
    revision: 1,
    id,
    type: 'individual',
    name: `Customer ${id}`,
    email: `${id}@example.com`,
    status: 'active',
    statusHistory: [],
    marketingOptIn: false,
    consentHistory: [],
    termsAcceptances: [],
    outstandingDebt: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export interface DocumentState {
  readonly documents?: InvoiceDocument[];
  readonly tenants?: StoredTenant[];
  readonly customers?: StoredCustomer[];
  readonly meterValues?: Record<string, SessionMeterValue[]>;
  readonly events?: TenantEvent[];
  readonly now?: string;
  readonly repositories?: FakeDepsOptions['repositories'];
}

export interface DocumentWorld {
  readonly deps: FakeDeps;
  /** Every repository call, e.g. `documents.getDocument(doc…)`. */
  readonly calls: string[];
  /** The queries `listDocuments` and `allDocumentHeaders` were asked. */
  readonly queries: Omit<DocumentQuery, 'limit' | 'cursor'>[];
  /** The stored documents by id; a test's `finaliseDocument` may add to them. */
  readonly documents: Map<string, InvoiceDocument>;
}

export function documentWorld(state: DocumentState = {}): DocumentWorld {
  const calls: string[] = [];
  const queries: Omit<DocumentQuery, 'limit' | 'cursor'>[] = [];
  const documents = new Map((state.documents ?? []).map((d) => [d.id, d]));
  const tenants = new Map((state.tenants ?? []).map((t) => [t.id, t]));
  const customers = new Map((state.customers ?? []).map((c) => [c.id, c]));
  const headers = (query: Omit<DocumentQuery, 'limit' | 'cursor'>) =>
    [...documents.values()]
      .filter((d) => query.customerId === undefined || d.customerId === query.customerId)
      .filter((d) => query.kind === undefined || d.kind === query.kind)
      .filter((d) => query.from === undefined || d.issueDate >= query.from)
      .filter((d) => query.to === undefined || d.issueDate <= query.to)
      .sort((a, b) => a.issueDate.localeCompare(b.issueDate) * (query.oldestFirst ? 1 : -1))
      .map(headerOf);
  const stored: NonNullable<FakeDepsOptions['repositories']> = {
    documents: {
      getDocument: async (_tenantId, id) => {
        calls.push(`documents.getDocument(${id})`);
        return documents.get(id);
      },
      getDocumentHeader: async (_tenantId, id) => {
        calls.push(`documents.getDocumentHeader(${id})`);
        const doc = documents.get(id);
        return doc ? headerOf(doc) : undefined;
      },
    },
    documentLists: {
      listDocuments: async (_tenantId, query) => {
        calls.push('documentLists.listDocuments');
        queries.push(query);
        return { items: headers(query).slice(0, query.limit), nextCursor: null };
      },
      allDocumentHeaders: async (_tenantId, query) => {
        calls.push('documentLists.allDocumentHeaders');
        queries.push(query);
        return headers(query);
      },
    },
    tenants: {
      getTenant: async (id) => {
        calls.push(`tenants.getTenant(${id})`);
        return tenants.get(id);
      },
    },
    customers: {
      getCustomer: async (_tenantId, id) => {
        calls.push(`customers.getCustomer(${id})`);
        return customers.get(id);
      },
    },
    sessions: {
      meterSamplesOf: async (_tenantId, sessionId) => {
        calls.push(`sessions.meterSamplesOf(${sessionId})`);
        return state.meterValues?.[sessionId] ?? [];
      },
    },
    tenantEvents: {
      listTenantEvents: async (_tenantId, page) => {
        calls.push('tenantEvents.listTenantEvents');
        const events = state.events ?? [];
        const start = page.cursor ? Number(page.cursor) : 0;
        const end = start + page.limit;
        return {
          items: events.slice(start, end),
          nextCursor: end < events.length ? String(end) : null,
        };
      },
    },
  };
  // A test's own repository methods are added to (or replace single methods of) the stored ones.
  const extra = (state.repositories ?? {}) as Record<string, object | undefined>;
  const repositories = Object.fromEntries(
    [...new Set([...Object.keys(stored), ...Object.keys(extra)])].map((name) => [
      name,
      { ...(stored as Record<string, object | undefined>)[name], ...extra[name] },
    ]),
  ) as FakeDepsOptions['repositories'];
  const deps = fakeDeps({ ...(state.now ? { now: state.now } : {}), repositories });
  return { deps, calls, queries, documents };
}
