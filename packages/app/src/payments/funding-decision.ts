import type { Deps } from '@csms/app/deps';
import { type Customer, decideFunding, type FundingDecision } from '@csms/core';
import { loadTenantPayments, type TenantPayments } from './tenant-payments.ts';
import { type LoadedWallet, loadWallet } from './wallet-funds.ts';

/**
 * Rule I4's payment part for one customer: reads the wallet and the tenant's payment setup and applies the
 * one pure decision (`decideFunding`). Authorize, StartTransaction, remote start, the hold at session start
 * and the mid-session check all come here.
 */
export interface CustomerFunding {
  readonly decision: FundingDecision;
  readonly loaded: LoadedWallet;
  readonly payments: TenantPayments;
}

export async function decideCustomerFunding(
  deps: Deps,
  tenantId: string,
  customer: Pick<Customer, 'id' | 'type'>,
  now: Date,
  payments?: TenantPayments,
): Promise<CustomerFunding> {
  const [loaded, tenantPayments] = await Promise.all([
    loadWallet(deps, tenantId, customer.id),
    payments ? Promise.resolve(payments) : loadTenantPayments(deps, tenantId),
  ]);
  const decision = decideFunding(loaded.funds, customer, { cardPayments: tenantPayments.cardPayments }, now);
  return { decision, loaded, payments: tenantPayments };
}
