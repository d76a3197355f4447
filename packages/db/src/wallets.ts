import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '@csms/core';
import * as z from 'zod';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * A customer's wallet item (access patterns L4–L7), beside the customer record in its partition. Balances
 * (`balance`, `creditUsed`) are ledger balances and only change through `postLedgerTransaction`; the rest is
 * the payment setup: credit limit, the saved card (provider ids and last 4 digits only, P7), attached vouchers
 * (pointers, oldest first; the value lives on the voucher) and discount codes with their use counts.
 */
export interface SavedCardRecord {
  readonly provider: 'stripe';
  readonly paymentMethodId: string;
  readonly setupIntentId: string;
  readonly last4: string;
  readonly brand: string;
  /** `failing` after a declined hold or charge: not offered as a means until a new card is added. */
  readonly status: 'active' | 'failing';
  readonly addedAt: string;
}

export interface VoucherPointer {
  readonly code: string;
  readonly attachedAt: string;
  readonly expiresAt: string;
}

export interface DiscountPointer {
  readonly code: string;
  readonly attachedAt: string;
}

export interface StoredWallet {
  readonly customerId: string;
  readonly balance: number;
  readonly creditUsed: number;
  /** Absent: the customer type's default; null: unlimited. */
  readonly creditLimit?: number | null;
  readonly providerCustomerId?: string;
  readonly card?: SavedCardRecord;
  readonly vouchers: readonly VoucherPointer[];
  readonly discounts: readonly DiscountPointer[];
  readonly discountUses: Readonly<Record<string, number>>;
  /** A debt collection under way: its id keys the provider call, so a retry never charges twice. */
  readonly pendingDebtCollection?: { readonly attemptId: string; readonly amount: number };
}

/** Attribute holding how often a discount code was used by this customer. */
export const discountUsesAttribute = (code: string) => `uses#${code}`;

const USES_PREFIX = discountUsesAttribute('');

/** The wallet's `uses#<code>` attributes, one per code used, gathered into `discountUses` for the schema. */
function gatherDiscountUses(attributes: unknown): unknown {
  if (typeof attributes !== 'object' || attributes === null) return attributes;
  const rest: Record<string, unknown> = {};
  const discountUses: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith(USES_PREFIX)) discountUses[name.slice(USES_PREFIX.length)] = value;
    else rest[name] = value;
  }
  return { ...rest, discountUses };
}

const savedCardSchema: z.ZodType<SavedCardRecord> = z.object({
  provider: z.literal('stripe'),
  paymentMethodId: z.string(),
  setupIntentId: z.string(),
  last4: z.string(),
  brand: z.string(),
  status: z.enum(['active', 'failing']),
  addedAt: z.string(),
});

/**
 * The wallet as stored: only ever written by updates (each sets its own attributes, balances by `ADD`), so
 * what no write set yet reads as the empty wallet does. `discountCodes`, a string set, only guards attaching
 * a code twice (`attachDiscountCode`) and is not part of the value.
 */
const walletSchema: z.ZodType<StoredWallet> = z.preprocess(
  gatherDiscountUses,
  z.object({
    customerId: z.string(),
    balance: z.number().default(0),
    creditUsed: z.number().default(0),
    creditLimit: z.number().nullable().optional(),
    providerCustomerId: z.string().optional(),
    card: savedCardSchema.optional(),
    vouchers: z
      .array(z.object({ code: z.string(), attachedAt: z.string(), expiresAt: z.string() }))
      .default([]),
    discounts: z.array(z.object({ code: z.string(), attachedAt: z.string() })).default([]),
    discountUses: z.record(z.string(), z.number()),
    pendingDebtCollection: z.object({ attemptId: z.string(), amount: z.number() }).optional(),
  }),
);

const walletEntity = (tenantId: string) =>
  defineEntity({
    type: 'Wallet',
    schema: walletSchema,
    key: (wallet) => keys.wallet(tenantId, wallet.customerId),
  });

/** Access pattern L4. A customer without a wallet item has an empty wallet. */
export async function getWallet(
  table: TableClient,
  tenantId: string,
  customerId: string,
): Promise<StoredWallet> {
  const { Item } = await table.get({
    Key: keys.wallet(tenantId, customerId),
    ConsistentRead: true,
  });
  // The key names the customer even for a wallet no write has created yet, or one whose first write (a debt
  // payment's card update) set no `customerId`.
  return walletEntity(tenantId).fromItem({ customerId, ...Item });
}

