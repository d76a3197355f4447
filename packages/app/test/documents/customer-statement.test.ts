import { NotFoundError, ValidationError } from '@csms/core';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { customerStatementOf, customerStatementPdf } from '../../src/documents/customer-statement.ts';
import { tenant } from '../payments/payment-fakes.ts';
import { docId, documentCustomer, documentWorld, receipt, TENANT } from './document-world.ts';

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('should have been refused'),
    (error: unknown) => error,
  );
}

/** February's receipt opens the balance of a March statement; March's is its one movement. */
const february = receipt(docId('a'), 'R-2026-000001', { issueDate: '2026-02-20', dueDate: '2026-02-20' });
const march = receipt(docId('b'), 'R-2026-000002');
const ada = documentCustomer('c1', { name: 'Ada Lovelace' });

const world = (overrides: Parameters<typeof documentWorld>[0] = {}) =>
  documentWorld({
    documents: [february, march],
    customers: [ada],
    tenants: [tenant({ settings: { legalName: 'Fjord Charging AS' } })],
    ...overrides,
  });

describe('customerStatementOf', () => {
  it('defaults to the month so far, opened by the balance of every earlier document', async () => {
    const { deps, queries } = world();
    const { statement, customer, seller } = await customerStatementOf(deps, TENANT, 'c1', {});
    expect(statement).toMatchObject({
      customerId: 'c1',
      from: '2026-03-01',
      to: '2026-03-15',
      currency: 'EUR',
      openingBalance: 360,
      totalDebit: 360,
      totalCredit: 0,
      closingBalance: 720,
    });
    expect(statement.entries.map((e) => e.number)).toEqual(['R-2026-000002']);
    expect(customer).toEqual(ada);
    expect(seller).toBe('Fjord Charging AS');
    // Everything up to `to`, not only the period: the earlier documents make the opening balance.
    expect(queries).toEqual([{ customerId: 'c1', to: '2026-03-15', oldestFirst: true }]);
  });

  it('starts on the first of the month of a given `to`', async () => {
    const { deps } = world();
    const { statement } = await customerStatementOf(deps, TENANT, 'c1', { to: '2026-02-28' });
    expect(statement).toMatchObject({ from: '2026-02-01', to: '2026-02-28', openingBalance: 0 });
    expect(statement.entries.map((e) => e.number)).toEqual(['R-2026-000001']);
  });

  it('is in the tenant currency while the customer has no documents, with the tenant name as seller', async () => {
    const { deps } = world({ documents: [], tenants: [tenant()] });
    const { statement, seller } = await customerStatementOf(deps, TENANT, 'c1', {
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(statement).toMatchObject({ currency: 'NOK', openingBalance: 0, closingBalance: 0, entries: [] });
    expect(seller).toBe('Fjord Charging');
  });

  it('refuses `to` before `from` as a query field error, before any read', async () => {
    const { deps, calls } = world();
    const error = await rejection(
      customerStatementOf(deps, TENANT, 'c1', { from: '2026-03-10', to: '2026-03-09' }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'to', in: 'query', message: 'Must not be before `from`' },
    ]);
    expect(calls).toEqual([]);
  });

  it('is 404 for an unknown customer, and for a missing tenant', async () => {
    const unknown = await rejection(customerStatementOf(world().deps, TENANT, 'c9', {}));
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((unknown as Error).message).toBe('Customer c9 not found');

    const noTenant = await rejection(customerStatementOf(world({ tenants: [] }).deps, TENANT, 'c1', {}));
    expect(noTenant).toBeInstanceOf(NotFoundError);
    expect((noTenant as Error).message).toBe('Tenant not found');
  });
});

describe('customerStatementPdf', () => {
  it('renders the statement by the seller, named by customer and period, dated by the clock', async () => {
    const { deps } = world();
    const file = await customerStatementPdf(deps, TENANT, 'c1', { from: '2026-02-01' });
    expect(file.fileName).toBe('statement-c1-2026-02-01-2026-03-15.pdf');
    const pdf = await PDFDocument.load(file.body);
    expect(pdf.getAuthor()).toBe('Fjord Charging AS');
    expect(pdf.getTitle()).toBe('Statement 2026-02-01 to 2026-03-15');
    expect(pdf.getCreationDate()?.toISOString()).toBe('2026-03-15T12:00:00.000Z');
  });
});
