import { NotFoundError } from '@csms/core';
import type { TenantEvent } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { documentPdfFile, documentUbl } from '../../src/documents/document-files.ts';
import { getDocument } from '../../src/documents/get-document.ts';
import { listDocuments } from '../../src/documents/list-documents.ts';
import { listTenantEvents } from '../../src/documents/tenant-events.ts';
import { docId, documentWorld, headerOf, receipt, TENANT } from './document-world.ts';

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('should have been refused'),
    (error: unknown) => error,
  );
}

const march = receipt(docId('a'), 'R-2026-000001');
const february = receipt(docId('b'), 'R-2026-000002', { issueDate: '2026-02-20', customerId: 'c2' });

describe('listDocuments', () => {
  it('asks for the month of `period` as issue dates, with the other filters and the page as given', async () => {
    const world = documentWorld({ documents: [march, february] });
    const page = await listDocuments(world.deps, TENANT, {
      period: '2026-03',
      kind: 'receipt',
      customerId: 'c1',
      limit: 10,
      cursor: 'next',
    });
    expect(page).toEqual({ items: [headerOf(march)], nextCursor: null });
    expect(world.queries).toEqual([
      { from: '2026-03-01', to: '2026-03-31', kind: 'receipt', customerId: 'c1', limit: 10, cursor: 'next' },
    ]);
  });

  it('without a period reads every issue date', async () => {
    const world = documentWorld({ documents: [march, february] });
    const page = await listDocuments(world.deps, TENANT, { limit: 50 });
    expect(page.items.map((d) => d.id)).toEqual([march.id, february.id]);
    expect(world.queries[0]).toMatchObject({ from: undefined, to: undefined });
  });

  it('answers an empty page for a customer id that cannot exist, without a read', async () => {
    const world = documentWorld({ documents: [march] });
    const page = await listDocuments(world.deps, TENANT, { customerId: 'not an id!', limit: 50 });
    expect(page).toEqual({ items: [], nextCursor: null });
    expect(world.calls).toEqual([]);
  });
});

describe('getDocument', () => {
  it('answers the document in full', async () => {
    const world = documentWorld({ documents: [march] });
    expect(await getDocument(world.deps, TENANT, march.id)).toEqual(march);
  });

  it('is 404 for an unknown id, and for an id never minted without a read', async () => {
    const world = documentWorld({ documents: [march] });
    const unknown = await rejection(getDocument(world.deps, TENANT, docId('z')));
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((unknown as Error).message).toBe(`Invoice ${docId('z')} not found`);
    expect(world.calls).toEqual([`documents.getDocument(${docId('z')})`]);

    const foreign = await rejection(getDocument(world.deps, TENANT, 'R-2026-000001'));
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(world.calls).toHaveLength(1);
  });
});

describe('documentUbl', () => {
  it('renders UBL 2.1 named by the document number', async () => {
    const world = documentWorld({ documents: [march] });
    const file = await documentUbl(world.deps, TENANT, march.id);
    expect(file.fileName).toBe('R-2026-000001.xml');
    expect(file.body).toMatch(/^<\?xml/);
    expect(file.body).toContain('<cbc:ID>R-2026-000001</cbc:ID>');
  });

  it('is 404 for an unknown document', async () => {
    const world = documentWorld();
    expect(await rejection(documentUbl(world.deps, TENANT, docId('z')))).toBeInstanceOf(NotFoundError);
  });
});

describe('documentPdfFile', () => {
  it('renders a PDF named by number, reading the meter values of each session for signed data', async () => {
    const two = receipt(docId('c'), 'R-2026-000003', {
      sessions: [march.sessions[0]!, { ...march.sessions[0]!, sessionId: 'ses_2' }],
    });
    const world = documentWorld({
      documents: [two],
      meterValues: {
        ses_2: [
          {
            timestamp: '2026-03-10T11:00:00.000Z',
            energyWh: 110_000,
            source: 'StopTransaction',
            sampledValues: [{ value: 'OCMF|{"signed":true}', format: 'SignedData' }],
          },
        ],
      },
    });
    const file = await documentPdfFile(world.deps, TENANT, two.id);
    expect(file.fileName).toBe('R-2026-000003.pdf');
    expect(new TextDecoder().decode(file.body.slice(0, 5))).toBe('%PDF-');
    expect(world.calls).toEqual([
      `documents.getDocument(${two.id})`,
      'sessions.meterSamplesOf(ses_1)',
      'sessions.meterSamplesOf(ses_2)',
    ]);
  });

  it('is 404 for an unknown document, before any meter value is read', async () => {
    const world = documentWorld();
    expect(await rejection(documentPdfFile(world.deps, TENANT, docId('z')))).toBeInstanceOf(NotFoundError);
    expect(world.calls).toEqual([`documents.getDocument(${docId('z')})`]);
  });
});

describe('listTenantEvents', () => {
  const event = (n: number): TenantEvent => ({
    id: `evt_${n}`,
    type: 'session.completed',
    at: `2026-03-1${n}T00:00:00.000Z`,
    data: { sessionId: `ses_${n}` },
  });

  it('answers the page the log holds, with its cursor', async () => {
    const world = documentWorld({ events: [event(3), event(2), event(1)] });
    const first = await listTenantEvents(world.deps, TENANT, { limit: 2 });
    expect(first).toEqual({ items: [event(3), event(2)], nextCursor: '2' });
    const next = await listTenantEvents(world.deps, TENANT, { limit: 2, cursor: '2' });
    expect(next).toEqual({ items: [event(1)], nextCursor: null });
  });
});
