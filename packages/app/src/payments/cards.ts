import type { Deps } from '@csms/app/deps';
import { ConflictError, type Customer, newId } from '@csms/core';
import type { SavedCardRecord } from '@csms/db';
import { collectDebt, type DebtCollection } from './debt.ts';
import { idempotencyKey } from './idempotency-key.ts';
import { type CardAccess, loadTenantPayments, requireCardPayments } from './tenant-payments.ts';

/**
 * Saving a card (P1, P5, P7): a SetupIntent on the tenant's connected account, confirmed by the driver's app
 * with the client secret (card data never reaches us); then only the provider's ids, brand and last 4 digits
 * are stored. A newly added card collects open debt at once (P5).
 */
async function providerCustomerOf(
  deps: Deps,
  tenantId: string,
  customer: Customer,
  access: CardAccess,
): Promise<string> {
  const wallet = await deps.wallets.getWallet(tenantId, customer.id);
  if (wallet.providerCustomerId) return wallet.providerCustomerId;
  const { customerId } = await access.provider.createCustomer({
    connectedAccountId: access.connectedAccountId,
    // Once per customer: a retry or a concurrent request gets the same provider customer.
    idempotencyKey: idempotencyKey(tenantId, customer.id, 'provider-customer'),
    metadata: { tenantId, customerId: customer.id },
  });
  return deps.wallets.recordProviderCustomer(tenantId, customer.id, customerId);
}

export async function startCardSetup(deps: Deps, tenantId: string, customer: Customer) {
  const access = requireCardPayments(deps, await loadTenantPayments(deps, tenantId));
  const providerCustomerId = await providerCustomerOf(deps, tenantId, customer, access);
  return access.provider.createSetupIntent({
    connectedAccountId: access.connectedAccountId,
    customerId: providerCustomerId,
    // Every call starts a new setup; the key only makes the SDK's own retries safe.
    idempotencyKey: idempotencyKey(tenantId, customer.id, 'card-setup', newId('su')),
    metadata: { tenantId, customerId: customer.id },
  });
}

export interface CardConfirmation {
  readonly card: SavedCardRecord;
  /** True when this call saved the card (false: it was saved before, e.g. by the webhook). */
  readonly added: boolean;
  readonly debtCollection: DebtCollection;
}

/** From the confirm route or the `setup_intent.succeeded` webhook; safe to run twice for one SetupIntent. */
export async function confirmCard(
  deps: Deps,
  tenantId: string,
  customerId: string,
  setupIntentId: string,
  now: Date,
): Promise<CardConfirmation> {
  const access = requireCardPayments(deps, await loadTenantPayments(deps, tenantId));
  const wallet = await deps.wallets.getWallet(tenantId, customerId);
  const saved = await access.provider.getSavedCard({
    connectedAccountId: access.connectedAccountId,
    setupIntentId,
  });
  if (saved.status !== 'saved') {
    const why = saved.status === 'pending' && saved.declineCode ? ` (declined: ${saved.declineCode})` : '';
    throw new ConflictError(`SetupIntent ${setupIntentId} has not saved a card${why}`);
  }
  // A SetupIntent of another customer (even of this tenant) must not become this customer's card.
  if (!wallet.providerCustomerId || saved.customerId !== wallet.providerCustomerId) {
    throw new ConflictError(`SetupIntent ${setupIntentId} belongs to another customer`);
  }
  const card: SavedCardRecord = {
    provider: 'stripe',
    paymentMethodId: saved.paymentMethodId,
    setupIntentId,
    last4: saved.last4,
    brand: saved.brand,
    status: 'active',
    addedAt: now.toISOString(),
  };
  const added = await deps.wallets.saveCard(tenantId, customerId, card);
  const current = added ? card : ((await deps.wallets.getWallet(tenantId, customerId)).card ?? card);
  // P5: a new card pays what is owed (a no-op without debt, so the second report of a card is harmless).
  const debtCollection = await collectDebt(deps, tenantId, customerId, now);
  return { card: current, added, debtCollection };
}
