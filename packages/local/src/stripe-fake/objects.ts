/**
 * The subset of Stripe's v1 object shapes the fake keeps. Field names and value types follow Stripe's API
 * reference; objects carry only the fields our integration (and a reader of the fake's log) needs.
 */
export type Metadata = Record<string, string>;

export type CapabilityStatus = 'active' | 'inactive' | 'pending';

export interface FakeAccount {
  id: string;
  object: 'account';
  business_profile: { name: string | null; url: string | null; support_email: string | null };
  business_type: string | null;
  capabilities: Record<string, CapabilityStatus>;
  charges_enabled: boolean;
  controller: {
    fees: { payer: string };
    is_controller: true;
    losses: { payments: string };
    requirement_collection: string;
    stripe_dashboard: { type: string };
    type: 'application';
  };
  country: string;
  created: number;
  default_currency: string;
  details_submitted: boolean;
  email: string | null;
  metadata: Metadata;
  payouts_enabled: boolean;
  requirements: { currently_due: string[]; eventually_due: string[]; disabled_reason: string | null };
  type: 'standard' | 'express' | 'custom';
}

export interface FakeAccountLink {
  object: 'account_link';
  created: number;
  expires_at: number;
  url: string;
}

export interface FakeCustomer {
  id: string;
  object: 'customer';
  created: number;
  description: string | null;
  email: string | null;
  livemode: false;
  metadata: Metadata;
  name: string | null;
  phone: string | null;
}

export interface FakePaymentMethod {
  id: string;
  object: 'payment_method';
  billing_details: { email: string | null; name: string | null };
  card: {
    brand: string;
    country: string;
    exp_month: number;
    exp_year: number;
    funding: string;
    last4: string;
  };
  created: number;
  customer: string | null;
  livemode: false;
  metadata: Metadata;
  type: 'card';
}

export interface LastError {
  type: 'card_error';
  code: string;
  decline_code: string;
  message: string;
  payment_method: FakePaymentMethod;
}

export type SetupIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'canceled'
  | 'succeeded';

export interface FakeSetupIntent {
  id: string;
  object: 'setup_intent';
  allowed_payment_method_types: string[] | null;
  cancellation_reason: string | null;
  client_secret: string;
  created: number;
  customer: string | null;
  description: string | null;
  last_setup_error: LastError | null;
  livemode: false;
  metadata: Metadata;
  next_action: null;
  payment_method: string | null;
  payment_method_types: string[];
  status: SetupIntentStatus;
  usage: 'off_session' | 'on_session';
}

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export interface FakePaymentIntent {
  id: string;
  object: 'payment_intent';
  allowed_payment_method_types: string[] | null;
  amount: number;
  amount_capturable: number;
  amount_received: number;
  application_fee_amount: number | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic' | 'automatic_async' | 'manual';
  client_secret: string;
  confirmation_method: 'automatic' | 'manual';
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: LastError | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  next_action: null;
  payment_method: string | null;
  payment_method_types: string[];
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
}

export interface FakeCharge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application_fee: string | null;
  application_fee_amount: number | null;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  failure_code: string | null;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  refunded: boolean;
  status: 'succeeded' | 'failed';
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  reason: string | null;
  status: 'succeeded';
}

/** Lives on the platform's books: the fee a direct charge on a connected account paid to the platform. */
export interface FakeApplicationFee {
  id: string;
  object: 'application_fee';
  account: string;
  amount: number;
  amount_refunded: number;
  charge: string;
  created: number;
  currency: string;
  originating_transaction: string;
  refunded: boolean;
}

export interface FakeEvent {
  id: string;
  object: 'event';
  /** Set on events about a connected account's objects (what Connect webhook endpoints receive). */
  account?: string;
  api_version: string | null;
  created: number;
  data: { object: unknown };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}
