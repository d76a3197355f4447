import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';
import { decodeCursor, encodeCursor, type Page, type PageRequest } from './pagination.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * The tenant's event log (`session.completed`, …): what integrations poll, newest first, kept 90 days. The
 * item key is deterministic per (type, subject), so a retried workflow step records an event once.
 */
export interface TenantEvent {
  readonly id: string;
  readonly type: string;
  readonly at: string;
  readonly data: Record<string, unknown>;
}

const RETENTION_SECONDS = 90 * 24 * 3600;

export async function recordTenantEvent(
  table: TableClient,
  tenantId: string,
  type: string,
  subject: string,
  data: Record<string, unknown>,
): Promise<void> {
  const at = new Date().toISOString();
  const id = `${type}:${subject}`;
  await table.documents
    .send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.tenantEvent(tenantId, id),
          gsi1pk: keys.tenantEvent(tenantId, id).pk,
          gsi1sk: `${at}#${id}`,
          type: 'TenantEvent',
          id,
          eventType: type,
          at,
          data,
          expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

export async function listTenantEvents(
  table: TableClient,
  tenantId: string,
  page: PageRequest,
): Promise<Page<TenantEvent>> {
  const { Items = [], LastEvaluatedKey } = await table.query({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.tenantEvent(tenantId, '').pk },
    ScanIndexForward: false,
    Limit: page.limit,
    ExclusiveStartKey: decodeCursor(page.cursor, tenantId),
  });
  return {
    items: Items.map((i) => ({ id: i.id, type: i.eventType, at: i.at, data: i.data }) as TenantEvent),
    nextCursor: encodeCursor(LastEvaluatedKey),
  };
}

/** The tenant events repository: the functions above with the table given. */
export const createTenantEventsRepository = (table: TableClient) =>
  bindTable(table, { recordTenantEvent, listTenantEvents });

export type TenantEventsRepository = ReturnType<typeof createTenantEventsRepository>;
