import type { TermsDocument } from '@csms/core';
import type { StoredCustomer } from '@csms/db';

/** A customer with what its Terms standing is judged by: the tenant's versions, at a time. */
export interface CustomerStanding {
  readonly customer: StoredCustomer;
  readonly terms: readonly TermsDocument[];
  readonly at: Date;
}
