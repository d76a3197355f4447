import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  type DocumentKind,
  type DocumentLine,
  type DocumentParty,
  type DocumentSession,
  type DocumentStatus,
  documentKinds,
  documentStatuses,
  formatDocumentNumber,
  type InvoiceDocument,
  type InvoiceDraft,
  NotFoundError,
  seriesOf,
  ValidationError,
} from '@csms/core';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import { counterEntity, partitionItems } from './partition.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * Billing documents (N2–N4). A document is written once, at finalisation, in ONE transaction with the
 * counter of its series: the transaction sets the counter from the value read to the next one (conditioned
 * on the value read) and puts the numbered document (conditioned on its absence). Either both happen or
 * neither: a number is never used twice and never skipped, whatever runs concurrently. A lost race is
 * retried with the counter read anew.
 */
export type DocumentHeader = Omit<InvoiceDocument, 'lines' | 'sessions'>;

const periodSchema = z.object({ start: z.string(), end: z.string() });

const partySchema: z.ZodType<DocumentParty> = z.object({
  name: z.string(),
  address: z.object({
    line1: z.string().optional(),
    line2: z.string().optional(),
    postalCode: z.string().optional(),
    city: z.string().optional(),
    country: z.string(),
  }),
  vatId: z.string().optional(),
  email: z.string().optional(),
});

const vatCategorySchema = z.enum(['S', 'Z']);

/** The document without its lines and sessions, which live in part items (`documentItems`). */
const headerSchema: z.ZodType<DocumentHeader> = z.object({
  id: z.string(),
  number: z.string(),
  series: z.string(),
  kind: z.enum(documentKinds),
  currency: z.string(),
  issueDate: z.string(),
  dueDate: z.string(),
  paymentTerms: z.string(),
  note: z.string().optional(),
  seller: partySchema,
  buyer: partySchema,
  customerId: z.string().optional(),
  period: periodSchema.optional(),
  vatBreakdown: z.array(
    z.object({
      category: vatCategorySchema,
      rate: z.string(),
      taxableAmount: z.number(),
      vatAmount: z.number(),
    }),
  ),
  totals: z.object({
    lineNet: z.number(),
    taxExclusive: z.number(),
    vat: z.number(),
    taxInclusive: z.number(),
    prepaid: z.number(),
    payable: z.number(),
  }),
  precedingDocument: z.object({ id: z.string(), number: z.string(), issueDate: z.string() }).optional(),
  paidBy: z.literal('card').optional(),
  /** Moved after issue: `markDocumentPaid` sets the payment, a credit note `creditedGross` and `status`. */
  status: z.enum(documentStatuses),
  issuedAt: z.string(),
  paidAt: z.string().optional(),
  paidAmount: z.number().optional(),
  creditedGross: z.number(),
});

/**
 * The header item: on the tenant's index by issue date, naming its tenant beside the value. It also counts
 * its part items (`lineParts`, `sessionParts`), which a read does not need: the Query finds the parts.
 */
const headerEntity = (tenantId: string) =>
  defineEntity({
    type: 'Document',
    schema: headerSchema,
    key: (header) => keys.document(tenantId, header.id),
    index: (header) => ({
      gsi1pk: gsi1.documentsOfTenant(tenantId),
      gsi1sk: gsi1.documentSortKey(header.issueDate, header.number),
    }),
    derived: () => ({ tenantId }),
  });

const lineSchema: z.ZodType<DocumentLine> = z.object({
  id: z.string(),
  sessionId: z.string().optional(),
  type: z.enum([
    'ENERGY',
    'TIME',
    'PARKING_TIME',
    'FLAT',
    'IDLE_FEE',
    'MIN_PRICE_ADJUSTMENT',
    'MAX_PRICE_ADJUSTMENT',
    'SESSION',
    'CORRECTION',
  ]),
  name: z.string(),
  description: z.string().optional(),
  quantity: z.string(),
  unitCode: z.string(),
  unitPriceNet: z.string(),
  amountNet: z.number(),
  vatCategory: vatCategorySchema,
  vatRate: z.string(),
  period: periodSchema.optional(),
});

const sessionSchema: z.ZodType<DocumentSession> = z.object({
  sessionId: z.string(),
  chargePointId: z.string(),
  connectorId: z.number(),
  startedAt: z.string(),
  stoppedAt: z.string().optional(),
  energyWh: z.number(),
  durationSeconds: z.number(),
});

/** Up to `PART_SIZE` lines, or sessions, of one document. */
interface DocumentPart {
  readonly lines?: readonly DocumentLine[];
  readonly sessions?: readonly DocumentSession[];
}

const partSchema: z.ZodType<DocumentPart> = z.object({
  lines: z.array(lineSchema).optional(),
  sessions: z.array(sessionSchema).optional(),
});

/** A part is placed by its name (`L0000`, `S0000`…), which orders lines and sessions as issued. */
const partEntity = (tenantId: string, documentId: string) =>
  defineEntity({
    type: 'DocumentPart',
    schema: partSchema,
    key: (_part, name: string) => keys.documentPart(tenantId, documentId, name),
  });

