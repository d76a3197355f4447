import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Session, SessionFlag, SessionMeterValue } from '@csms/core';
import { db, tableName } from './client.ts';
import { gsi1, keys } from './keys.ts';
import { decodeCursor, encodeCursor, type Page, type PageRequest } from './pagination.ts';

/** Retries of a StartTransaction come within hours; a month covers chargers that were offline for long. */
const START_MESSAGE_TTL_SECONDS = 30 * 24 * 3600;

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, ...rest } = item;
  return rest as T;
};

/** Next OCPP transaction id of the tenant (integer, unique per tenant). */
export async function nextTransactionId(tenantId: string): Promise<number> {
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.counter(tenantId, 'transaction'),
      UpdateExpression: 'ADD #v :one',
      ExpressionAttributeNames: { '#v': 'value' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.value);
}

export interface SeenStart {
  readonly sessionId: string;
  readonly transactionId: number;
}

export async function findStartMessage(
  tenantId: string,
  chargePointId: string,
  fingerprint: string,
): Promise<SeenStart | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.startMessage(tenantId, chargePointId, fingerprint) }),
  );
  return Item
    ? { sessionId: Item.sessionId as string, transactionId: Number(Item.transactionId) }
    : undefined;
}

export async function connectorSessionId(
  tenantId: string,
  chargePointId: string,
  connectorId: number,
): Promise<string | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.connectorSession(tenantId, chargePointId, connectorId),
    }),
  );
  return Item?.sessionId as string | undefined;
}

/**
 * Writes a new session atomically with its start-message record (so a concurrent retry cannot create a second
 * session), its transaction-id mapping and the connector occupancy. Returns the session a concurrent retry
 * created instead, if it won the race.
 */
export async function createSession(session: Session, fingerprint: string): Promise<SeenStart> {
  const { tenantId, chargePointId, id: sessionId, transactionId } = session;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.startMessage(tenantId, chargePointId, fingerprint),
                type: 'StartMessage',
                sessionId,
                transactionId,
                expiresAt: Math.floor(Date.now() / 1000) + START_MESSAGE_TTL_SECONDS,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.session(tenantId, sessionId),
                gsi1pk: gsi1.sessionsOfTenant(tenantId),
                gsi1sk: gsi1.sessionSortKey(session.startedAt, sessionId),
                type: 'Session',
                ...session,
              },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.transaction(tenantId, transactionId), type: 'Transaction', sessionId },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.connectorSession(tenantId, chargePointId, session.connectorId),
                type: 'ConnectorSession',
                sessionId,
              },
            },
          },
        ],
      }),
    );
    return { sessionId, transactionId };
  } catch (error) {
    const seen =
      error instanceof TransactionCanceledException
        ? await findStartMessage(tenantId, chargePointId, fingerprint)
        : undefined;
    if (seen) return seen;
    throw error;
  }
}

/** A StopTransaction for a transaction id we never saw: kept as an orphan session, flagged for review. */
export async function createOrphanSession(session: Session): Promise<void> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.transaction(session.tenantId, session.transactionId),
                type: 'Transaction',
                sessionId: session.id,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.session(session.tenantId, session.id),
                gsi1pk: gsi1.sessionsOfTenant(session.tenantId),
                gsi1sk: gsi1.sessionSortKey(session.startedAt, session.id),
                type: 'Session',
                ...session,
              },
            },
          },
        ],
      }),
    );
  } catch (error) {
    // A repeated orphan stop: the first one is already recorded.
    if (!(error instanceof TransactionCanceledException)) throw error;
  }
}

export async function sessionIdOfTransaction(
  tenantId: string,
  transactionId: number,
): Promise<string | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.transaction(tenantId, transactionId) }),
  );
  return Item?.sessionId as string | undefined;
}

export async function getSession(tenantId: string, sessionId: string): Promise<Session | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.session(tenantId, sessionId), ConsistentRead: true }),
  );
  return Item ? strip<Session>(Item) : undefined;
}

export interface StopUpdate {
  readonly stoppedAt: string;
  readonly meterStopWh: number;
  readonly energyWh: number;
  readonly stopReason: string;
  readonly flags: readonly SessionFlag[];
}

