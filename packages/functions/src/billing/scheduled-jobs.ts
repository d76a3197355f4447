import type { Deps } from '@csms/app/deps';
import { closeMonth } from '@csms/app/documents/billing/close-month';
import { blockCustomersWithOverdueInvoices } from '@csms/app/documents/billing/overdue-invoices';
import { forfeitExpiredVouchers } from '@csms/app/payments/forfeit-vouchers';
import { defineHandler } from '../handler.ts';

/**
 * The daily billing run (EventBridge schedule on AWS, a timer in the local runtime): for every tenant, close
 * the previous month (idempotent: a closed month issues nothing new), block customers with overdue invoices,
 * forfeit expired vouchers. One tenant's failure is logged and does not stop the others.
 */
export function previousPeriod(now: Date): string {
  const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return previous.toISOString().slice(0, 7);
}

export async function runBillingJobs(
  deps: Deps,
  now: Date = new Date(),
): Promise<{ tenants: number; failures: number }> {
  const tenants = await deps.tenants.allTenantIds();
  let failures = 0;
  for (const tenantId of tenants) {
    try {
      await closeMonth(deps, tenantId, previousPeriod(now), now);
      await blockCustomersWithOverdueInvoices(deps, tenantId, now);
      await forfeitExpiredVouchers(deps, tenantId, now);
    } catch (error) {
      failures += 1;
      deps.log.error('Billing jobs failed for a tenant', { tenantId, error: String(error) });
    }
  }
  return { tenants: tenants.length, failures };
}

export const { create, handler } = defineHandler<unknown, { tenants: number; failures: number }>({
  name: 'BillingJobs',
  handle: (_event, deps) => runBillingJobs(deps),
});
