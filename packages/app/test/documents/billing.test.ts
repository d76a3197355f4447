import { documentIdFor, type InvoiceDocument, NotFoundError } from '@csms/core';
import type { FinaliseRequest, StoredCustomer } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { closeBillingMonth } from '../../src/documents/billing/close-billing-month.ts';
import { createCreditNote } from '../../src/documents/billing/credit-note.ts';
import { docId, documentCustomer, documentWorld, receipt, TENANT } from './document-world.ts';

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('should have been refused'),
    (error: unknown) => error,
  );
}

const original = receipt(docId('a'), 'R-2026-000001');

/** A world whose `finaliseDocument` numbers credit notes C-2026-00000n and stores them. */
function creditWorld() {
  const finalised: FinaliseRequest[] = [];
  const world = documentWorld({
    documents: [original],
    repositories: {
      documents: {
        finaliseDocument: async (request) => {
          finalised.push(request);
          const number = `C-2026-${String(finalised.length).padStart(6, '0')}`;
          const document: InvoiceDocument = {
            ...request.draft,
            id: request.documentId,
            number,
            series: 'C-2026',
            status: 'issued',
            issuedAt: request.now.toISOString(),
            creditedGross: 0,
          };
          world.documents.set(document.id, document);
          return { document, created: true };
        },
      },
    },
  });
  return { ...world, finalised };
}

describe('createCreditNote', () => {
  it('credits all of the document, dated by the clock and booked against the original', async () => {
    const world = creditWorld();
    const { document, created } = await createCreditNote(world.deps, TENANT, {
      documentId: original.id,
      reason: 'Charger fault',
    });
    expect(created).toBe(true);
    expect(document).toMatchObject({
      kind: 'credit-note',
      number: 'C-2026-000001',
      issueDate: '2026-03-15',
      note: 'Charger fault',
      precedingDocument: { id: original.id, number: original.number },
      totals: { taxInclusive: 360 },
    });
    expect(world.finalised).toHaveLength(1);
    expect(world.finalised[0]).toMatchObject({ credits: original.id, now: new Date('2026-03-15T12:00:00Z') });
  });

  it('answers the credit note issued before for the same Idempotency-Key, consuming no number', async () => {
    const world = creditWorld();
    const command = { documentId: original.id, reason: 'Charger fault', idempotencyKey: 'key-1' };
    const first = await createCreditNote(world.deps, TENANT, command);
    const again = await createCreditNote(world.deps, TENANT, command);
    expect(first.document.id).toBe(documentIdFor(TENANT, `credit-note:${original.id}:key-1`));
    expect(again).toEqual({ document: first.document, created: false });
    expect(world.finalised).toHaveLength(1);
  });

  it('derives the key from reason and lines when the Idempotency-Key is absent or empty', async () => {
    const world = creditWorld();
    const bare = await createCreditNote(world.deps, TENANT, { documentId: original.id, reason: 'Fault' });
    const empty = await createCreditNote(world.deps, TENANT, {
      documentId: original.id,
      reason: 'Fault',
      idempotencyKey: '',
    });
    expect(empty).toEqual({ document: bare.document, created: false });
  });

  it('credits part of a line', async () => {
    const world = creditWorld();
    const { document } = await createCreditNote(world.deps, TENANT, {
      documentId: original.id,
      reason: 'Goodwill',
      lines: [{ lineId: '1', amountNet: 100 }],
    });
    expect(document.totals).toMatchObject({ lineNet: 100, vat: 20, taxInclusive: 120 });
  });

  it('is 404 for an unknown document, read by its header and nothing else', async () => {
    const world = creditWorld();
    const error = await rejection(
      createCreditNote(world.deps, TENANT, { documentId: docId('z'), reason: 'Fault' }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('Document not found');
    expect(world.calls).toEqual([`documents.getDocumentHeader(${docId('z')})`]);
    expect(world.finalised).toEqual([]);
  });
});

describe('closeBillingMonth', () => {
  it('answers the month’s invoices and blocks customers with an overdue invoice, both as of the clock', async () => {
    const fleet = documentCustomer('c7', { type: 'company', name: 'Fleet & Co.' });
    // February was closed before: its invoice, due the day before today, is unpaid.
    const invoice = receipt(documentIdFor(TENANT, 'invoice:c7:2026-02'), 'I-2026-000001', {
      kind: 'invoice',
      customerId: 'c7',
      issueDate: '2026-02-28',
      dueDate: '2026-03-14',
    });
    const updated: StoredCustomer[] = [];
    const world = documentWorld({
      documents: [invoice],
      repositories: {
        customers: {
          listCustomers: async () => ({ items: [fleet], nextCursor: null }),
          updateCustomer: async (_tenantId, _id, change) => {
            const next = change(fleet)?.next;
            if (next) updated.push(next as StoredCustomer);
            return next as StoredCustomer | undefined;
          },
        },
        sessions: { listSessions: async () => ({ items: [], nextCursor: null }) },
      },
    });
    const result = await closeBillingMonth(world.deps, TENANT, '2026-02');
    expect(result).toEqual({
      period: '2026-02',
      invoices: [
        { id: invoice.id, number: 'I-2026-000001', customerId: 'c7', totalGross: 360, created: false },
      ],
      blockedCustomers: ['c7'],
    });
    expect(updated).toEqual([
      expect.objectContaining({
        status: 'blocked',
        statusReason: 'Invoice I-2026-000001 unpaid after its due date 2026-03-14',
        updatedAt: '2026-03-15T12:00:00.000Z',
      }),
    ]);
  });

  it('blocks nobody while no invoice is past its due date', async () => {
    const world = documentWorld({
      repositories: {
        customers: { listCustomers: async () => ({ items: [], nextCursor: null }) },
      },
    });
    expect(await closeBillingMonth(world.deps, TENANT, '2026-02')).toEqual({
      period: '2026-02',
      invoices: [],
      blockedCustomers: [],
    });
  });
});
