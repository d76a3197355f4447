import { stripeId } from './ids.ts';
import type {
  FakeAccount,
  FakeApplicationFee,
  FakeCharge,
  FakeCustomer,
  FakeEvent,
  FakePaymentIntent,
  FakePaymentMethod,
  FakeRefund,
  FakeSetupIntent,
} from './objects.ts';

/**
 * One Stripe account's books. With Connect direct charges, customers, payment methods and payment intents
 * live on the connected account (reached with the `Stripe-Account` header), so each account has its own:
 * an id from one account is "No such …" on another, as on Stripe.
 */
export class Ledger {
  readonly customers = new Map<string, FakeCustomer>();
  readonly paymentMethods = new Map<string, FakePaymentMethod>();
  readonly setupIntents = new Map<string, FakeSetupIntent>();
  readonly paymentIntents = new Map<string, FakePaymentIntent>();
  readonly charges = new Map<string, FakeCharge>();
  readonly refunds = new Map<string, FakeRefund>();
  /** Only on the platform's ledger: fees collected from direct charges on connected accounts. */
  readonly applicationFees = new Map<string, FakeApplicationFee>();
}

/** An issued onboarding link; single use, like Stripe's, and valid for five minutes. */
export interface AccountLinkRecord {
  account: string;
  type: string;
  refreshUrl: string;
  returnUrl: string;
  expiresAt: number;
  used: boolean;
}

export class FakeState {
  /** The platform account the secret key belongs to; requests without `Stripe-Account` act on it. */
  readonly platformAccountId = stripeId('acct');
  /** Connected accounts created by the platform. */
  readonly accounts = new Map<string, FakeAccount>();
  readonly accountLinks = new Map<string, AccountLinkRecord>();
  readonly events: FakeEvent[] = [];
  /** The API version clients last asked for (`Stripe-Version`), stamped on events like Stripe does. */
  apiVersion: string | null = null;
  private readonly ledgers = new Map<string, Ledger>();

  constructor(
    /** Seconds since the epoch, Stripe's unit for `created`, `expires_at`, … */
    readonly now: () => number,
  ) {}

  ledger(accountId: string): Ledger {
    let ledger = this.ledgers.get(accountId);
    if (!ledger) {
      ledger = new Ledger();
      this.ledgers.set(accountId, ledger);
    }
    return ledger;
  }

  emit(type: string, object: unknown, account: string, request?: FakeEvent['request']): FakeEvent {
    const event: FakeEvent = {
      id: stripeId('evt'),
      object: 'event',
      ...(account === this.platformAccountId ? {} : { account }),
      api_version: this.apiVersion,
      created: this.now(),
      // A snapshot, as Stripe sends: later changes to the object do not show up in an earlier event.
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: request ?? { id: null, idempotency_key: null },
      type,
    };
    this.events.push(event);
    return event;
  }

  /** What finishing Stripe-hosted onboarding does: details in, requested capabilities active, payouts on. */
  completeOnboarding(accountId: string): FakeAccount {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`No such connected account: ${accountId}`);
    account.details_submitted = true;
    for (const name of Object.keys(account.capabilities)) account.capabilities[name] = 'active';
    account.charges_enabled = account.capabilities.card_payments === 'active';
    account.payouts_enabled = true;
    account.requirements = { currently_due: [], eventually_due: [], disabled_reason: null };
    this.emit('account.updated', account, accountId);
    return account;
  }
}
