import type { Deps } from '@csms/app/deps';

/**
 * N3: a company invoice still unpaid after its due date blocks the customer from charging (A3), with the
 * invoice named in the reason. Run daily by the scheduler; unblocking after payment is the operator's call.
 */
export async function blockCustomersWithOverdueInvoices(
  deps: Pick<Deps, 'documentLists' | 'customers'>,
  tenantId: string,
  now: Date = new Date(),
) {
  const today = now.toISOString().slice(0, 10);
  const overdue = (await deps.documentLists.allDocumentHeaders(tenantId, { kind: 'invoice' })).filter(
    (doc) => doc.status === 'issued' && doc.dueDate !== undefined && doc.dueDate < today && doc.customerId,
  );
  const blocked: string[] = [];
  for (const invoice of overdue) {
    const customerId = invoice.customerId as string;
    await deps.customers.updateCustomer(tenantId, customerId, (current) => {
      if (current.status !== 'active') return undefined;
      const reason = `Invoice ${invoice.number ?? invoice.id} unpaid after its due date ${invoice.dueDate}`;
      blocked.push(customerId);
      return {
        next: {
          ...current,
          status: 'blocked',
          statusReason: reason,
          statusHistory: [...current.statusHistory, { status: 'blocked', reason, at: now.toISOString() }],
          updatedAt: now.toISOString(),
        },
      };
    });
  }
  return { blocked: [...new Set(blocked)] };
}
