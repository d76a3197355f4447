import type { Deps } from '@csms/app/deps';
import type { Session } from '@csms/core';
import type { StoredCustomer } from '@csms/db';
import { type SessionCostDeps, sessionCost } from '../../pricing/session-cost.ts';
import { type IssueDeps, issueMonthlyInvoice } from '../issue.ts';

/**
 * Monthly close (N3): one invoice per company customer over the month's completed sessions, dated the last day
 * of the month, due per the tenant's `invoiceDueDays`. Sessions belong to the month they started in. Closing
 * the same month again issues nothing new (the invoice's id is derived from customer and month).
 */
export interface MonthlyCloseResult {
  readonly period: string;
  readonly invoices: {
    id: string;
    number: string | null;
    customerId: string;
    totalGross: number;
    created: boolean;
  }[];
}

export function periodRange(period: string): { from: string; to: string } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(year, month - 1, 1)).toISOString();
  const to = new Date(Date.UTC(year, month, 1)).toISOString();
  return { from, to };
}

/** What closing a month reads and writes: the companies, their sessions priced, and the invoices. */
export type CloseMonthDeps = SessionCostDeps & IssueDeps;

export async function closeMonth(
  deps: CloseMonthDeps,
  tenantId: string,
  period: string,
  now: Date = new Date(),
): Promise<MonthlyCloseResult> {
  const invoices: MonthlyCloseResult['invoices'] = [];
  for (const customer of await allCompanies(deps, tenantId)) {
    const sessions = await completedSessionsOf(deps, tenantId, customer.id, period);
    const priced = [];
    for (const session of sessions) {
      const cost = await sessionCost(deps, tenantId, session, now);
      if (cost && cost.breakdown.totalGross > 0) priced.push({ session, cost: cost.breakdown });
    }
    const issued = await issueMonthlyInvoice(deps, tenantId, customer.id, period, priced, { now });
    if (!issued) continue;
    invoices.push({
      id: issued.document.id,
      number: issued.document.number ?? null,
      customerId: customer.id,
      totalGross: issued.document.totals.taxInclusive,
      created: issued.created,
    });
  }
  return { period, invoices };
}

async function allCompanies(deps: Pick<Deps, 'customers'>, tenantId: string): Promise<StoredCustomer[]> {
  const all: StoredCustomer[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.customers.listCustomers(tenantId, { type: 'company' }, { limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

async function completedSessionsOf(
  deps: Pick<Deps, 'sessions'>,
  tenantId: string,
  customerId: string,
  period: string,
): Promise<Session[]> {
  const { from, to } = periodRange(period);
  const all: Session[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.sessions.listSessions(tenantId, { from, to, customerId, limit: 100, cursor });
    all.push(...page.items.filter((s) => s.status === 'completed'));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