/** A customer's index entry of a document (`document-lists.ts` reads it); placed by issue date and number. */
export interface CustomerDocumentEntry {
  readonly documentId: string;
  readonly kind: DocumentKind;
}

const customerDocumentSchema: z.ZodType<CustomerDocumentEntry> = z.object({
  documentId: z.string(),
  kind: z.enum(documentKinds),
});

export const customerDocumentEntity = (tenantId: string, customerId: string) =>
  defineEntity({
    type: 'CustomerDocument',
    schema: customerDocumentSchema,
    key: (_entry, place: { readonly issueDate: string; readonly number: string }) =>
      keys.customerDocument(tenantId, customerId, place.issueDate, place.number),
  });

/** A header as read, whether by Get, Query, BatchGet or an update's new image. */
export const toHeader = (tenantId: string, item: Record<string, unknown>): DocumentHeader =>
  headerEntity(tenantId).fromItem(item);

/** Lines (or sessions) per part item: ~100 lines stay far below DynamoDB's 400 KB per item. */
const PART_SIZE = 100;
/** DynamoDB's limit of items per transaction, less the counter, header, customer index and credited original. */
const MAX_PARTS = 96;
/** Enough for 50+ concurrent issuers of one series: each round, one of them wins. */
const MAX_ATTEMPTS = 200;

export interface FinaliseRequest {
  readonly tenantId: string;
  /** Derived from the document's source (`documentIdFor`): issuing the same thing twice names the same id. */
  readonly documentId: string;
  readonly draft: InvoiceDraft;
  readonly now: Date;
  /** For a credit note: the document it credits, whose credited amount grows in the same transaction. */
  readonly credits?: string | undefined;
}

export interface Finalised {
  readonly document: InvoiceDocument;
  /** False when the document had been issued before: this is the first one, unchanged. */
  readonly created: boolean;
}

/** Numbers and stores a draft, or returns the document already issued under that id. */
export async function finaliseDocument(table: TableClient, request: FinaliseRequest): Promise<Finalised> {
  const { tenantId, documentId, draft } = request;
  const series = seriesOf(draft.kind, draft.issueDate);
  const existing = await getDocument(table, tenantId, documentId);
  if (existing) return { document: existing, created: false };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await counterValue(table, tenantId, series);
    const document = numbered(request, series, current + 1);
    const credit = request.credits ? await creditUpdate(table, tenantId, request.credits, draft) : undefined;
    const items = [
      counterWrite(table, tenantId, series, current),
      ...documentItems(table, tenantId, document),
      ...(credit ? [credit] : []),
    ];
    try {
      await table.documents.send(new TransactWriteCommand({ TransactItems: items }));
      return { document, created: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      // Item 1 is the header: issued meanwhile by a concurrent call for the same source.
      if (reasons[1]?.Code === 'ConditionalCheckFailed') {
        const winner = await getDocument(table, tenantId, documentId);
        if (winner) return { document: winner, created: false };
      }
      const lostRace = reasons.some(
        (r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict',
      );
      if (!lostRace) throw error;
      await sleep(backoffMs(attempt));
    }
  }
  throw new Error(`Could not number a document of series ${series} after ${MAX_ATTEMPTS} attempts`);
}

function numbered(request: FinaliseRequest, series: string, sequence: number): InvoiceDocument {
  const { draft } = request;
  const issuedAt = request.now.toISOString();
  const settled = draft.paidBy !== undefined && draft.totals.prepaid >= draft.totals.taxInclusive;
  return {
    ...draft,
    id: request.documentId,
    number: formatDocumentNumber(series, sequence),
    series,
    status: settled ? 'paid' : 'issued',
    issuedAt,
    ...(settled ? { paidAt: issuedAt, paidAmount: draft.totals.prepaid } : {}),
    creditedGross: 0,
  };
}

const counterKey = (tenantId: string, series: string) => keys.counter(tenantId, `DOCNO#${series}`);

async function counterValue(table: TableClient, tenantId: string, series: string): Promise<number> {
  const { Item } = await table.get({
    Key: counterKey(tenantId, series),
    ConsistentRead: true,
  });
  return counterEntity.fromOptional(Item)?.value ?? 0;
}

/** The counter moves from the value read to the next, or the transaction fails (someone else took it). */
function counterWrite(table: TableClient, tenantId: string, series: string, current: number) {
  return {
    Update: {
      TableName: table.name,
      Key: counterKey(tenantId, series),
      UpdateExpression: 'SET #v = :next, #type = :type',
      ConditionExpression: current === 0 ? 'attribute_not_exists(pk)' : '#v = :current',
      ExpressionAttributeNames: { '#v': 'value', '#type': 'type' },
      ExpressionAttributeValues: {
        ':next': current + 1,
        ':type': 'Counter',
        ...(current === 0 ? {} : { ':current': current }),
      },
    },
  };
}

function documentItems(table: TableClient, tenantId: string, document: InvoiceDocument) {
  const { lines, sessions, ...header } = document;
  const lineParts = chunks(lines);
  const sessionParts = chunks(sessions);
  if (lineParts.length + sessionParts.length > MAX_PARTS) {
    throw new ValidationError([
      { field: 'sessions', message: `Too many lines for one document (${lines.length}); split the period` },
    ]);
  }
  const put = (Item: Record<string, unknown>, ConditionExpression?: string) => ({
    Put: { TableName: table.name, Item, ...(ConditionExpression ? { ConditionExpression } : {}) },
  });
  const parts = partEntity(tenantId, document.id);
  return [
    put(
      {
        ...headerEntity(tenantId).toItem(header),
        lineParts: lineParts.length,
        sessionParts: sessionParts.length,
      },
      'attribute_not_exists(pk)',
    ),
    ...lineParts.map((part, i) => put(parts.toItem({ lines: part }, partName('L', i)))),
    ...sessionParts.map((part, i) => put(parts.toItem({ sessions: part }, partName('S', i)))),
    ...(document.customerId
      ? [
          put(
            customerDocumentEntity(tenantId, document.customerId).toItem(
              { documentId: document.id, kind: document.kind },
              { issueDate: document.issueDate, number: document.number },
            ),
          ),
        ]
      : []),
  ];
}

/**
 * The credited document's running credit, moved from the amount read to the new one in the credit note's
 * transaction; a credit beyond what is left to credit is refused before anything is written.
 */
async function creditUpdate(table: TableClient, tenantId: string, originalId: string, draft: InvoiceDraft) {
  const original = await getDocumentHeader(table, tenantId, originalId);
  if (!original) throw new NotFoundError(`Document ${originalId}`);
  const credited = original.creditedGross + draft.totals.taxInclusive;
  const left = original.totals.taxInclusive - original.creditedGross;
  if (credited > original.totals.taxInclusive) {
    throw new ConflictError(
      `${original.number} has ${left} left to credit; this credit note is ${draft.totals.taxInclusive}`,
    );
  }
  const status: DocumentStatus = credited === original.totals.taxInclusive ? 'credited' : original.status;
  return {
    Update: {
      TableName: table.name,
      Key: keys.document(tenantId, originalId),
      UpdateExpression: 'SET creditedGross = :credited, #status = :status',
      ConditionExpression: 'creditedGross = :before',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':credited': credited,
        ':status': status,
        ':before': original.creditedGross,
      },
    },
  };
}

