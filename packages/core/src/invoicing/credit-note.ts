import { ConflictError, ValidationError } from '../errors.ts';
import { formatMinorUnits } from '../pricing/money.ts';
import type { DocumentLine, InvoiceDocument, InvoiceDraft } from './model.ts';
import { totalsOf } from './totals.ts';

/**
 * What to credit of a document (N4: corrections are credit notes). A line is credited whole, or by part of
 * its net amount (`amountNet`, same sign as the line), which becomes a one-unit correction line.
 */
export interface CreditLineSelection {
  readonly lineId: string;
  readonly amountNet?: number | undefined;
}

export interface CreditNoteInput {
  readonly reason: string;
  readonly issueDate: string;
  /** Absent: every line is credited, i.e. the whole document is reversed. */
  readonly lines?: readonly CreditLineSelection[] | undefined;
}

/**
 * The draft of a credit note against a receipt or an invoice: same parties and currency, lines mirroring the
 * credited ones with positive amounts (a UBL CreditNote credits what it states), the original referenced as
 * the preceding invoice (BG-3) and the reason as the note (BT-22). Whether the original still has that much
 * left to credit is checked when the credit note is finalised, against the figures stored then.
 */
export function creditNoteDraft(original: InvoiceDocument, input: CreditNoteInput): InvoiceDraft {
  if (original.kind === 'credit-note') {
    throw new ConflictError(
      `${original.number} is a credit note; only receipts and invoices can be credited`,
    );
  }
  const selected = selectLines(original, input.lines);
  const lines = selected.map((line, i) => ({ ...line, id: String(i + 1) }));
  const { totals, vatBreakdown } = totalsOf(lines);
  const sessionIds = new Set(lines.map((line) => line.sessionId));
  return {
    kind: 'credit-note',
    currency: original.currency,
    issueDate: input.issueDate,
    dueDate: input.issueDate,
    paymentTerms: `Credited against ${original.number} of ${original.issueDate}`,
    note: input.reason,
    seller: original.seller,
    buyer: original.buyer,
    ...(original.customerId ? { customerId: original.customerId } : {}),
    ...(original.period ? { period: original.period } : {}),
    sessions: original.sessions.filter((s) => sessionIds.has(s.sessionId)),
    lines,
    vatBreakdown,
    totals,
    precedingDocument: { id: original.id, number: original.number, issueDate: original.issueDate },
  };
}

function selectLines(
  original: InvoiceDocument,
  selections: readonly CreditLineSelection[] | undefined,
): Omit<DocumentLine, 'id'>[] {
  if (selections === undefined) return original.lines.map(({ id: _id, ...line }) => line);
  if (selections.length === 0) {
    throw new ValidationError([{ field: 'lines', message: 'Name at least one line, or none to credit all' }]);
  }
  const seen = new Set<string>();
  return selections.map((selection, i) => {
    const field = `lines.${i}`;
    const line = original.lines.find((l) => l.id === selection.lineId);
    if (!line)
      throw new ValidationError([{ field: `${field}.lineId`, message: `No line ${selection.lineId}` }]);
    if (seen.has(line.id)) {
      throw new ValidationError([{ field: `${field}.lineId`, message: `Line ${line.id} named twice` }]);
    }
    seen.add(line.id);
    const { id: _id, ...whole } = line;
    const amount = selection.amountNet;
    if (amount === undefined || amount === line.amountNet) return whole;
    const sameSign = Math.sign(amount) === Math.sign(line.amountNet);
    if (
      !Number.isInteger(amount) ||
      amount === 0 ||
      !sameSign ||
      Math.abs(amount) > Math.abs(line.amountNet)
    ) {
      throw new ValidationError([
        {
          field: `${field}.amountNet`,
          message: `A part of the line's net amount ${line.amountNet}, in minor units, with its sign`,
        },
      ]);
    }
    return {
      ...(line.sessionId ? { sessionId: line.sessionId } : {}),
      ...(line.period ? { period: line.period } : {}),
      type: 'CORRECTION',
      name: `Correction: ${line.name}`,
      ...(line.description ? { description: line.description } : {}),
      quantity: amount < 0 ? '-1' : '1',
      unitCode: 'C62',
      unitPriceNet: formatMinorUnits(Math.abs(amount), original.currency),
      amountNet: amount,
      vatCategory: line.vatCategory,
      vatRate: line.vatRate,
    } satisfies Omit<DocumentLine, 'id'>;
  });
}
