import { issueCreditNote, issueMonthlyInvoice, issueReceipt } from '@csms/app/documents/issue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { apiClient, startTestStack } from './support/local-stack.ts';
import { pricedSession } from './support/priced-sessions.ts';

/**
 * N4 against DynamoDB Local: numbers are gap-free per tenant and series even when documents are issued
 * concurrently (counter and document in one transaction), and issuing is idempotent by the document's source.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let tenantId: string;

beforeAll(async () => {
  stack = await startTestStack();
  const signup = await apiClient(stack)<{ tenant: { id: string }; apiKey: string }>('POST', '/v1/tenants', {
    name: 'Numbering GmbH',
    email: 'ops@numbering.example',
    country: 'DE',
    currency: 'EUR',
  });
  tenantId = signup.body.tenant.id;
  api = apiClient(stack, signup.body.apiKey);
});

afterAll(async () => {
  await stack?.stop();
});

const now = new Date('2026-03-15T12:00:00Z');
const session = (id: string, customerId?: string) =>
  pricedSession({
    id,
    start: '2026-03-15T09:00:00Z',
    minutes: 45,
    kw: 11,
    ...(customerId ? { customerId } : {}),
  });

describe('gap-free numbering under concurrency', () => {
  it('gives 50 receipts issued in parallel the 50 consecutive numbers of their series', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `ses-parallel-${String(i).padStart(2, '0')}`);
    const results = await Promise.all(
      ids.map((id) => issueReceipt(stack.deps, tenantId, id, session(id), { now })),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const numbers = results.map((r) => r.document.number).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `R-2026-${String(i + 1).padStart(6, '0')}`));
    expect(new Set(results.map((r) => r.document.id)).size).toBe(50);
  }, 120_000);

  it('issues the same receipt once, however often and concurrently it is asked for', async () => {
    const priced = session('ses-twice');
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() => issueReceipt(stack.deps, tenantId, 'ses-twice', priced, { now })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.document.number))).toEqual(new Set(['R-2026-000051']));
    const again = await issueReceipt(stack.deps, tenantId, 'ses-twice', priced, { now });
    expect(again).toMatchObject({ created: false, document: { number: 'R-2026-000051' } });
    // The next document takes the next number: the repeats consumed none.
    const next = await issueReceipt(stack.deps, tenantId, 'ses-after', session('ses-after'), { now });
    expect(next.document.number).toBe('R-2026-000052');
  });

  it('numbers each series separately and restarts with the year of the issue date', async () => {
    const company = await api<{ id: string }>('POST', '/v1/customers', {
      type: 'company',
      name: 'Fleet KG',
      email: 'ap@fleet.example',
      vatId: 'DE987654321',
      address: { line1: 'Ring 5', postalCode: '80331', city: 'München', country: 'DE' },
    });
    const sessions = [session('ses-m1', company.body.id), session('ses-m2', company.body.id)];
    const march = await issueMonthlyInvoice(stack.deps, tenantId, company.body.id, '2026-03', sessions, {
      now,
    });
    expect(march).toMatchObject({
      created: true,
      document: { number: 'I-2026-000001', issueDate: '2026-03-31', dueDate: '2026-04-14' },
    });
    const december = await issueMonthlyInvoice(stack.deps, tenantId, company.body.id, '2025-12', sessions, {
      now,
    });
    expect(december?.document.number).toBe('I-2025-000001');
    // Closing the month again issues nothing new.
    const again = await issueMonthlyInvoice(stack.deps, tenantId, company.body.id, '2026-03', sessions, {
      now,
    });
    expect(again).toMatchObject({
      created: false,
      document: { id: march?.document.id, number: 'I-2026-000001' },
    });
    expect(
      await issueMonthlyInvoice(stack.deps, tenantId, company.body.id, '2026-04', [], { now }),
    ).toBeUndefined();
    // A company's session is not receipted: it belongs on the monthly invoice.
    await expect(issueReceipt(stack.deps, tenantId, 'ses-m1', sessions[0]!, { now })).rejects.toThrow(
      /invoiced monthly/,
    );
  });

  it('credits at most what is left, and marks a fully credited document', async () => {
    const receipt = (await issueReceipt(stack.deps, tenantId, 'ses-credit', session('ses-credit'), { now }))
      .document;
    const firstLine = receipt.lines[0]!;
    const partial = await issueCreditNote(
      stack.deps,
      tenantId,
      receipt.id,
      'Session fee waived',
      [{ lineId: firstLine.id }],
      {
        now,
      },
    );
    expect(partial).toMatchObject({
      created: true,
      document: {
        kind: 'credit-note',
        number: 'C-2026-000001',
        precedingDocument: { number: receipt.number },
      },
    });
    // The same request again is the same credit note.
    const repeated = await issueCreditNote(stack.deps, tenantId, receipt.id, 'Session fee waived', [
      { lineId: firstLine.id },
    ]);
    expect(repeated).toMatchObject({ created: false, document: { number: 'C-2026-000001' } });
    // Crediting everything now exceeds what is left.
    await expect(issueCreditNote(stack.deps, tenantId, receipt.id, 'Full refund')).rejects.toThrow(
      /left to credit/,
    );
    const rest = receipt.lines.slice(1).map((l) => ({ lineId: l.id }));
    const remainder = await issueCreditNote(stack.deps, tenantId, receipt.id, 'Rest refunded', rest, { now });
    expect(remainder.document.number).toBe('C-2026-000002');
    const original = await stack.deps.documents.getDocumentHeader(tenantId, receipt.id);
    expect(original).toMatchObject({ status: 'credited', creditedGross: receipt.totals.taxInclusive });
    const stored = await stack.deps.documents.getDocument(tenantId, remainder.document.id);
    expect(stored?.lines).toEqual(remainder.document.lines);
  });
});
