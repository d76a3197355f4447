import type { Deps } from '@csms/app/deps';
import {
  type AuthorizationDecision,
  DomainError,
  decideAuthorization,
  type IdToken,
  termsStatusOf,
} from '@csms/core';
import type { StoredCustomer } from '@csms/db';
import { decideCustomerFunding } from '../payments/funding-decision.ts';
import { previewPriceFor } from '../pricing/price-preview.ts';
import { requireChargePoint } from '../stations/commands/charger-lookup.ts';

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

/** What a charger is told about a token it presented, with the price text a driver sees first (T3). */
export interface ChargerAuthorization {
  readonly decision: AuthorizationDecision;
  /** e.g. "€0.36/kWh, incl. 19% VAT"; only for an accepted token, and only when a tariff applies. */
  readonly priceText?: string;
}

/**
 * OCPP 2.0.1 Authorize: rule I4 for the token, and for an accepted one the price it would charge at, so the
 * charger can show it before the driver plugs in. A missing tariff is no reason to refuse: the text is left
 * out.
 */
export async function authorizeAtCharger(
  deps: Deps,
  request: {
    readonly tenantId: string;
    readonly chargePointId: string;
    readonly idTag: string;
    readonly connectorId?: number | undefined;
    readonly now: Date;
  },
): Promise<ChargerAuthorization> {
  const { decision, customer } = await authorizeIdTag(deps, request.tenantId, request.idTag, request.now);
  if (decision.status !== 'Accepted') return { decision };
  try {
    const found = await requireChargePoint(deps, request.tenantId, request.chargePointId);
    const preview = await previewPriceFor(deps, request.tenantId, found, request.connectorId, customer);
    return { decision, priceText: preview.text };
  } catch (error) {
    if (error instanceof DomainError) return { decision };
    throw error;
  }
}
