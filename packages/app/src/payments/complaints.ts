import type { Deps } from '@csms/app/deps';
import {
  addBusinessDays,
  COMPLAINT_DECISION_BUSINESS_DAYS,
  type Complaint,
  type ComplaintDecision,
  type ComplaintStatus,
  ConflictError,
  checkComplaintWindow,
  checkRefund,
  NotFoundError,
  newId,
  refundTransaction,
} from '@csms/core';
import type { Page, PageRequest } from '@csms/db';
import { plausibleId } from '../customers/customer-lookup.ts';
import { idempotencyKey } from './idempotency-key.ts';
import { loadTenantPayments, requireCardPayments } from './tenant-payments.ts';

/**
 * P6: a complaint about a session's charge, filed within 3 days of its end. `now` defaults to the clock; it
 * is a parameter only so tests can file at a chosen instant. What could never be a session id is unknown
 * without a read.
 */
export async function fileComplaint(
  deps: Pick<Deps, 'sessions' | 'complaints' | 'clock'>,
  tenantId: string,
  sessionId: string,
  reason: string,
  now: Date = deps.clock.now(),
): Promise<Complaint> {
  const session = plausibleId(sessionId) ? await deps.sessions.getSession(tenantId, sessionId) : undefined;
  if (!session) throw new NotFoundError(`Session ${sessionId}`);
  if (!session.customerId) throw new ConflictError('The session has no customer to refund');
  checkComplaintWindow(session.stoppedAt, now);
  const complaint: Complaint = {
    id: newId('cmp'),
    sessionId,
    customerId: session.customerId,
    reason,
    status: 'open',
    createdAt: now.toISOString(),
    decideBy: addBusinessDays(now, COMPLAINT_DECISION_BUSINESS_DAYS).toISOString(),
  };
  await deps.complaints.createComplaint(tenantId, complaint);
  return complaint;
}

/** One complaint, or 404; an id that could never be one is unknown without a read. */
export async function getComplaint(
  deps: Pick<Deps, 'complaints'>,
  tenantId: string,
  complaintId: string,
): Promise<Complaint> {
  const complaint = plausibleId(complaintId)
    ? await deps.complaints.getComplaint(tenantId, complaintId)
    : undefined;
  if (!complaint) throw new NotFoundError(`Complaint ${complaintId}`);
  return complaint;
}

/** A page of the tenant's complaints, oldest first, optionally of one status. */
export function listComplaints(
  deps: Pick<Deps, 'complaints'>,
  tenantId: string,
  status: ComplaintStatus | undefined,
  page: PageRequest,
): Promise<Page<Complaint>> {
  return deps.complaints.listComplaints(tenantId, status, page);
}

/**
 * The operator's decision. An accepted complaint with a refund pays back to the card (a Stripe refund of the
 * session's payment, keyed `tenant:complaint:<id>:refund`) or onto the prepaid balance; either way a ledger
 * transaction written together with the decision and the session's refunded total. The whole `Deps`
 * because the tenant's payment setup is loaded through `loadTenantPayments`; `now` defaults to the clock.
 */
export async function decide(
  deps: Deps,
  tenantId: string,
  complaintId: string,
  decision: ComplaintDecision,
  now: Date = deps.clock.now(),
): Promise<Complaint> {
  const complaint = await getComplaint(deps, tenantId, complaintId);
  if (complaint.status !== 'open') throw new ConflictError('This complaint has already been decided');
  const base: Complaint = {
    ...complaint,
    status: decision.decision,
    decidedAt: now.toISOString(),
    ...(decision.note ? { note: decision.note } : {}),
  };
  if (!decision.refund) {
    if (!(await deps.complaints.decideComplaint(tenantId, base)))
      throw new ConflictError('This complaint has already been decided');
    return base;
  }
  const refund = decision.refund;
  const funding = await deps.sessionFunding.getSessionFunding(tenantId, complaint.sessionId);
  if (!funding?.plan || funding.status !== 'settled') {
    throw new ConflictError('The session is not settled yet; decide once it is');
  }
  checkRefund(complaint, refund, {
    gross: funding.plan.gross,
    card: funding.card?.collected ?? 0,
    refunded: funding.refunded ?? 0,
  });
  const payments = await loadTenantPayments(deps, tenantId);
  let reference: string | undefined;
  if (refund.to === 'card') {
    const paymentIntentId = funding.card?.paymentIntentId;
    if (!paymentIntentId) throw new ConflictError('The session was not paid by card');
    const { provider, connectedAccountId } = requireCardPayments(deps, payments);
    const result = await provider.refund({
      paymentIntentId,
      connectedAccountId,
      amount: refund.amount,
      reason: 'requested_by_customer',
      idempotencyKey: idempotencyKey(tenantId, 'complaint', complaintId, 'refund'),
    });
    reference = result.refundId;
  }
  const refunded = { amount: refund.amount, to: refund.to, ...(reference ? { reference } : {}) };
  const decided: Complaint = { ...base, refund: refunded };
  await deps.settlements.bookComplaintRefund(
    tenantId,
    { ...decided, refund: refunded, decidedAt: now.toISOString() },
    refundTransaction({
      complaintId,
      customerId: complaint.customerId,
      sessionId: complaint.sessionId,
      amount: refund.amount,
      to: refund.to,
      ...(reference ? { reference } : {}),
      at: now,
      currency: payments.currency,
    }),
  );
  return decided;
}