/** `set`: the SET clause's assignments; `add`: an ADD clause, if any. Creates the wallet item if absent. */
async function updateWallet(
  table: TableClient,
  tenantId: string,
  customerId: string,
  expression: { readonly set: string; readonly add?: string },
  names: Record<string, string>,
  values: Record<string, unknown>,
  condition?: string,
): Promise<boolean> {
  try {
    await table.update({
      Key: keys.wallet(tenantId, customerId),
      UpdateExpression: `SET ${expression.set}, #type = if_not_exists(#type, :wallet), #customerId = if_not_exists(#customerId, :customerId)${expression.add ? ` ADD ${expression.add}` : ''}`,
      ...(condition ? { ConditionExpression: condition } : {}),
      ExpressionAttributeNames: { ...names, '#type': 'type', '#customerId': 'customerId' },
      ExpressionAttributeValues: { ...values, ':wallet': 'Wallet', ':customerId': customerId },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Access pattern L5: P4; null removes the limit (unlimited credit). */
export async function setCreditLimit(
  table: TableClient,
  tenantId: string,
  customerId: string,
  creditLimit: number | null,
): Promise<void> {
  await updateWallet(
    table,
    tenantId,
    customerId,
    { set: '#limit = :limit' },
    { '#limit': 'creditLimit' },
    { ':limit': creditLimit },
  );
}

/** The provider's customer is created once: returns the id recorded first when two requests race. */
export async function recordProviderCustomer(
  table: TableClient,
  tenantId: string,
  customerId: string,
  providerCustomerId: string,
): Promise<string> {
  const recorded = await updateWallet(
    table,
    tenantId,
    customerId,
    { set: '#p = :p' },
    { '#p': 'providerCustomerId' },
    { ':p': providerCustomerId },
    'attribute_not_exists(#p)',
  );
  if (recorded) return providerCustomerId;
  const wallet = await getWallet(table, tenantId, customerId);
  if (!wallet.providerCustomerId)
    throw new ConflictError('The payment customer could not be recorded; retry');
  return wallet.providerCustomerId;
}

/** Access pattern L5: a new card replaces the old one; saving the same card again changes nothing. */
export async function saveCard(
  table: TableClient,
  tenantId: string,
  customerId: string,
  card: SavedCardRecord,
): Promise<boolean> {
  return updateWallet(
    table,
    tenantId,
    customerId,
    { set: '#card = :card' },
    { '#card': 'card', '#pm': 'paymentMethodId', '#status': 'status' },
    { ':card': card, ':pm': card.paymentMethodId, ':active': 'active' },
    // Re-saving the card that is there (API confirm and webhook both report it) is a no-op.
    'attribute_not_exists(#card) OR #card.#pm <> :pm OR #card.#status <> :active',
  );
}

/** After a declined hold or charge: the card stays on file but no longer counts as a usable means. */
export async function markCardFailing(
  table: TableClient,
  tenantId: string,
  customerId: string,
  paymentMethodId: string,
): Promise<void> {
  await updateWallet(
    table,
    tenantId,
    customerId,
    { set: '#card.#status = :failing' },
    { '#card': 'card', '#status': 'status', '#pm': 'paymentMethodId' },
    { ':failing': 'failing', ':pm': paymentMethodId },
    'attribute_exists(#card) AND #card.#pm = :pm',
  );
}

/**
 * Access pattern L6: attaches a voucher (P2) in one transaction: the voucher names its customer (only if no
 * one has it yet, before its activation deadline and expiry) and the wallet gets a pointer, in attach order.
 * Returns false when the voucher's conditions no longer held at write time.
 */
export async function attachVoucher(
  table: TableClient,
  tenantId: string,
  customerId: string,
  pointer: VoucherPointer,
): Promise<boolean> {
  try {
    await table.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table.name,
              Key: keys.voucher(tenantId, pointer.code),
              UpdateExpression: 'SET customerId = :c, attachedAt = :at',
              ConditionExpression:
                'attribute_exists(pk) AND attribute_not_exists(customerId) AND activateBy >= :at AND expiresAt > :at',
              ExpressionAttributeValues: { ':c': customerId, ':at': pointer.attachedAt },
            },
          },
          {
            Update: {
              TableName: table.name,
              Key: keys.wallet(tenantId, customerId),
              UpdateExpression:
                'SET vouchers = list_append(if_not_exists(vouchers, :none), :pointer), #type = if_not_exists(#type, :wallet), customerId = if_not_exists(customerId, :c)',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: {
                ':none': [],
                ':pointer': [pointer],
                ':wallet': 'Wallet',
                ':c': customerId,
              },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/** Access pattern L7: a discount code attached once per customer. False when it already was. */
export async function attachDiscountCode(
  table: TableClient,
  tenantId: string,
  customerId: string,
  pointer: DiscountPointer,
): Promise<boolean> {
  return updateWallet(
    table,
    tenantId,
    customerId,
    { set: '#discounts = list_append(if_not_exists(#discounts, :none), :pointer)', add: '#codes :code' },
    { '#discounts': 'discounts', '#codes': 'discountCodes' },
    { ':none': [], ':pointer': [pointer], ':code': new Set([pointer.code]), ':one': pointer.code },
    'NOT contains(#codes, :one)',
  );
}

/** Claims a debt collection attempt; returns the attempt already under way if there is one. */
export async function claimDebtCollection(
  table: TableClient,
  tenantId: string,
  customerId: string,
  attempt: { attemptId: string; amount: number },
): Promise<{ attemptId: string; amount: number }> {
  const claimed = await updateWallet(
    table,
    tenantId,
    customerId,
    { set: '#pending = :attempt' },
    { '#pending': 'pendingDebtCollection' },
    { ':attempt': attempt },
    'attribute_not_exists(#pending)',
  );
  if (claimed) return attempt;
  const wallet = await getWallet(table, tenantId, customerId);
  return wallet.pendingDebtCollection ?? attempt;
}

export async function releaseDebtCollection(
  table: TableClient,
  tenantId: string,
  customerId: string,
  attemptId: string,
): Promise<void> {
  try {
    await table.update({
      Key: keys.wallet(tenantId, customerId),
      UpdateExpression: 'REMOVE pendingDebtCollection',
      ConditionExpression: 'pendingDebtCollection.attemptId = :id',
      ExpressionAttributeValues: { ':id': attemptId },
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The wallets repository: the functions above with the table given. */
export const createWalletsRepository = (table: TableClient) =>
  bindTable(table, {
    getWallet,
    setCreditLimit,
    recordProviderCustomer,
    saveCard,
    markCardFailing,
    attachVoucher,
    attachDiscountCode,
    claimDebtCollection,
    releaseDebtCollection,
  });

export type WalletsRepository = ReturnType<typeof createWalletsRepository>;
