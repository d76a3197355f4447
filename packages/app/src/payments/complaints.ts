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
import {
  createComplaint,
  decideComplaint,
  getComplaint,
  getSession,
  getSessionFunding,
  keys,
  postLedgerTransaction,
  WriteSet,
} from '@csms/db';
import { idempotencyKey } from './idempotency-key.ts';
import { loadTenantPayments, requireCardPayments } from './tenant-payments.ts';

/** P6: a complaint about a session's charge, filed within 3 days of its end. */
export async function fileComplaint(
  tenantId: string,
  sessionId: string,
  reason: string,
  now: Date,
): Promise<Complaint> {
  const session = await getSession(tenantId, sessionId);
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
  await createComplaint(tenantId, complaint);
  return complaint;
}

/**
 * The operator's decision. An accepted complaint with a refund pays back to the card (a Stripe refund of the
 * session's payment, keyed `tenant:complaint:<id>:refund`) or onto the prepaid balance; either way a ledger
 * transaction written together with the decision and the session's refunded total.
 */
export async function decide(
  tenantId: string,
  complaintId: string,
  decision: ComplaintDecision,
  now: Date,
): Promise<Complaint> {
  const complaint = await getComplaint(tenantId, complaintId);
  if (!complaint) throw new NotFoundError(`Complaint ${complaintId}`);
  if (complaint.status !== 'open') throw new ConflictError('This complaint has already been decided');
  const base: Complaint = {
    ...complaint,
    status: decision.decision,
    decidedAt: now.toISOString(),
    ...(decision.note ? { note: decision.note } : {}),
  };
  if (!decision.refund) {
    if (!(await decideComplaint(tenantId, base)))
      throw new ConflictError('This complaint has already been decided');
    return base;
  }
  const refund = decision.refund;
  const funding = await getSessionFunding(tenantId, complaint.sessionId);
  if (!funding?.plan || funding.status !== 'settled') {
    throw new ConflictError('The session is not settled yet; decide once it is');
  }
  checkRefund(complaint, refund, {
    gross: funding.plan.gross,
    card: funding.card?.collected ?? 0,
    refunded: funding.refunded ?? 0,
  });
  const payments = await loadTenantPayments(tenantId);
  let reference: string | undefined;
  if (refund.to === 'card') {
    const paymentIntentId = funding.card?.paymentIntentId;
    if (!paymentIntentId) throw new ConflictError('The session was not paid by card');
    const { provider, connectedAccountId } = requireCardPayments(payments);
    const result = await provider.refund({
      paymentIntentId,
      connectedAccountId,
      amount: refund.amount,
      reason: 'requested_by_customer',
      idempotencyKey: idempotencyKey(tenantId, 'complaint', complaintId, 'refund'),
    });
    reference = result.refundId;
  }
  const decided: Complaint = {
    ...base,
    refund: { amount: refund.amount, to: refund.to, ...(reference ? { reference } : {}) },
  };
  const writes = new WriteSet();
  const item = writes.update(keys.complaint(tenantId, complaintId));
  item
    .set('status', decided.status)
    .set('decidedAt', now.toISOString())
    .set('refund', decided.refund)
    .condition(`${item.name('status')} = ${item.value('open')}`)
    .failsWith(() => new ConflictError('This complaint has already been decided'));
  if (decided.note) item.set('note', decided.note);
  const record = writes.update(keys.sessionFunding(tenantId, complaint.sessionId));
  record.add('refunded', refund.amount);
  await postLedgerTransaction(
    tenantId,
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
    { writes },
  );
  return decided;
}
