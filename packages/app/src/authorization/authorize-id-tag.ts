import type { Deps } from '@csms/app/deps';
import { type AuthorizationDecision, decideAuthorization, type IdToken, termsStatusOf } from '@csms/core';
import type { StoredCustomer } from '@csms/db';
import { decideCustomerFunding } from '../payments/funding-decision.ts';

/**
 * Rule I4 for an idTag presented at a charger: looks up the token, its customer and the tenant's current Terms,
 * then applies the one pure decision (`decideAuthorization`). Used by Authorize and StartTransaction (and
 * remote start), so every path refuses the same people for the same reasons.
 */
export interface IdTagAuthorization {
  readonly decision: AuthorizationDecision;
  readonly token?: IdToken;
  readonly customer?: StoredCustomer;
}

export async function authorizeIdTag(
  deps: Deps,
  tenantId: string,
  idTag: string,
  now: Date,
): Promise<IdTagAuthorization> {
  const token = await deps.idTokens.getIdToken(tenantId, idTag);
  const customer = token ? await deps.customers.getCustomer(tenantId, token.customerId) : undefined;
  const documents = customer ? await deps.terms.listAllTermsDocuments(tenantId) : [];
  const termsStatus = termsStatusOf(documents, customer?.termsAcceptances ?? [], now);
  let decision = decideAuthorization({ token, customer, termsStatus, now });
  // I4's payment part (see `decideFunding`), read only for someone the other rules accept.
  if (customer && decision.status === 'Accepted') {
    const funding = await decideCustomerFunding(deps, tenantId, customer, now);
    decision = decideAuthorization({ token, customer, termsStatus, now, paymentMeans: funding.decision });
  }
  return { decision, ...(token ? { token } : {}), ...(customer ? { customer } : {}) };
}

/** OCPP 1.6 `IdTagInfo` from a decision: the charger may cache it until `expiryDate`. */
export function idTagInfo(decision: AuthorizationDecision) {
  return {
    status: decision.status,
    ...(decision.expiresAt ? { expiryDate: decision.expiresAt } : {}),
    ...(decision.groupIdTag ? { parentIdTag: decision.groupIdTag } : {}),
  };
}
