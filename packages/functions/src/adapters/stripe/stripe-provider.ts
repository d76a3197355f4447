import { NotConfiguredError, STRIPE_NOT_CONFIGURED } from '@csms/app/payments/not-configured';
import type {
  CancelInput,
  CancelResult,
  CaptureInput,
  CaptureResult,
  ConnectedAccountInput,
  ConnectedAccountStatus,
  CreateCustomerInput,
  CreateSetupIntentInput,
  OnboardingLink,
  OnboardingLinkInput,
  PaymentChargeResult,
  PaymentHoldInput,
  PaymentHoldResult,
  PaymentProvider,
  RefundInput,
  RefundResult,
  SavedCard,
  SavedCardQuery,
  SetupIntentCreated,
} from '@csms/app/payments/payment-provider';
import { PaymentProviderError, type PaymentProviderFailure } from '@csms/app/payments/payment-provider-error';
import Stripe from 'stripe';
import { createStripeClient, type StripeSettings } from './stripe-client.ts';

/** Stripe Connect with direct charges: each tenant is a connected account and the merchant of record. */
export class StripePaymentProvider implements PaymentProvider {
  constructor(private readonly stripe: Stripe) {}

  static fromSettings(settings: StripeSettings): StripePaymentProvider {
    return new StripePaymentProvider(createStripeClient(settings));
  }

  async createConnectedAccount(
    input: ConnectedAccountInput,
    idempotencyKey: string,
  ): Promise<{ accountId: string }> {
    const account = await call(() =>
      this.stripe.accounts.create(
        {
          email: input.email,
          country: input.country,
          business_profile: { name: input.businessName },
          // The tenant gets the full Stripe Dashboard, pays Stripe's fees and carries its own disputes and
          // refunds, with Stripe collecting requirements and covering negative balances: the setup Stripe
          // recommends for direct charges from a SaaS platform.
          controller: {
            stripe_dashboard: { type: 'full' },
            fees: { payer: 'account' },
            losses: { payments: 'stripe' },
            requirement_collection: 'stripe',
          },
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
          metadata: { tenantId: input.tenantId },
        },
        { idempotencyKey },
      ),
    );
    return { accountId: account.id };
  }

  async createAccountOnboardingLink(input: OnboardingLinkInput): Promise<OnboardingLink> {
    // No idempotency key of ours: links are single-use, so a retry must mint a fresh one, not replay a used one.
    const link = await call(() =>
      this.stripe.accountLinks.create({
        account: input.accountId,
        type: 'account_onboarding',
        refresh_url: input.refreshUrl,
        return_url: input.returnUrl,
      }),
    );
    return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
  }

  async getConnectedAccount(accountId: string): Promise<ConnectedAccountStatus> {
    const account = await call(() => this.stripe.accounts.retrieve(accountId));
    return {
      accountId: account.id,
      chargesEnabled: account.charges_enabled,
      payoutsEnabled: account.payouts_enabled,
      detailsSubmitted: account.details_submitted,
    };
  }

  async createCustomer(input: CreateCustomerInput): Promise<{ customerId: string }> {
    const customer = await call(() =>
      this.stripe.customers.create(
        {
          ...(input.email ? { email: input.email } : {}),
          ...(input.name ? { name: input.name } : {}),
          ...(input.metadata ? { metadata: input.metadata } : {}),
        },
        { stripeAccount: input.connectedAccountId, idempotencyKey: input.idempotencyKey },
      ),
    );
    return { customerId: customer.id };
  }

  async createSetupIntent(input: CreateSetupIntentInput): Promise<SetupIntentCreated> {
    const setupIntent = await call(() =>
      this.stripe.setupIntents.create(
        {
          customer: input.customerId,
          allowed_payment_method_types: ['card'],
          // Charged later without the driver present (the hold when a session starts).
          usage: 'off_session',
          ...(input.metadata ? { metadata: input.metadata } : {}),
        },
        { stripeAccount: input.connectedAccountId, idempotencyKey: input.idempotencyKey },
      ),
    );
    if (!setupIntent.client_secret)
      throw new Error(`SetupIntent ${setupIntent.id} came back without a client secret`);
    return { setupIntentId: setupIntent.id, clientSecret: setupIntent.client_secret };
  }

