import type { Deps } from '../../deps.ts';
import { type CloseMonthDeps, closeMonth, type MonthlyCloseResult } from './close-month.ts';
import { blockCustomersWithOverdueInvoices } from './overdue-invoices.ts';

export interface BillingMonthResult extends MonthlyCloseResult {
  /** Customers blocked for an invoice unpaid after its due date. */
  readonly blockedCustomers: string[];
}

/**
 * An operator's close of a month does what the daily run does: invoice every company customer for the month
 * (N3), then block the customers whose invoices are overdue (A3), both as of one instant.
 */
export async function closeBillingMonth(
  deps: CloseMonthDeps & Pick<Deps, 'documentLists'>,
  tenantId: string,
  period: string,
): Promise<BillingMonthResult> {
  const now = deps.clock.now();
  const closed = await closeMonth(deps, tenantId, period, now);
  const { blocked } = await blockCustomersWithOverdueInvoices(deps, tenantId, now);
  return { ...closed, blockedCustomers: blocked };
}
