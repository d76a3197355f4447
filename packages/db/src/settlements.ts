import { type Complaint, ConflictError, type LedgerTransaction, type SettlementPlan } from '@csms/core';
import { keys } from './keys.ts';
import { type PostResult, postLedgerTransaction } from './ledger.ts';
import type { SessionFunding } from './session-funding.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';
import { discountUsesAttribute, type SavedCardRecord } from './wallets.ts';
import { WriteSet } from './write-set.ts';

/**
 * Money movements that change more than the ledger: each posts its ledger transaction together with the
 * records it decides (the session's funding record, spent vouchers, a discount's use count, a complaint, a
 * wallet) in one DynamoDB transaction, so a retried step either finds everything written or nothing.
 */
export interface SettlementBooking {
  readonly sessionId: string;
  readonly customerId: string;
  readonly means: SessionFunding['means'];
  readonly plan: SettlementPlan;
  readonly at: Date;
  /** Spent only while still this customer's and unexpired at the moment of writing (P2). */
  readonly vouchers: readonly string[];
  /** The discount code used, and how often one customer may use it. */
  readonly discount?: { readonly code: string; readonly maxUsesPerCustomer?: number };
}

/**
 * The settlement plan of a session, once. Its ledger transaction is named after the session, so booking a
 * second plan for it writes nothing and answers `duplicate`; a plan racing one under another ledger id fails
 * with a conflict on the funding record.
 */
export async function bookSettlementPlan(
  table: TableClient,
  tenantId: string,
  booking: SettlementBooking,
  transaction: LedgerTransaction,
): Promise<PostResult> {
  const { plan, at } = booking;
  const writes = new WriteSet();
  const record = writes.update(keys.sessionFunding(tenantId, booking.sessionId));
  record
    .set('status', plan.card > 0 ? 'awaiting-card' : 'settled')
    .set('plan', plan)
    .setIfNotExists('type', 'SessionFunding')
    .setIfNotExists('tenantId', tenantId)
    .setIfNotExists('sessionId', booking.sessionId)
    .setIfNotExists('customerId', booking.customerId)
    .setIfNotExists('means', booking.means)
    .setIfNotExists('decidedAt', at.toISOString())
    .condition(`attribute_not_exists(${record.name('plan')})`)
    .failsWith(() => new ConflictError(`Session ${booking.sessionId} is being settled concurrently`));
  if (plan.card === 0) record.set('settledAt', at.toISOString());
  for (const code of booking.vouchers) {
    const voucher = writes.update(keys.voucher(tenantId, code));
    voucher.condition(
      `${voucher.name('customerId')} = ${voucher.value(booking.customerId)} AND ${voucher.name('expiresAt')} > ${voucher.value(at.toISOString())}`,
    );
  }
  if (booking.discount) {
    const wallet = writes.update(keys.wallet(tenantId, booking.customerId));
    const uses = discountUsesAttribute(booking.discount.code);
    // The use count may be the wallet's first attribute (a card-paid session moves no balance).
    wallet.add(uses, 1).setIfNotExists('type', 'Wallet').setIfNotExists('customerId', booking.customerId);
    const max = booking.discount.maxUsesPerCustomer;
    if (max !== undefined) {
      wallet.condition(
        `attribute_not_exists(${wallet.name(uses)}) OR ${wallet.name(uses)} < ${wallet.value(max)}`,
      );
    }
  }
  return postLedgerTransaction(table, tenantId, transaction, { writes });
}

/** The card's answer for a session awaiting it; the session is then settled. */
export async function bookCardResult(
  table: TableClient,
  tenantId: string,
  sessionId: string,
  card: NonNullable<SessionFunding['card']>,
  at: Date,
  transaction: LedgerTransaction,
): Promise<PostResult> {
  const writes = new WriteSet();
  const record = writes.update(keys.sessionFunding(tenantId, sessionId));
  record
    .set('status', 'settled')
    .set('settledAt', at.toISOString())
    .set('card', card)
    .condition(`${record.name('status')} = ${record.value('awaiting-card')}`);
  return postLedgerTransaction(table, tenantId, transaction, { writes });
}

/** An accepted complaint's refund: the complaint is decided (once) and the session's refunded sum grows. */
export async function bookComplaintRefund(
  table: TableClient,
  tenantId: string,
  decided: Complaint & { readonly refund: NonNullable<Complaint['refund']>; readonly decidedAt: string },
  transaction: LedgerTransaction,
): Promise<PostResult> {
  const writes = new WriteSet();
  const item = writes.update(keys.complaint(tenantId, decided.id));
  item
    .set('status', decided.status)
    .set('decidedAt', decided.decidedAt)
    .set('refund', decided.refund)
    .condition(`${item.name('status')} = ${item.value('open')}`)
    .failsWith(() => new ConflictError('This complaint has already been decided'));
  if (decided.note) item.set('note', decided.note);
  writes.update(keys.sessionFunding(tenantId, decided.sessionId)).add('refunded', decided.refund.amount);
  return postLedgerTransaction(table, tenantId, transaction, { writes });
}

/** A collected debt payment: the attempt ends and the card that paid is working again. */
export async function bookDebtPayment(
  table: TableClient,
  tenantId: string,
  customerId: string,
  card: SavedCardRecord,
  transaction: LedgerTransaction,
): Promise<PostResult> {
  const writes = new WriteSet();
  const wallet = writes.update(keys.wallet(tenantId, customerId));
  wallet
    .remove('pendingDebtCollection')
    .setExpression('card', `${wallet.value({ ...card, status: 'active' })}`);
  return postLedgerTransaction(table, tenantId, transaction, { writes });
}

/** The settlements repository: the functions above with the table given. */
export const createSettlementsRepository = (table: TableClient) =>
  bindTable(table, { bookSettlementPlan, bookCardResult, bookComplaintRefund, bookDebtPayment });

export type SettlementsRepository = ReturnType<typeof createSettlementsRepository>;
