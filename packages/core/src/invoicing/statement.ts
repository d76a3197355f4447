import type { MinorUnits } from '../pricing/money.ts';
import { dateOf } from './dates.ts';
import type { InvoiceDocument } from './model.ts';

/**
 * A customer's statement for any period (N5): what was billed (receipts, invoices), credited (credit notes)
 * and paid, in date order with a running balance, opened by the balance of everything before the period.
 * A positive balance is owed by the customer.
 */
export type StatementDocument = Pick<
  InvoiceDocument,
  'id' | 'number' | 'kind' | 'issueDate' | 'dueDate' | 'totals' | 'paidAt' | 'paidAmount'
>;

export interface StatementEntry {
  readonly date: string;
  readonly type: InvoiceDocument['kind'] | 'payment';
  readonly documentId: string;
  readonly number: string;
  readonly dueDate?: string;
  readonly debit: MinorUnits;
  readonly credit: MinorUnits;
  readonly balance: MinorUnits;
}

export interface CustomerStatement {
  readonly customerId: string;
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly openingBalance: MinorUnits;
  readonly entries: readonly StatementEntry[];
  readonly totalDebit: MinorUnits;
  readonly totalCredit: MinorUnits;
  readonly closingBalance: MinorUnits;
}

type Movement = Omit<StatementEntry, 'balance'>;

export function customerStatement(input: {
  readonly customerId: string;
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  /** Every document of the customer issued up to `to` (earlier ones make the opening balance). */
  readonly documents: readonly StatementDocument[];
}): CustomerStatement {
  const movements = input.documents
    .flatMap(movementsOf)
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        Number(a.type === 'payment') - Number(b.type === 'payment') ||
        a.number.localeCompare(b.number),
    );
  const net = (m: Movement) => m.debit - m.credit;
  const openingBalance = movements.filter((m) => m.date < input.from).reduce((sum, m) => sum + net(m), 0);
  let balance = openingBalance;
  const entries: StatementEntry[] = [];
  for (const movement of movements) {
    if (movement.date < input.from || movement.date > input.to) continue;
    balance += net(movement);
    entries.push({ ...movement, balance });
  }
  const totalDebit = entries.reduce((sum, e) => sum + e.debit, 0);
  const totalCredit = entries.reduce((sum, e) => sum + e.credit, 0);
  return {
    customerId: input.customerId,
    from: input.from,
    to: input.to,
    currency: input.currency,
    openingBalance,
    entries,
    totalDebit,
    totalCredit,
    closingBalance: balance,
  };
}

function movementsOf(doc: StatementDocument): Movement[] {
  const gross = doc.totals.taxInclusive;
  const refund = doc.kind === 'credit-note';
  const movements: Movement[] = [
    {
      date: doc.issueDate,
      type: doc.kind,
      documentId: doc.id,
      number: doc.number,
      ...(refund ? {} : { dueDate: doc.dueDate }),
      debit: refund ? 0 : gross,
      credit: refund ? gross : 0,
    },
  ];
  const paid = doc.paidAmount ?? 0;
  if (doc.paidAt && paid !== 0) {
    // A payment settles an invoice (credit); a paid-out refund settles a credit note (debit).
    movements.push({
      date: dateOf(doc.paidAt),
      type: 'payment',
      documentId: doc.id,
      number: doc.number,
      debit: refund ? paid : 0,
      credit: refund ? 0 : paid,
    });
  }
  return movements;
}