/** A whole document (header, lines, sessions): one Query over its partition. */
export async function getDocument(
  table: TableClient,
  tenantId: string,
  documentId: string,
): Promise<InvoiceDocument | undefined> {
  const items = await partitionItems(table, keys.documentPk(tenantId, documentId), { consistent: true });
  const header = items.find((item) => item.sk === 'DOC');
  if (!header) return undefined;
  const partItems = items.filter((item) => String(item.sk).startsWith('PART#'));
  partItems.sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  const entity = partEntity(tenantId, documentId);
  const parts = partItems.map((item) => entity.fromItem(item));
  return {
    ...toHeader(tenantId, header),
    lines: parts.flatMap((part) => part.lines ?? []),
    sessions: parts.flatMap((part) => part.sessions ?? []),
  };
}

export async function getDocumentHeader(
  table: TableClient,
  tenantId: string,
  documentId: string,
): Promise<DocumentHeader | undefined> {
  const { Item } = await table.get({
    Key: keys.document(tenantId, documentId),
    ConsistentRead: true,
  });
  return headerEntity(tenantId).fromOptional(Item);
}

/**
 * Records the payment of an open document (the card capture of a receipt, a transfer for an invoice): the
 * status becomes `paid` once. Answers the header as it is now, or undefined for an unknown document.
 */
export async function markDocumentPaid(
  table: TableClient,
  tenantId: string,
  documentId: string,
  payment: { readonly at: string; readonly amount: number },
): Promise<DocumentHeader | undefined> {
  try {
    const { Attributes } = await table.update({
      Key: keys.document(tenantId, documentId),
      UpdateExpression: 'SET #status = :paid, paidAt = :at, paidAmount = :amount',
      ConditionExpression: 'attribute_exists(pk) AND #status = :issued',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':paid': 'paid',
        ':issued': 'issued',
        ':at': payment.at,
        ':amount': payment.amount,
      },
      ReturnValues: 'ALL_NEW',
    });
    return headerEntity(tenantId).fromOptional(Attributes);
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    return getDocumentHeader(table, tenantId, documentId);
  }
}

function chunks<T>(values: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < values.length; i += PART_SIZE) result.push(values.slice(i, i + PART_SIZE));
  return result;
}

const partName = (prefix: string, index: number) => `${prefix}${String(index).padStart(4, '0')}`;

/** Full jitter, growing to 250 ms: contenders spread out instead of colliding again in lockstep. */
const backoffMs = (attempt: number) => Math.random() * Math.min(250, 10 * 2 ** Math.min(attempt, 5));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The documents repository: the functions above with the table given. */
export const createDocumentsRepository = (table: TableClient) =>
  bindTable(table, { finaliseDocument, getDocument, getDocumentHeader, markDocumentPaid });

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;
