import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type Complaint, complaintStatuses } from '@csms/core';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/** Complaints (access pattern L13). Deciding one is written with its refund's ledger transaction. */
const complaintSchema: z.ZodType<Complaint> = z.object({
  id: z.string(),
  sessionId: z.string(),
  customerId: z.string(),
  reason: z.string(),
  status: z.enum(complaintStatuses),
  createdAt: z.string(),
  decideBy: z.string(),
  decidedAt: z.string().optional(),
  note: z.string().optional(),
  refund: z
    .object({ amount: z.number(), to: z.enum(['card', 'balance']), reference: z.string().optional() })
    .optional(),
});

/** One tenant's complaints; the tenant is stored beside the value. */
const complaintEntity = (tenantId: string) =>
  defineEntity({
    type: 'Complaint',
    schema: complaintSchema,
    key: (complaint) => keys.complaint(tenantId, complaint.id),
    index: (complaint) => ({
      gsi1pk: gsi1.complaintsOfTenant(tenantId),
      gsi1sk: gsi1.complaintSortKey(complaint.createdAt, complaint.id),
    }),
    derived: () => ({ tenantId }),
  });

const toComplaint = (tenantId: string) => (item: Record<string, unknown>) =>
  complaintEntity(tenantId).fromItem(item);

export const complaintItem = (tenantId: string, complaint: Complaint) =>
  complaintEntity(tenantId).toItem(complaint);

/** Access pattern L13. */
export async function createComplaint(
  table: TableClient,
  tenantId: string,
  complaint: Complaint,
): Promise<void> {
  await table.put({
    Item: complaintItem(tenantId, complaint),
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

/** Access pattern L13. */
export async function getComplaint(
  table: TableClient,
  tenantId: string,
  complaintId: string,
): Promise<Complaint | undefined> {
  const { Item } = await table.get({
    Key: keys.complaint(tenantId, complaintId),
    ConsistentRead: true,
  });
  return complaintEntity(tenantId).fromOptional(Item);
}

/** A decision without refund; with a refund it goes through the ledger (see the payments functions). */
export async function decideComplaint(
  table: TableClient,
  tenantId: string,
  decided: Complaint,
): Promise<boolean> {
  try {
    await table.put({
      Item: complaintItem(tenantId, decided),
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': 'open' },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Access pattern L13: oldest first, optionally one status. */
export async function listComplaints(
  table: TableClient,
  tenantId: string,
  status: string | undefined,
  page: PageRequest,
): Promise<Page<Complaint>> {
  const result = await queryPage(table, {
    tenantId,
    index: 'gsi1',
    partition: gsi1.complaintsOfTenant(tenantId),
    skPrefix: 'CMP#',
    forward: true,
    filters: { status },
    page,
  });
  return { items: result.items.map(toComplaint(tenantId)), nextCursor: result.nextCursor };
}

/** The complaints repository: the functions above with the table given. */
export const createComplaintsRepository = (table: TableClient) =>
  bindTable(table, { createComplaint, getComplaint, decideComplaint, listComplaints });

export type ComplaintsRepository = ReturnType<typeof createComplaintsRepository>;
