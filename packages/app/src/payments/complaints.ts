import type { Deps } from '@csms/app/deps';
import {
  addBusinessDays,
  COMPLAINT_DECISION_BUSINESS_DAYS,
  type Complaint,
  type ComplaintDecision,
  ConflictError,
  checkComplaintWindow,
  checkRefund,
  NotFoundError,
  newId,
  refundTransaction,
} from '@csms/core';
import { idempotencyKey } from './idempotency-key.ts';
import { loadTenantPayments, requireCardPayments } from './tenant-payments.ts';

/** P6: a complaint about a session's charge, filed within 3 days of its end. */
export async function fileComplaint(
  deps: Deps,
  tenantId: string,
  sessionId: string,
  reason: string,
  now: Date,
): Promise<Complaint> {
  const session = await deps.sessions.getSession(tenantId, sessionId);
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

/**
 * The operator's decision. An accepted complaint with a refund pays back to the card (a Stripe refund of the
 * session's payment, keyed `tenant:complaint:<id>:refund`) or onto the prepaid balance; either way a ledger
 * transaction written together with the decision and the session's refunded total.
 */
export async function decide(
  deps: Deps,
  tenantId: string,
  complaintId: string,
  decision: ComplaintDecision,
  now: Date,
): Promise<Complaint> {
  const complaint = await deps.complaints.getComplaint(tenantId, complaintId);
  if (!complaint) throw new NotFoundError(`Complaint ${complaintId}`);
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
