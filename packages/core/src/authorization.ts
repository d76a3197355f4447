import type { Customer } from './customer.ts';
import { type IdToken, isIdTokenExpired } from './id-token.ts';
import type { TermsStatus } from './terms.ts';

/**
 * May this token charge now? (I1, I4, A2, A3, P5.) One pure decision shared by OCPP Authorize, StartTransaction
 * and RemoteStart, so every path applies the same rules in the same order. The status values are OCPP 1.6
 * `AuthorizationStatus`; `reason` says which rule decided, for logs and the operator UI (never sent to the
 * charger).
 */
export type AuthorizationStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';

export type AuthorizationReason =
  | 'accepted'
  | 'unknown-token'
  | 'unknown-customer'
  | 'token-blocked'
  | 'customer-suspended'
  | 'customer-blocked'
  | 'customer-closed'
  | 'token-expired'
  | 'terms-not-accepted'
  | 'outstanding-debt'
  | 'no-payment-means';

/**
 * Seam for the payments feature (I4: a card hold succeeds, or balance/voucher/credit is available). Until it
 * exists callers pass nothing and this rule is skipped; then they pass what the payment check found.
 */
export interface PaymentMeansCheck {
  readonly usable: boolean;
}

export interface AuthorizationInput {
  readonly token: Pick<IdToken, 'status' | 'expiresAt' | 'groupIdTag'> | undefined;
  readonly customer: Pick<Customer, 'status' | 'outstandingDebt'> | undefined;
  readonly termsStatus: Pick<TermsStatus, 'upToDate'>;
  readonly paymentMeans?: PaymentMeansCheck;
  readonly now: Date;
}

export interface AuthorizationDecision {
  readonly status: AuthorizationStatus;
  readonly reason: AuthorizationReason;
  /** For OCPP `IdTagInfo`: chargers may cache the answer until then, and group tokens by parent. */
  readonly expiresAt?: string;
  readonly groupIdTag?: string;
}

export function decideAuthorization(input: AuthorizationInput): AuthorizationDecision {
  const { token, customer, termsStatus, paymentMeans, now } = input;
  if (!token) return { status: 'Invalid', reason: 'unknown-token' };
  const info = {
    ...(token.expiresAt === undefined ? {} : { expiresAt: token.expiresAt }),
    ...(token.groupIdTag === undefined ? {} : { groupIdTag: token.groupIdTag }),
  };
  const decide = (status: AuthorizationStatus, reason: AuthorizationReason) => ({ status, reason, ...info });

  // A token whose customer is gone identifies nobody who could be billed.
  if (!customer) return decide('Invalid', 'unknown-customer');
  if (token.status === 'Blocked') return decide('Blocked', 'token-blocked');
  if (customer.status !== 'active') return decide('Blocked', `customer-${customer.status}`);
  if (isIdTokenExpired(token, now)) return decide('Expired', 'token-expired');
  if (!termsStatus.upToDate) return decide('Blocked', 'terms-not-accepted');
  if (customer.outstandingDebt > 0) return decide('Blocked', 'outstanding-debt');
  if (paymentMeans && !paymentMeans.usable) return decide('Blocked', 'no-payment-means');
  return decide('Accepted', 'accepted');
}