/** Completes an active session and frees its connector. False when it was not active (a repeated stop). */
export async function completeSession(session: Session, stop: StopUpdate): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.session(session.tenantId, session.id),
              UpdateExpression:
                'SET #status = :completed, stoppedAt = :at, meterStopWh = :stop, energyWh = :energy, stopReason = :reason, flags = :flags',
              ConditionExpression: '#status = :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':completed': 'completed',
                ':active': 'active',
                ':at': stop.stoppedAt,
                ':stop': stop.meterStopWh,
                ':energy': stop.energyWh,
                ':reason': stop.stopReason,
                ':flags': stop.flags,
              },
            },
          },
          {
            Delete: {
              TableName: tableName(),
              Key: keys.connectorSession(session.tenantId, session.chargePointId, session.connectorId),
              ConditionExpression: 'attribute_not_exists(pk) OR sessionId = :s',
              ExpressionAttributeValues: { ':s': session.id },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      // The connector is held by a newer session: still complete this one, leave the connector alone.
      if (reasons[0]?.Code === 'None' && reasons[1]?.Code === 'ConditionalCheckFailed') {
        return completeSessionOnly(session, stop);
      }
      return false;
    }
    throw error;
  }
}

async function completeSessionOnly(session: Session, stop: StopUpdate): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.session(session.tenantId, session.id),
        UpdateExpression:
          'SET #status = :completed, stoppedAt = :at, meterStopWh = :stop, energyWh = :energy, stopReason = :reason, flags = :flags',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':completed': 'completed',
          ':active': 'active',
          ':at': stop.stoppedAt,
          ':stop': stop.meterStopWh,
          ':energy': stop.energyWh,
          ':reason': stop.stopReason,
          ':flags': stop.flags,
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Adds a flag to a session (rare: e.g. meter values after the stop). */
export async function flagSession(tenantId: string, sessionId: string, flag: SessionFlag): Promise<void> {
  const session = await getSession(tenantId, sessionId);
  if (!session || session.flags.includes(flag)) return;
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.session(tenantId, sessionId),
      UpdateExpression: 'SET flags = list_append(flags, :f)',
      ExpressionAttributeValues: { ':f': [flag] },
    }),
  );
}

/** Meter values: one item per sampled instant, written in batches of 25 (DynamoDB's limit). */
export async function appendMeterSamples(
  tenantId: string,
  sessionId: string,
  samples: readonly SessionMeterValue[],
) {
  const items = samples.map((sample, i) => ({
    PutRequest: {
      Item: {
        ...keys.meterValue(tenantId, sessionId, sample.timestamp, i),
        type: 'SessionMeterValue',
        ...sample,
      },
    },
  }));
  for (let i = 0; i < items.length; i += 25) {
    let batch: typeof items = items.slice(i, i + 25);
    // Unprocessed items are retried: DynamoDB may return some under load.
    for (let attempt = 0; batch.length > 0 && attempt < 5; attempt++) {
      const { UnprocessedItems } = await db().send(
        new BatchWriteCommand({ RequestItems: { [tableName()]: batch } }),
      );
      batch = (UnprocessedItems?.[tableName()] ?? []) as typeof items;
    }
  }
}

export async function meterSamplesOf(tenantId: string, sessionId: string): Promise<SessionMeterValue[]> {
  const samples: SessionMeterValue[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mv)',
        ExpressionAttributeValues: { ':pk': keys.sessionPk(tenantId, sessionId), ':mv': 'MV#' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) samples.push(strip<SessionMeterValue>(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return samples;
}

export interface SessionQuery extends PageRequest {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly chargePointId?: string | undefined;
  readonly customerId?: string | undefined;
}

/** Sessions of a tenant by start time, newest first; charge point and customer are filters on that range. */
export async function listSessions(tenantId: string, query: SessionQuery): Promise<Page<Session>> {
  const filters: string[] = [];
  const values: Record<string, unknown> = {
    ':pk': gsi1.sessionsOfTenant(tenantId),
    ':from': query.from ?? '0',
    ':to': `${query.to ?? '9999'}~`,
  };
  if (query.chargePointId) {
    filters.push('chargePointId = :cp');
    values[':cp'] = query.chargePointId;
  }
  if (query.customerId) {
    filters.push('customerId = :cu');
    values[':cu'] = query.customerId;
  }
  const { Items = [], LastEvaluatedKey } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor, tenantId),
    }),
  );
  return { items: Items.map((item) => strip<Session>(item)), nextCursor: encodeCursor(LastEvaluatedKey) };
}
