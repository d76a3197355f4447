/**
 * The port between the CSMS and a card processor. Tenants (charge point operators) are connected accounts on
 * the platform: they onboard for payouts, and drivers' card payments are direct charges on the tenant's
 * account with the platform's fee taken as an application fee. So every card operation names the
 * `connectedAccountId` it acts on, and customers and saved cards live on that account.
 *
 * Only provider ids and a card's last 4 digits / brand ever leave this port: card numbers never reach the
 * CSMS (the driver's browser or app confirms the SetupIntent with the provider directly).
 *
 * Amounts are integers in the currency's minor unit (øre, cents). Every state-changing call takes a
 * deterministic idempotency key (see `idempotencyKey()`), so retrying an operation never repeats it.
 */
export interface PaymentProvider {
  createConnectedAccount(
    input: ConnectedAccountInput,
    idempotencyKey: string,
  ): Promise<{ accountId: string }>;
  /** A short-lived, single-use URL to the provider-hosted onboarding; mint a new one when it expires. */
  createAccountOnboardingLink(input: OnboardingLinkInput): Promise<OnboardingLink>;
  getConnectedAccount(accountId: string): Promise<ConnectedAccountStatus>;

  createCustomer(input: CreateCustomerInput): Promise<{ customerId: string }>;
  /** Starts saving a card; the client secret goes to the driver's browser/app, which confirms it. */
  createSetupIntent(input: CreateSetupIntentInput): Promise<SetupIntentCreated>;
  /** The card a SetupIntent saved, once the client confirmed it: ids and last 4 only. */
  getSavedCard(input: SavedCardQuery): Promise<SavedCard>;
  /** Authorises (holds) an amount on a saved card without capturing it; a decline is a result, not an error. */
  createPaymentIntentHold(input: PaymentHoldInput): Promise<PaymentHoldResult>;
  /**
   * Charges a saved card at once (automatic capture), the driver not present: top-ups of the prepaid balance,
   * debt collection, and the part of a session beyond its hold. A decline is a result, not an error.
   */
  chargeSavedCard(input: PaymentHoldInput): Promise<PaymentChargeResult>;
  /** Captures up to the held amount; the rest of the hold is released. */
  capturePaymentIntent(input: CaptureInput): Promise<CaptureResult>;
  /** Releases a hold that will not be captured. */
  cancelPaymentIntent(input: CancelInput): Promise<CancelResult>;
  refund(input: RefundInput): Promise<RefundResult>;
}

export interface ConnectedAccountInput {
  tenantId: string;
  email: string;
  /** ISO 3166-1 alpha-2, e.g. `NO`. */
  country: string;
  businessName: string;
}

export interface OnboardingLinkInput {
  accountId: string;
  /** Where the provider sends the user when the link has expired or was used: mint a new link there. */
  refreshUrl: string;
  /** Where the provider sends the user after onboarding (finished or not: check `getConnectedAccount`). */
  returnUrl: string;
}

export interface OnboardingLink {
  url: string;
  expiresAt: Date;
}

export interface ConnectedAccountStatus {
  accountId: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
}

export interface CreateCustomerInput {
  connectedAccountId: string;
  idempotencyKey: string;
  email?: string;
  name?: string;
  /** Our ids (tenant, driver), never personal data beyond what the customer object needs. */
  metadata?: Record<string, string>;
}

export interface CreateSetupIntentInput {
  connectedAccountId: string;
  customerId: string;
  idempotencyKey: string;
  metadata?: Record<string, string>;
}

export interface SetupIntentCreated {
  setupIntentId: string;
  /** For the driver's client only; do not store it. */
  clientSecret: string;
}

export interface SavedCardQuery {
  connectedAccountId: string;
  setupIntentId: string;
}

export type SavedCard =
  | {
      status: 'saved';
      setupIntentId: string;
      /** The provider's customer the card was saved for, to check it is the one we expect. */
      customerId: string | null;
      paymentMethodId: string;
      last4: string;
      brand: string;
    }
  /** Not confirmed yet, or the card was declined when saving (then `declineCode` says why). */
  | { status: 'pending'; setupIntentId: string; declineCode: string | null }
  | { status: 'canceled'; setupIntentId: string };

export interface PaymentHoldInput {
  amount: number;
  /** ISO 4217, any case (`NOK`, `eur`). */
  currency: string;
  customerId: string;
  paymentMethodId: string;
  connectedAccountId: string;
  /** The platform's fee, in the same minor unit; capped by the provider at the amount finally captured. */
  applicationFeeAmount: number;
  idempotencyKey: string;
  metadata?: Record<string, string>;
}

export type PaymentHoldResult =
  | { outcome: 'authorized'; paymentIntentId: string; amountCapturable: number }
  | {
      outcome: 'declined';
      /** The failed PaymentIntent, when the provider created one (nothing is held on it). */
      paymentIntentId: string | null;
      /** Provider error code, e.g. `card_declined`, `authentication_required`. */
      code: string;
      /** Issuer's reason, e.g. `insufficient_funds`, when given. */
      declineCode: string | null;
      /** Safe to show to the driver. */
      message: string;
    };

export type PaymentChargeResult =
  | { outcome: 'succeeded'; paymentIntentId: string; amountReceived: number }
  | Extract<PaymentHoldResult, { outcome: 'declined' }>;

export interface CaptureInput {
  id: string;
  amountToCapture: number;
  connectedAccountId: string;
  idempotencyKey: string;
  /** Replaces the fee set on the hold, e.g. when it is a percentage of a smaller final amount. */
  applicationFeeAmount?: number;
}

export interface CaptureResult {
  paymentIntentId: string;
  amountReceived: number;
}

export type CancellationReason = 'abandoned' | 'duplicate' | 'fraudulent' | 'requested_by_customer';

export interface CancelInput {
  id: string;
  connectedAccountId: string;
  idempotencyKey: string;
  reason?: CancellationReason;
}

export interface CancelResult {
  paymentIntentId: string;
  status: 'canceled';
}

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

export interface RefundInput {
  paymentIntentId: string;
  connectedAccountId: string;
  idempotencyKey: string;
  /** Defaults to everything not yet refunded. */
  amount?: number;
  /** Also return the platform's fee, in proportion to the refunded amount. */
  refundApplicationFee?: boolean;
  reason?: RefundReason;
}

export interface RefundResult {
  refundId: string;
  amount: number;
  status: string;
}