  async getSavedCard(input: SavedCardQuery): Promise<SavedCard> {
    const setupIntent = await call(() =>
      this.stripe.setupIntents.retrieve(
        input.setupIntentId,
        { expand: ['payment_method'] },
        { stripeAccount: input.connectedAccountId },
      ),
    );
    const setupIntentId = setupIntent.id;
    if (setupIntent.status === 'canceled') return { status: 'canceled', setupIntentId };
    const paymentMethod = setupIntent.payment_method;
    if (setupIntent.status === 'succeeded' && typeof paymentMethod === 'object' && paymentMethod?.card) {
      return {
        status: 'saved',
        setupIntentId,
        customerId:
          typeof setupIntent.customer === 'string'
            ? setupIntent.customer
            : (setupIntent.customer?.id ?? null),
        paymentMethodId: paymentMethod.id,
        last4: paymentMethod.card.last4,
        brand: paymentMethod.card.brand,
      };
    }
    const error = setupIntent.last_setup_error;
    return { status: 'pending', setupIntentId, declineCode: error?.decline_code ?? error?.code ?? null };
  }

  async createPaymentIntentHold(input: PaymentHoldInput): Promise<PaymentHoldResult> {
    // Authorise now, capture the final amount when the charging session ends.
    const created = await this.createOffSession(input, 'manual');
    if (created.outcome === 'declined') return created;
    const paymentIntent = created.paymentIntent;
    if (paymentIntent.status === 'requires_capture') {
      return {
        outcome: 'authorized',
        paymentIntentId: paymentIntent.id,
        amountCapturable: paymentIntent.amount_capturable,
      };
    }
    // Any other status means nothing is held that we could capture (e.g. the card wants authentication).
    return notCharged(paymentIntent, 'The card could not be authorised.');
  }

  async chargeSavedCard(input: PaymentHoldInput): Promise<PaymentChargeResult> {
    const created = await this.createOffSession(input, 'automatic');
    if (created.outcome === 'declined') return created;
    const paymentIntent = created.paymentIntent;
    if (paymentIntent.status === 'succeeded') {
      return {
        outcome: 'succeeded',
        paymentIntentId: paymentIntent.id,
        amountReceived: paymentIntent.amount_received,
      };
    }
    return notCharged(paymentIntent, 'The card could not be charged.');
  }

