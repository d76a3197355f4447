import {
  balanceChanges,
  type Complaint,
  ConflictError,
  type Customer,
  type DiscountCode,
  defaultTenantSettings,
  InsufficientFundsError,
  isBalanced,
  type LedgerTransaction,
  parseAccount,
  type Session,
  type TenantSettings,
  UnbalancedTransactionError,
  type Voucher,
} from '@csms/core';
import type {
  SavedCardRecord,
  SessionFunding,
  SettlementBooking,
  StoredCustomer,
  StoredTenant,
  StoredWallet,
} from '@csms/db';
import type {
  CancelInput,
  CaptureInput,
  PaymentChargeResult,
  PaymentHoldInput,
  PaymentHoldResult,
  PaymentProvider,
  RefundInput,
  SavedCard,
} from '../../src/payments/payment-provider.ts';
import type { FakeDepsOptions } from '../support/fake-deps.ts';

/**
 * In-memory doubles for the payment use cases: a recording payment provider and a small "world" of Maps
 * behind the repositories the payment use cases touch. The ledger fake applies each transaction's balance
 * changes to where storage keeps them (wallet balance and credit used, the customer's outstanding debt, a
 * voucher's remaining value), refuses an unbalanced one, a gated account going negative, and a second
 * transaction with the same id, as `postLedgerTransaction` does.
 */

// ---------------------------------------------------------------- payment provider

type Decline = Extract<PaymentHoldResult, { outcome: 'declined' }>;

export const declined = (declineCode = 'insufficient_funds'): Decline => ({
  outcome: 'declined',
  paymentIntentId: null,
  code: 'card_declined',
  declineCode,
  message: 'Your card was declined.',
});

export class FakePaymentProvider implements PaymentProvider {
  /** Every call, in order, with its input. */
  readonly calls: { method: keyof PaymentProvider; input: unknown }[] = [];
  /** When set, `chargeSavedCard` answers this decline. */
  chargeDecline: Decline | undefined;
  /** When set, `createPaymentIntentHold` answers this decline. */
  holdDecline: Decline | undefined;
  /** When set, `capturePaymentIntent` throws it (e.g. a `PaymentProviderError`). */
  captureError: Error | undefined;
  /** What `getSavedCard` answers per SetupIntent (default: canceled). */
  readonly savedCards = new Map<string, SavedCard>();
  private counter = 0;
  /** The provider replays the first answer for a reused idempotency key, like Stripe. */
  private readonly replay = new Map<string, unknown>();

