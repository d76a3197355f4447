import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/** A connector status reported while a session ran, stamped with the charger's own clock. */
export interface SessionStatusChange {
  /** ISO instant (UTC) from the charger's timestamp. */
  readonly at: string;
  readonly status: string;
}

/**
 * Appends a status change to the session's partition: the one extra write a StatusNotification costs, and
 * only while a session occupies the connector. The key holds timestamp and status, so a charger's retry of
 * the same report overwrites itself instead of adding a duplicate.
 */
export async function recordSessionStatus(
  table: TableClient,
  tenantId: string,
  sessionId: string,
  change: SessionStatusChange,
): Promise<void> {
  await table.put({
    Item: {
      ...keys.sessionStatus(tenantId, sessionId, change.at, change.status),
      type: 'SessionStatus',
      at: change.at,
      status: change.status,
    },
  });
}

/** The session's status changes in time order (sort key `ST#<timestamp>#<status>`). */
export async function sessionStatusesOf(
  table: TableClient,
  tenantId: string,
  sessionId: string,
): Promise<SessionStatusChange[]> {
  const changes: SessionStatusChange[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :st)',
      ExpressionAttributeValues: { ':pk': keys.sessionPk(tenantId, sessionId), ':st': 'ST#' },
      ExclusiveStartKey: start,
    });
    for (const item of page.Items ?? [])
      changes.push({ at: item.at as string, status: item.status as string });
    start = page.LastEvaluatedKey;
  } while (start);
  return changes;
}

/** The session statuses repository: the functions above with the table given. */
export const createSessionStatusesRepository = (table: TableClient) =>
  bindTable(table, { recordSessionStatus, sessionStatusesOf });

export type SessionStatusesRepository = ReturnType<typeof createSessionStatusesRepository>;
