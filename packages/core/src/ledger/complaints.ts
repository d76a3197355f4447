import * as z from 'zod';
import { ConflictError, ValidationError } from '../errors.ts';

/**
 * Complaints about a session (P6): filed within 3 days of the session's end, decided by the operator within
 * 20 business days; an accepted complaint may refund an overcharge to the card or as balance credit.
 */
export const COMPLAINT_WINDOW_DAYS = 3;
export const COMPLAINT_DECISION_BUSINESS_DAYS = 20;

export const complaintStatuses = ['open', 'accepted', 'rejected'] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];

export const complaintCreateSchema = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
});

export const complaintDecisionSchema = z
  .strictObject({
    decision: z.enum(['accepted', 'rejected']),
    refund: z
      .strictObject({
        amount: z.number().int().min(1).describe('Minor units'),
        to: z.enum(['card', 'balance']),
      })
      .optional()
      .describe('Only with `accepted`; an accepted complaint without refund is acknowledged only'),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.refund && value.decision !== 'accepted') {
      ctx.addIssue({ code: 'custom', path: ['refund'], message: 'Only an accepted complaint refunds' });
    }
  });
export type ComplaintDecision = z.infer<typeof complaintDecisionSchema>;

export interface Complaint {
  readonly id: string;
  readonly sessionId: string;
  readonly customerId: string;
  readonly reason: string;
  readonly status: ComplaintStatus;
  readonly createdAt: string;
  /** 20 business days after filing. */
  readonly decideBy: string;
  readonly decidedAt?: string;
  readonly note?: string;
  readonly refund?: {
    readonly amount: number;
    readonly to: 'card' | 'balance';
    readonly reference?: string;
  };
}

const DAY_MS = 24 * 3600 * 1000;

export function checkComplaintWindow(sessionStoppedAt: string | undefined, now: Date): void {
  if (sessionStoppedAt === undefined) {
    throw new ConflictError('The session is still running; complain once it has ended');
  }
  if (now.getTime() > Date.parse(sessionStoppedAt) + COMPLAINT_WINDOW_DAYS * DAY_MS) {
    throw new ConflictError(
      `Complaints are accepted within ${COMPLAINT_WINDOW_DAYS} days of the session's end`,
    );
  }
}

/** Monday to Friday; public holidays vary by country and are not counted out here. */
export function addBusinessDays(from: Date, days: number): Date {
  const date = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return date;
}

/**
 * A refund cannot exceed what was paid for the session by that means: the card capture for `card`; for
 * `balance` the session's whole price (a goodwill credit for an overcharge however it was paid), less what
 * earlier complaints already refunded.
 */
export function checkRefund(
  complaint: Pick<Complaint, 'status'>,
  refund: { readonly amount: number; readonly to: 'card' | 'balance' },
  paid: { readonly gross: number; readonly card: number; readonly refunded: number },
): void {
  if (complaint.status !== 'open') throw new ConflictError('This complaint has already been decided');
  const limit = Math.min(refund.to === 'card' ? paid.card : paid.gross, paid.gross - paid.refunded);
  if (refund.amount > limit) {
    throw new ValidationError([
      {
        field: 'refund.amount',
        message: `At most ${Math.max(0, limit)} can be refunded to the ${refund.to}`,
      },
    ]);
  }
}