  /** A confirmed off-session PaymentIntent on the saved card; a card error comes back as a decline. */
  private async createOffSession(
    input: PaymentHoldInput,
    captureMethod: 'manual' | 'automatic',
  ): Promise<
    | { outcome: 'created'; paymentIntent: Stripe.PaymentIntent }
    | Extract<PaymentHoldResult, { outcome: 'declined' }>
  > {
    try {
      const paymentIntent = await this.stripe.paymentIntents.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          customer: input.customerId,
          payment_method: input.paymentMethodId,
          allowed_payment_method_types: ['card'],
          capture_method: captureMethod,
          confirm: true,
          // The driver is not there to authenticate: a card that needs 3DS declines (authentication_required).
          off_session: true,
          ...(input.applicationFeeAmount > 0 ? { application_fee_amount: input.applicationFeeAmount } : {}),
          ...(input.metadata ? { metadata: input.metadata } : {}),
        },
        // Stripe-Account makes it a direct charge on the tenant's account.
        { stripeAccount: input.connectedAccountId, idempotencyKey: input.idempotencyKey },
      );
      return { outcome: 'created', paymentIntent };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        return {
          outcome: 'declined',
          paymentIntentId: error.payment_intent?.id ?? null,
          code: error.code ?? 'card_declined',
          declineCode: error.decline_code ?? null,
          message: error.message,
        };
      }
      throw toProviderError(error);
    }
  }

  async capturePaymentIntent(input: CaptureInput): Promise<CaptureResult> {
    const paymentIntent = await call(() =>
      this.stripe.paymentIntents.capture(
        input.id,
        {
          amount_to_capture: input.amountToCapture,
          ...(input.applicationFeeAmount !== undefined
            ? { application_fee_amount: input.applicationFeeAmount }
            : {}),
        },
        { stripeAccount: input.connectedAccountId, idempotencyKey: input.idempotencyKey },
      ),
    );
    return { paymentIntentId: paymentIntent.id, amountReceived: paymentIntent.amount_received };
  }

  async cancelPaymentIntent(input: CancelInput): Promise<CancelResult> {
    const paymentIntent = await call(() =>
      this.stripe.paymentIntents.cancel(input.id, input.reason ? { cancellation_reason: input.reason } : {}, {
        stripeAccount: input.connectedAccountId,
        idempotencyKey: input.idempotencyKey,
      }),
    );
    return { paymentIntentId: paymentIntent.id, status: 'canceled' };
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const refund = await call(() =>
      this.stripe.refunds.create(
        {
          payment_intent: input.paymentIntentId,
          ...(input.amount !== undefined ? { amount: input.amount } : {}),
          ...(input.refundApplicationFee !== undefined
            ? { refund_application_fee: input.refundApplicationFee }
            : {}),
          ...(input.reason ? { reason: input.reason } : {}),
        },
        { stripeAccount: input.connectedAccountId, idempotencyKey: input.idempotencyKey },
      ),
    );
    return { refundId: refund.id, amount: refund.amount, status: refund.status ?? 'pending' };
  }
}

function notCharged(
  paymentIntent: Stripe.PaymentIntent,
  fallback: string,
): Extract<PaymentHoldResult, { outcome: 'declined' }> {
  const lastError = paymentIntent.last_payment_error;
  return {
    outcome: 'declined',
    paymentIntentId: paymentIntent.id,
    code: lastError?.code ?? paymentIntent.status,
    declineCode: lastError?.decline_code ?? null,
    message: lastError?.message ?? fallback,
  };
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toProviderError(error);
  }
}

const failureOf: Record<string, PaymentProviderFailure> = {
  StripeAuthenticationError: 'authentication',
  StripePermissionError: 'permission',
  StripeIdempotencyError: 'idempotency',
  StripeRateLimitError: 'rate-limited',
  StripeInvalidRequestError: 'invalid-request',
  StripeCardError: 'invalid-request',
  StripeAPIError: 'unavailable',
  StripeConnectionError: 'unavailable',
};

function toProviderError(error: unknown): PaymentProviderError {
  if (error instanceof Stripe.errors.StripeError) {
    return new PaymentProviderError(
      `Stripe: ${error.message}`,
      failureOf[error.type] ?? 'unavailable',
      error.code ?? null,
      error.statusCode ?? null,
      error.requestId ?? null,
      { cause: error },
    );
  }
  return new PaymentProviderError(`Stripe call failed: ${String(error)}`, 'unavailable', null, null, null, {
    cause: error,
  });
}

/**
 * The payment provider of this deployment: Stripe when a secret key is configured, else every use throws
 * NotConfiguredError (501) naming what to set. One client per container, so the SDK's keep-alive connections
 * are reused across invocations.
 */
export function createPaymentProvider(settings: StripeSettings | undefined): () => PaymentProvider {
  let provider: PaymentProvider | undefined;
  return () => {
    if (!settings) throw new NotConfiguredError(STRIPE_NOT_CONFIGURED);
    provider ??= StripePaymentProvider.fromSettings(settings);
    return provider;
  };
}