  callsOf<M extends keyof PaymentProvider>(method: M): Parameters<PaymentProvider[M]>[0][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input) as Parameters<
      PaymentProvider[M]
    >[0][];
  }

  private record(method: keyof PaymentProvider, input: unknown): void {
    this.calls.push({ method, input: structuredClone(input) });
  }

  private once<T>(key: string, answer: () => T): T {
    if (this.replay.has(key)) return this.replay.get(key) as T;
    const result = answer();
    this.replay.set(key, result);
    return result;
  }

  private nextId(prefix: string): string {
    return `${prefix}_fake_${++this.counter}`;
  }

  async createConnectedAccount(_input: unknown, idempotencyKey: string) {
    this.record('createConnectedAccount', { idempotencyKey });
    return this.once(idempotencyKey, () => ({ accountId: this.nextId('acct') }));
  }

  async createAccountOnboardingLink(input: { accountId: string }) {
    this.record('createAccountOnboardingLink', input);
    return { url: `https://connect.example/${input.accountId}`, expiresAt: new Date(0) };
  }

  async getConnectedAccount(accountId: string) {
    this.record('getConnectedAccount', accountId);
    return { accountId, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true };
  }

  async createCustomer(input: { idempotencyKey: string }) {
    this.record('createCustomer', input);
    return this.once(input.idempotencyKey, () => ({ customerId: this.nextId('cus') }));
  }

  async createSetupIntent(input: { idempotencyKey: string }) {
    this.record('createSetupIntent', input);
    return this.once(input.idempotencyKey, () => {
      const setupIntentId = this.nextId('seti');
      return { setupIntentId, clientSecret: `${setupIntentId}_secret` };
    });
  }

  async getSavedCard(input: { setupIntentId: string }): Promise<SavedCard> {
    this.record('getSavedCard', input);
    return (
      this.savedCards.get(input.setupIntentId) ?? { status: 'canceled', setupIntentId: input.setupIntentId }
    );
  }

  async createPaymentIntentHold(input: PaymentHoldInput): Promise<PaymentHoldResult> {
    this.record('createPaymentIntentHold', input);
    return this.once(input.idempotencyKey, () =>
      this.holdDecline
        ? this.holdDecline
        : { outcome: 'authorized', paymentIntentId: this.nextId('pi'), amountCapturable: input.amount },
    );
  }

  async chargeSavedCard(input: PaymentHoldInput): Promise<PaymentChargeResult> {
    this.record('chargeSavedCard', input);
    return this.once(input.idempotencyKey, () =>
      this.chargeDecline
        ? this.chargeDecline
        : { outcome: 'succeeded', paymentIntentId: this.nextId('pi'), amountReceived: input.amount },
    );
  }

  async capturePaymentIntent(input: CaptureInput) {
    this.record('capturePaymentIntent', input);
    if (this.captureError) throw this.captureError;
    return this.once(input.idempotencyKey, () => ({
      paymentIntentId: input.id,
      amountReceived: input.amountToCapture,
    }));
  }

  async cancelPaymentIntent(input: CancelInput) {
    this.record('cancelPaymentIntent', input);
    return { paymentIntentId: input.id, status: 'canceled' as const };
  }

  async refund(input: RefundInput) {
    this.record('refund', input);
    return this.once(input.idempotencyKey, () => ({
      refundId: this.nextId('re'),
      amount: input.amount ?? 0,
      status: 'succeeded',
    }));
  }
}

// ---------------------------------------------------------------- fixtures

export const TENANT = 't_1';
export const ACCOUNT = 'acct_tenant1';

export function tenant(
  overrides: {
    payoutAccount?: boolean;
    settings?: Partial<TenantSettings>;
    id?: string;
    accountId?: string;
  } = {},
): StoredTenant {
  const id = overrides.id ?? TENANT;
  return {
    id,
    name: 'Fjord Charging',
    email: 'ops@fjord.example',
    country: 'NO',
    currency: 'NOK',
    createdAt: '2026-01-01T00:00:00Z',
    settings: { ...defaultTenantSettings, ...overrides.settings },
    ...(overrides.payoutAccount === false
      ? {}
      : {
          payoutAccount: {
            provider: 'stripe' as const,
            accountId: overrides.accountId ?? ACCOUNT,
            createdAt: '2026-01-02T00:00:00Z',
          },
        }),
  } as StoredTenant;
}

export function customer(
  id: string,
  type: Customer['type'] = 'individual',
  overrides: Partial<Customer> = {},
): StoredCustomer {
  return {
    id,
    type,
    name: `Customer ${id}`,
    email: `${id}@example.com`,
    status: 'active',
    statusHistory: [],
    marketingOptIn: false,
    consentHistory: [],
    termsAcceptances: [],
    outstandingDebt: 0,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
    tenantId: TENANT,
    revision: 1,
  };
}

export function session(
  id: string,
  customerId: string | undefined,
  overrides: Partial<Session> = {},
): Session {
  return {
    id,
    tenantId: TENANT,
    chargePointId: 'CP-1',
    connectorId: 1,
    idTag: 'TAG-1',
    ...(customerId ? { customerId } : {}),
    transactionId: 1,
    startedAt: '2026-03-15T10:00:00Z',
    stoppedAt: '2026-03-15T11:00:00Z',
    meterStartWh: 0,
    meterStopWh: 10_000,
    energyWh: 10_000,
    status: 'completed',
    flags: [],
    createdAt: '2026-03-15T10:00:00Z',
    ...overrides,
  };
}

export const activeCard = (paymentMethodId = 'pm_1'): SavedCardRecord => ({
  provider: 'stripe',
  paymentMethodId,
  setupIntentId: 'seti_1',
  last4: '4242',
  brand: 'visa',
  status: 'active',
  addedAt: '2026-02-01T00:00:00Z',
});

