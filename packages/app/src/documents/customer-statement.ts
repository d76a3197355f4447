import { type CustomerStatement, customerStatement, dateOf, ValidationError } from '@csms/core';
import type { StoredCustomer } from '@csms/db';
import { requireCustomer } from '../customers/customer-lookup.ts';
import type { Deps } from '../deps.ts';
import { getTenant } from '../tenancy/get-tenant.ts';
import type { DocumentFile } from './document-files.ts';
import { statementPdf } from './statement-pdf.ts';

export interface StatementQuery {
  /** First day, `YYYY-MM-DD`; default: the first of the month of `to`. */
  readonly from?: string | undefined;
  /** Last day, `YYYY-MM-DD`; default: today (UTC). */
  readonly to?: string | undefined;
}

export interface StatementOfAccount {
  readonly statement: CustomerStatement;
  readonly customer: StoredCustomer;
  /** The tenant as it appears on the statement: its legal name, else its name. */
  readonly seller: string;
}

type StatementDeps = Pick<Deps, 'customers' | 'tenants' | 'documentLists' | 'clock'>;

/**
 * N5: every document and payment of a customer from `from` to `to` (inclusive) with the running balance,
 * opened by the balance of everything before — hence every document up to `to` is read, not only the period's.
 */
export async function customerStatementOf(
  deps: StatementDeps,
  tenantId: string,
  customerId: string,
  query: StatementQuery,
): Promise<StatementOfAccount> {
  const to = query.to ?? dateOf(deps.clock.now());
  const from = query.from ?? `${to.slice(0, 7)}-01`;
  // Checked before any read: an inverted range is the caller's mistake whatever the customer.
  if (to < from) {
    throw new ValidationError([{ field: 'to', in: 'query', message: 'Must not be before `from`' }]);
  }
  const [customer, tenant] = await Promise.all([
    requireCustomer(deps, tenantId, customerId),
    getTenant(deps, tenantId),
  ]);
  const documents = await deps.documentLists.allDocumentHeaders(tenantId, {
    customerId: customer.id,
    to,
    oldestFirst: true,
  });
  const statement = customerStatement({
    customerId: customer.id,
    from,
    to,
    // A customer without documents yet is shown in the tenant currency.
    currency: documents[0]?.currency ?? tenant.currency,
    documents,
  });
  return { statement, customer, seller: tenant.settings.legalName ?? tenant.name };
}

/** The same statement as a PDF, named by customer and period. */
export async function customerStatementPdf(
  deps: StatementDeps,
  tenantId: string,
  customerId: string,
  query: StatementQuery,
): Promise<DocumentFile<Uint8Array>> {
  const { statement, customer, seller } = await customerStatementOf(deps, tenantId, customerId, query);
  return {
    fileName: `statement-${customer.id}-${statement.from}-${statement.to}.pdf`,
    body: await statementPdf(statement, { seller, customer: customer.name }, deps.clock.now()),
  };
}
