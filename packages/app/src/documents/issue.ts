import { createHash } from 'node:crypto';
import type { Deps } from '@csms/app/deps';
import {
  addDays,
  ConflictError,
  type CreditLineSelection,
  creditNoteDraft,
  dateOf,
  documentFromPricedSessions,
  documentIdFor,
  type InvoiceDocument,
  NotFoundError,
  type PricedSession,
  periodBounds,
  ValidationError,
} from '@csms/core';
import { buyerOf, sellerOf } from './parties.ts';

/**
 * Issuing billing documents — what the session workflow and the monthly close call (N2–N4). Every function is
 * idempotent by the document's source: the id is derived from it (`documentIdFor`), so a retry, a repeated
 * workflow task or a second close of a month answers the document issued the first time (`created: false`)
 * and consumes no number.
 */
export interface IssueResult {
  readonly document: InvoiceDocument;
  /** False when the document had been issued before and is returned unchanged. */
  readonly created: boolean;
}

export interface ReceiptOptions {
  /** The session was paid at its end (card capture): the receipt shows it as paid (BT-113). */
  readonly paid?: { readonly amount: number; readonly by: 'card' } | undefined;
  readonly now?: Date | undefined;
}

/**
 * N2: the receipt of an individual's session, dated today. `priced` is the stopped session with its final
 * cost (`priceSession`). Company customers are refused (409): their sessions go on the monthly invoice.
 */
/** What issuing a document reads and writes: the documents, the parties on them and the date. */
export type IssueDeps = Pick<Deps, 'documents' | 'tenants' | 'customers' | 'clock'>;

export async function issueReceipt(
  deps: IssueDeps,
  tenantId: string,
  sessionId: string,
  priced: PricedSession,
  options: ReceiptOptions = {},
): Promise<IssueResult> {
  if (priced.session.id !== sessionId) {
    throw new ValidationError([{ field: 'session.id', message: `Priced session is not ${sessionId}` }]);
  }
  const documentId = documentIdFor(tenantId, `receipt:${sessionId}`);
  const existing = await deps.documents.getDocument(tenantId, documentId);
  if (existing) return { document: existing, created: false };

  const now = options.now ?? deps.clock.now();
  const customerId = priced.session.customerId;
  const [tenant, customer] = await Promise.all([
    deps.tenants.getTenant(tenantId),
    customerId ? deps.customers.getCustomer(tenantId, customerId) : undefined,
  ]);
  if (!tenant) throw new NotFoundError(`Tenant ${tenantId}`);
  if (customer?.type === 'company') {
    throw new ConflictError(`Customer ${customer.id} is a company: its sessions are invoiced monthly`);
  }
  const issueDate = dateOf(now);
  const draft = documentFromPricedSessions({
    kind: 'receipt',
    seller: sellerOf(tenant),
    buyer: buyerOf(customer, tenant.country),
    customerId: customer?.id,
    issueDate,
    dueDate: issueDate,
    paymentTerms: options.paid ? 'Paid by card at the end of the session' : 'Due on receipt',
    sessions: [priced],
    defaultVatRate: tenant.settings.defaultVatRate,
    paid: options.paid,
  });
  return deps.documents.finaliseDocument({ tenantId, documentId, draft, now });
}

export interface MonthlyInvoiceOptions {
  /** Default: the last day of the period (N3). */
  readonly issueDate?: string | undefined;
  /** Default: issue date + the tenant's `invoiceDueDays`. */
  readonly dueDate?: string | undefined;
  readonly now?: Date | undefined;
}

/**
 * N3: a company's invoice for a month (`YYYY-MM`) over the priced sessions the caller collected. Answers
 * undefined when there is nothing to bill. The month is the source: closing it again answers the invoice
 * issued the first time, whatever sessions are passed (late sessions go on a later document).
 */
export async function issueMonthlyInvoice(
  deps: IssueDeps,
  tenantId: string,
  customerId: string,
  period: string,
  pricedSessions: readonly PricedSession[],
  options: MonthlyInvoiceOptions = {},
): Promise<IssueResult | undefined> {
  const bounds = periodBounds(period);
  const documentId = documentIdFor(tenantId, `invoice:${customerId}:${period}`);
  const existing = await deps.documents.getDocument(tenantId, documentId);
  if (existing) return { document: existing, created: false };
  if (pricedSessions.length === 0) return undefined;

  const [tenant, customer] = await Promise.all([
    deps.tenants.getTenant(tenantId),
    deps.customers.getCustomer(tenantId, customerId),
  ]);
  if (!tenant) throw new NotFoundError(`Tenant ${tenantId}`);
  if (!customer) throw new NotFoundError(`Customer ${customerId}`);
  const issueDate = options.issueDate ?? bounds.end;
  const days = tenant.settings.invoiceDueDays;
  const dueDate = options.dueDate ?? addDays(issueDate, days);
  const draft = documentFromPricedSessions({
    kind: 'invoice',
    seller: sellerOf(tenant),
    buyer: buyerOf(customer, tenant.country),
    customerId,
    issueDate,
    dueDate,
    paymentTerms: `Payable within ${days} days of the invoice date, by ${dueDate}`,
    period: bounds,
    note: `Charging sessions of ${period}`,
    sessions: pricedSessions,
    defaultVatRate: tenant.settings.defaultVatRate,
  });
  return deps.documents.finaliseDocument({
    tenantId,
    documentId,
    draft,
    now: options.now ?? deps.clock.now(),
  });
}

export interface CreditNoteOptions {
  /**
   * Names this correction; the same key answers the same credit note. Default: derived from reason and
   * lines, so an identical request is not credited twice.
   */
  readonly idempotencyKey?: string | undefined;
  readonly now?: Date | undefined;
}

/**
 * N4: a credit note correcting a receipt or an invoice — all of it, or the given lines (whole, or part of a
 * line's net amount). Refused (409) beyond what is left to credit of the original.
 */
export async function issueCreditNote(
  deps: Pick<Deps, 'documents' | 'clock'>,
  tenantId: string,
  invoiceId: string,
  reason: string,
  lines?: readonly CreditLineSelection[],
  options: CreditNoteOptions = {},
): Promise<IssueResult> {
  const why = reason.trim();
  if (why.length === 0 || why.length > 500) {
    throw new ValidationError([{ field: 'reason', message: 'Say why, in 1–500 characters' }]);
  }
  const key =
    options.idempotencyKey ??
    createHash('sha256')
      .update(JSON.stringify([why, lines ?? null]))
      .digest('base64url');
  const documentId = documentIdFor(tenantId, `credit-note:${invoiceId}:${key}`);
  const existing = await deps.documents.getDocument(tenantId, documentId);
  if (existing) return { document: existing, created: false };

  const original = await deps.documents.getDocument(tenantId, invoiceId);
  if (!original) throw new NotFoundError(`Document ${invoiceId}`);
  const now = options.now ?? deps.clock.now();
  const draft = creditNoteDraft(original, { reason: why, issueDate: dateOf(now), lines });
  return deps.documents.finaliseDocument({ tenantId, documentId, draft, now, credits: invoiceId });
}