export function voucher(code: string, customerId: string, remaining: number, attachedAt: string): Voucher {
  return {
    code,
    amount: remaining,
    remaining,
    activateBy: '2026-12-31T00:00:00Z',
    expiresAt: '2027-01-31T00:00:00Z',
    customerId,
    attachedAt,
    createdAt: '2026-01-01T00:00:00Z',
  };
}

export function discountCode(code: string, overrides: Partial<DiscountCode> = {}): DiscountCode {
  return {
    code,
    kind: 'amount',
    value: 100,
    expiresAt: '2027-01-01T00:00:00Z',
    status: 'active',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

// ---------------------------------------------------------------- in-memory world

export interface WorldOptions {
  readonly tenants?: readonly StoredTenant[];
  readonly customers?: readonly StoredCustomer[];
  readonly wallets?: readonly (Partial<StoredWallet> & { customerId: string })[];
  readonly vouchers?: readonly Voucher[];
  readonly discountCodes?: readonly DiscountCode[];
  readonly sessions?: readonly Session[];
  readonly funding?: readonly SessionFunding[];
  readonly complaints?: readonly Complaint[];
}

export interface Call {
  readonly name: string;
  readonly args: unknown[];
}

const emptyWallet = (customerId: string): StoredWallet => ({
  customerId,
  balance: 0,
  creditUsed: 0,
  vouchers: [],
  discounts: [],
  discountUses: {},
});

export function paymentWorld(options: WorldOptions = {}) {
  const tenants = new Map((options.tenants ?? [tenant()]).map((t) => [t.id, t]));
  const customers = new Map((options.customers ?? []).map((c) => [c.id, c]));
  const wallets = new Map(
    (options.wallets ?? []).map((w) => [w.customerId, { ...emptyWallet(w.customerId), ...w }]),
  );
  const vouchers = new Map((options.vouchers ?? []).map((v) => [v.code, v]));
  const discountCodes = new Map((options.discountCodes ?? []).map((d) => [d.code, d]));
  const sessions = new Map((options.sessions ?? []).map((s) => [s.id, s]));
  const funding = new Map((options.funding ?? []).map((f) => [f.sessionId, f]));
  const complaints = new Map((options.complaints ?? []).map((c) => [c.id, c]));
  const ledger = new Map<string, LedgerTransaction>();
  const stripeEvents = new Set<string>();
  const calls: Call[] = [];

  const walletOf = (customerId: string) => wallets.get(customerId) ?? emptyWallet(customerId);

  /** Like `postLedgerTransaction`: all or nothing, once per id, gated balances never below 0. */
  function post(tx: LedgerTransaction, alsoWrite: () => void = () => undefined): 'posted' | 'duplicate' {
    if (!isBalanced(tx)) throw new UnbalancedTransactionError(tx.id);
    if (ledger.has(tx.id)) return 'duplicate';
    const updates: (() => void)[] = [];
    for (const [account, change] of balanceChanges(tx)) {
      const parsed = parseAccount(account);
      if (parsed.scope === 'tenant') continue;
      if (parsed.scope === 'voucher') {
        const v = vouchers.get(parsed.code);
        if (!v || v.remaining + change < 0) throw new InsufficientFundsError(account);
        updates.push(() => vouchers.set(v.code, { ...v, remaining: v.remaining + change }));
        continue;
      }
      const { customerId, name } = parsed;
      if (name === 'receivable') {
        const c = customers.get(customerId);
        if (!c || c.outstandingDebt + change < 0) throw new InsufficientFundsError(account);
        updates.push(() => {
          const current = customers.get(customerId) ?? c;
          customers.set(customerId, { ...current, outstandingDebt: current.outstandingDebt + change });
        });
        continue;
      }
      const field = name === 'balance' ? 'balance' : 'creditUsed';
      if (walletOf(customerId)[field] + change < 0) throw new InsufficientFundsError(account);
      updates.push(() => {
        const current = walletOf(customerId);
        wallets.set(customerId, { ...current, [field]: current[field] + change });
      });
    }
    alsoWrite();
    for (const update of updates) update();
    ledger.set(tx.id, tx);
    return 'posted';
  }

  const repositories = {
    tenants: {
      getTenant: async (tenantId: string) => structuredClone(tenants.get(tenantId)),
    },
    customers: {
      getCustomer: async (_tenantId: string, customerId: string) =>
        structuredClone(customers.get(customerId)),
    },
    wallets: {
      getWallet: async (_tenantId: string, customerId: string) => structuredClone(walletOf(customerId)),
      markCardFailing: async (_tenantId: string, customerId: string, paymentMethodId: string) => {
        const w = walletOf(customerId);
        if (w.card?.paymentMethodId === paymentMethodId) {
          wallets.set(customerId, { ...w, card: { ...w.card, status: 'failing' } });
        }
      },
      claimDebtCollection: async (
        _tenantId: string,
        customerId: string,
        attempt: { attemptId: string; amount: number },
      ) => {
        const w = walletOf(customerId);
        if (w.pendingDebtCollection) return { ...w.pendingDebtCollection };
        wallets.set(customerId, { ...w, pendingDebtCollection: attempt });
        return attempt;
      },
      saveCard: async (_tenantId: string, customerId: string, card: SavedCardRecord) => {
        const w = walletOf(customerId);
        if (w.card?.paymentMethodId === card.paymentMethodId && w.card.status === 'active') return false;
        wallets.set(customerId, { ...w, card });
        return true;
      },
      releaseDebtCollection: async (_tenantId: string, customerId: string, attemptId: string) => {
        const { pendingDebtCollection, ...rest } = walletOf(customerId);
        if (pendingDebtCollection?.attemptId === attemptId) wallets.set(customerId, rest);
      },
    },
    vouchers: {
      getVouchers: async (_tenantId: string, codes: readonly string[]) =>
        codes.flatMap((code) => {
          const v = vouchers.get(code);
          return v ? [structuredClone(v)] : [];
        }),
    },
    discountCodes: {
      getDiscountCodes: async (_tenantId: string, codes: readonly string[]) =>
        codes.flatMap((code) => {
          const d = discountCodes.get(code);
          return d ? [structuredClone(d)] : [];
        }),
    },
    sessions: {
      getSession: async (_tenantId: string, sessionId: string) => structuredClone(sessions.get(sessionId)),
    },
    sessionFunding: {
      getSessionFunding: async (_tenantId: string, sessionId: string) =>
        structuredClone(funding.get(sessionId)),
    },
    ledger: {
      postLedgerTransaction: async (_tenantId: string, tx: LedgerTransaction) => post(tx),
    },
    settlements: {
      bookSettlementPlan: async (_tenantId: string, booking: SettlementBooking, tx: LedgerTransaction) => {
        if (ledger.has(tx.id)) return 'duplicate' as const;
        const current = funding.get(booking.sessionId);
        if (current?.plan)
          throw new ConflictError(`Session ${booking.sessionId} is being settled concurrently`);
        for (const code of booking.vouchers) {
          const v = vouchers.get(code);
          if (!v || v.customerId !== booking.customerId || v.expiresAt <= booking.at.toISOString()) {
            throw new ConflictError(`Voucher ${code} can no longer be spent`);
          }
        }
        const w = walletOf(booking.customerId);
        const discount = booking.discount;
        const uses = discount ? (w.discountUses[discount.code] ?? 0) : 0;
        if (discount?.maxUsesPerCustomer !== undefined && uses >= discount.maxUsesPerCustomer) {
          throw new ConflictError(`Discount ${discount.code} used up`);
        }
        const { plan, at } = booking;
        return post(tx, () => {
          funding.set(booking.sessionId, {
            sessionId: booking.sessionId,
            customerId: booking.customerId,
            means: booking.means,
            decidedAt: at.toISOString(),
            ...current,
            status: plan.card > 0 ? 'awaiting-card' : 'settled',
            plan,
            ...(plan.card === 0 ? { settledAt: at.toISOString() } : {}),
          });
          if (discount) {
            const wallet = walletOf(booking.customerId);
            wallets.set(booking.customerId, {
              ...wallet,
              discountUses: { ...wallet.discountUses, [discount.code]: uses + 1 },
            });
          }
        });
      },
      bookCardResult: async (
        _tenantId: string,
        sessionId: string,
        card: NonNullable<SessionFunding['card']>,
        at: Date,
        tx: LedgerTransaction,
      ) => {
        if (ledger.has(tx.id)) return 'duplicate' as const;
        const current = funding.get(sessionId);
        if (current?.status !== 'awaiting-card') throw new ConflictError('not awaiting the card');
        return post(tx, () =>
          funding.set(sessionId, { ...current, status: 'settled', settledAt: at.toISOString(), card }),
        );
      },
      bookComplaintRefund: async (
        _tenantId: string,
        decided: Complaint & { refund: NonNullable<Complaint['refund']>; decidedAt: string },
        tx: LedgerTransaction,
      ) => {
        if (ledger.has(tx.id)) return 'duplicate' as const;
        if (complaints.get(decided.id)?.status !== 'open') {
          throw new ConflictError('This complaint has already been decided');
        }
        return post(tx, () => {
          complaints.set(decided.id, decided);
          const f = funding.get(decided.sessionId);
          if (f) funding.set(f.sessionId, { ...f, refunded: (f.refunded ?? 0) + decided.refund.amount });
        });
      },
      bookDebtPayment: async (
        _tenantId: string,
        customerId: string,
        card: SavedCardRecord,
        tx: LedgerTransaction,
      ) =>
        post(tx, () => {
          const { pendingDebtCollection: _done, ...rest } = walletOf(customerId);
          wallets.set(customerId, { ...rest, card: { ...card, status: 'active' } });
        }),
    },
    stripeEvents: {
      claimStripeEvent: async (tenantId: string, eventId: string) => {
        const key = `${tenantId}/${eventId}`;
        if (stripeEvents.has(key)) return false;
        stripeEvents.add(key);
        return true;
      },
      releaseStripeEvent: async (tenantId: string, eventId: string) => {
        stripeEvents.delete(`${tenantId}/${eventId}`);
      },
    },
    complaints: {
      getComplaint: async (_tenantId: string, complaintId: string) =>
        structuredClone(complaints.get(complaintId)),
      createComplaint: async (_tenantId: string, complaint: Complaint) => {
        complaints.set(complaint.id, complaint);
      },
      decideComplaint: async (_tenantId: string, decided: Complaint) => {
        if (complaints.get(decided.id)?.status !== 'open') return false;
        complaints.set(decided.id, decided);
        return true;
      },
    },
  };

  // Every call is recorded (arguments cloned as they were at call time).
  const recorded = Object.fromEntries(
    Object.entries(repositories).map(([repository, methods]) => [
      repository,
      Object.fromEntries(
        Object.entries(methods).map(([method, fn]) => [
          method,
          (...args: unknown[]) => {
            calls.push({ name: `${repository}.${method}`, args: structuredClone(args) });
            return (fn as (...a: unknown[]) => unknown)(...args);
          },
        ]),
      ),
    ]),
  ) as unknown as NonNullable<FakeDepsOptions['repositories']>;

  return {
    repositories: recorded,
    tenants,
    customers,
    wallets,
    vouchers,
    funding,
    complaints,
    ledger,
    stripeEvents,
    calls,
    /** The arguments of every call to `repository.method`, in order. */
    callsTo: (name: string) => calls.filter((c) => c.name === name).map((c) => c.args),
    walletOf,
  };
}

export type PaymentWorld = ReturnType<typeof paymentWorld>;

/** A transaction's lines as `account → signed amount` (debit +, credit −), for readable assertions. */
export function netByAccount(tx: LedgerTransaction): Record<string, number> {
  const net: Record<string, number> = {};
  for (const line of tx.lines) {
    net[line.account] = (net[line.account] ?? 0) + (line.side === 'debit' ? line.amount : -line.amount);
  }
  return net;
}
