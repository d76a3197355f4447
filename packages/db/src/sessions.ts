import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  meterValueSources,
  type Session,
  type SessionFlag,
  type SessionMeterValue,
  sessionFlags,
  sessionStatuses,
} from '@csms/core';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import { encodeCursor, type Page, type PageRequest } from './pagination.ts';
import { nextCounterValue } from './partition.ts';
import { startKeyOf } from './start-key.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * The session item. Its partition also holds what the lifecycle writes beside it (the task token, each step's
 * result, the review reason: `session-lifecycle.ts`), which are not part of a `Session` and never come back
 * inside one.
 */
const sessionSchema: z.ZodType<Session> = z.object({
  id: z.string(),
  tenantId: z.string(),
  chargePointId: z.string(),
  connectorId: z.number().int(),
  idTag: z.string(),
  customerId: z.string().optional(),
  transactionId: z.union([z.number().int(), z.string()]),
  startedAt: z.string(),
  stoppedAt: z.string().optional(),
  meterStartWh: z.number(),
  priorRegisterWh: z.number().optional(),
  meterStopWh: z.number().optional(),
  energyWh: z.number().optional(),
  status: z.enum(sessionStatuses),
  stopReason: z.string().optional(),
  reservationId: z.number().int().optional(),
  flags: z.array(z.enum(sessionFlags)),
  createdAt: z.string(),
});

const sessionEntity = defineEntity({
  type: 'Session',
  schema: sessionSchema,
  key: (session) => keys.session(session.tenantId, session.id),
  index: (session) => ({
    gsi1pk: gsi1.sessionsOfTenant(session.tenantId),
    gsi1sk: gsi1.sessionSortKey(session.startedAt, session.id),
  }),
});

/** `sampledValues` are the OCPP sampled values as received (signed ones included), kept verbatim. */
const meterValueSchema: z.ZodType<SessionMeterValue> = z.object({
  timestamp: z.string(),
  energyWh: z.number().optional(),
  powerW: z.number().optional(),
  context: z.string().optional(),
  source: z.enum(meterValueSources),
  sampledValues: z.array(z.record(z.string(), z.unknown())),
});

/**
 * One sampled instant in the session's partition. Its place is its position in the batch written, so two
 * samples stamped with the same instant keep items of their own.
 */
const meterValueEntity = (tenantId: string, sessionId: string) =>
  defineEntity({
    type: 'SessionMeterValue',
    schema: meterValueSchema,
    key: (sample, seq: number) => keys.meterValue(tenantId, sessionId, sample.timestamp, seq),
  });

/** Which session a transaction id names: one item per id, claimed once (`createSession`). */
export interface TransactionOwner {
  readonly sessionId: string;
  /** Absent on mappings written before the charger was recorded beside the session. */
  readonly chargePointId?: string;
}

const transactionOwnerSchema: z.ZodType<TransactionOwner> = z.object({
  sessionId: z.string(),
  chargePointId: z.string().optional(),
});

const transactionEntity = (tenantId: string, transactionId: number) =>
  defineEntity({
    type: 'Transaction',
    schema: transactionOwnerSchema,
    key: () => keys.transaction(tenantId, transactionId),
  });

/** Next OCPP transaction id of the tenant (integer, unique per tenant). */
export async function nextTransactionId(table: TableClient, tenantId: string): Promise<number> {
  return nextCounterValue(table, tenantId, 'transaction');
}

export interface SeenStart {
  readonly sessionId: string;
  readonly transactionId: number;
}

/**
 * A connector's transaction state: the session occupying it (absent when free) and the last register reading
 * it reported at a start or stop, which tells a meter reset from a charger that lost its state.
 */
export interface ConnectorState {
  readonly sessionId?: string;
  readonly lastMeterWh?: number;
}

const connectorStateSchema: z.ZodType<ConnectorState> = z.object({
  sessionId: z.string().optional(),
  lastMeterWh: z.number().optional(),
});

/** In the charge point's partition; `releaseConnector` removes `sessionId` and keeps the reading. */
const connectorSessionEntity = (tenantId: string, chargePointId: string, connectorId: number) =>
  defineEntity({
    type: 'ConnectorSession',
    schema: connectorStateSchema,
    key: () => keys.connectorSession(tenantId, chargePointId, connectorId),
  });

export async function connectorState(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  connectorId: number,
): Promise<ConnectorState> {
  const { Item } = await table.get({
    Key: keys.connectorSession(tenantId, chargePointId, connectorId),
  });
  // A connector that never had a session has no item: it is free, with no reading known.
  return connectorSessionEntity(tenantId, chargePointId, connectorId).fromOptional(Item) ?? {};
}

export async function connectorSessionId(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  connectorId: number,
): Promise<string | undefined> {
  return (await connectorState(table, tenantId, chargePointId, connectorId)).sessionId;
}

const sessionItem = (session: Session) => sessionEntity.toItem(session);

/**
 * Records a new session: claims its transaction id, writes the session once, marks the connector busy. Three
 * plain conditional writes in this order instead of one transaction (which costs twice the write units); every
 * partial outcome is harmless, because the session id is derived from the StartTransaction message
 * (`startedSessionId`) and a charger repeats a start it got no answer to:
 * - id already mapped (an orphan stop claimed it: chargers invent ids for transactions we never saw):
 *   `transaction-id-taken`, the caller takes the next id;
 * - session already there (a retry racing the original): the claimed id is given back and the original's
 *   transaction id returned, so both answers carry the same id;
 * - failure after the claim: the repeated start claims a fresh id; the first points to no session, and the
 *   charger never learnt it.
 */
export async function createSession(
  table: TableClient,
  session: Session & { readonly transactionId: number },
): Promise<SeenStart | 'transaction-id-taken'> {
  const { tenantId, chargePointId, id: sessionId, transactionId } = session;
  const transactionKey = keys.transaction(tenantId, transactionId);
  try {
    await table.put({
      Item: transactionEntity(tenantId, transactionId).toItem({ sessionId, chargePointId }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'transaction-id-taken';
    throw error;
  }
  try {
    await table.put({
      Item: sessionItem(session),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    await table.delete({
      Key: transactionKey,
      ConditionExpression: 'sessionId = :s',
      ExpressionAttributeValues: { ':s': sessionId },
    });
    // Consistent: the original's write was just made.
    const seen = await getSession(table, tenantId, sessionId);
    if (seen && typeof seen.transactionId === 'number')
      return { sessionId, transactionId: seen.transactionId };
    throw error;
  }
  await occupyConnector(table, session);
  return { sessionId, transactionId };
}

async function occupyConnector(table: TableClient, session: Session): Promise<void> {
  await table.put({
    Item: connectorSessionEntity(session.tenantId, session.chargePointId, session.connectorId).toItem({
      sessionId: session.id,
      lastMeterWh: session.meterStartWh,
    }),
  });
}

/**
 * Records the session of a transaction the charger named itself (OCPP 2.0.1): its id is derived from charger
 * and transaction id (`chargerTransactionSessionId`), so there is no id to claim — the session is written once
 * and the connector (the EVSE) marked busy. `existed` when another event of the transaction recorded it first;
 * the connector is then left alone.
 */
export async function createChargerTransactionSession(
  table: TableClient,
  session: Session & { readonly transactionId: string },
): Promise<'created' | 'existed'> {
  try {
    await table.put({ Item: sessionItem(session), ConditionExpression: 'attribute_not_exists(pk)' });
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'existed';
    throw error;
  }
  if (session.status === 'active') await occupyConnector(table, session);
  return 'created';
}

/**
 * An earlier start learnt late (OCPP 2.0.1: `Started` arriving after an `Updated` that opened the session):
 * the session moves back to it while it is still running, its list position (the index sort key) with it.
 * Only ever earlier, so replays in any order settle on the earliest start.
 */
export async function amendSessionStart(
  table: TableClient,
  session: Session,
  start: { readonly startedAt: string; readonly meterStartWh: number },
): Promise<boolean> {
  try {
    await table.update({
      Key: keys.session(session.tenantId, session.id),
      UpdateExpression: 'SET startedAt = :at, meterStartWh = :wh, gsi1sk = :sk',
      ConditionExpression: '#status = :active AND startedAt > :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':at': start.startedAt,
        ':wh': start.meterStartWh,
        ':sk': gsi1.sessionSortKey(start.startedAt, session.id),
        ':active': 'active',
      },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * The driver identified after the start (OCPP 2.0.1: the idToken may arrive in a later TransactionEvent).
 * Only a session without an idTag takes one, so a later, different token never rewrites who charged.
 */
export async function identifySessionDriver(
  table: TableClient,
  tenantId: string,
  sessionId: string,
  driver: {
    readonly idTag: string;
    readonly customerId?: string | undefined;
    readonly flags: readonly SessionFlag[];
  },
): Promise<boolean> {
  try {
    await table.update({
      Key: keys.session(tenantId, sessionId),
      UpdateExpression:
        driver.customerId === undefined
          ? 'SET idTag = :tag, flags = :flags'
          : 'SET idTag = :tag, customerId = :customer, flags = :flags',
      ConditionExpression: 'attribute_exists(pk) AND idTag = :none',
      ExpressionAttributeValues: {
        ':tag': driver.idTag,
        ':none': '',
        ':flags': driver.flags,
        ...(driver.customerId === undefined ? {} : { ':customer': driver.customerId }),
      },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * A StopTransaction for a transaction id we never saw (on this charger): kept as an orphan session, flagged for
 * review. Its id is derived from charger and transaction id (`orphanSessionId`), so a repeated orphan stop
 * finds it recorded and changes nothing. The transaction id is mapped to it unless another charger's session
 * holds that id. `repeated` when it was recorded before.
 */
export async function createOrphanSession(
  table: TableClient,
  session: Session & { readonly transactionId: number },
): Promise<'recorded' | 'repeated'> {
  const putSession = {
    TableName: table.name,
    Item: sessionItem(session),
    ConditionExpression: 'attribute_not_exists(pk)',
  };
  try {
    await table.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table.name,
              Item: transactionEntity(session.tenantId, session.transactionId).toItem({
                sessionId: session.id,
                chargePointId: session.chargePointId,
              }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: putSession },
        ],
      }),
    );
    return 'recorded';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [transaction, orphan] = error.CancellationReasons ?? [];
    if (orphan?.Code === 'ConditionalCheckFailed') return 'repeated';
    if (transaction?.Code !== 'ConditionalCheckFailed') throw error;
  }
  // The id belongs to another charger's session: record the orphan without the mapping.
  try {
    await table.documents.send(new PutCommand(putSession));
    return 'recorded';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'repeated';
    throw error;
  }
}

export async function sessionIdOfTransaction(
  table: TableClient,
  tenantId: string,
  transactionId: number,
): Promise<string | undefined> {
  return (await transactionOwner(table, tenantId, transactionId))?.sessionId;
}

/**
 * The session a transaction id maps to and the charger that started it. Transaction ids are unique per tenant,
 * not per charger: a message naming another charger's transaction must not touch that session.
 */
export async function transactionOwner(
  table: TableClient,
  tenantId: string,
  transactionId: number,
): Promise<TransactionOwner | undefined> {
  const { Item } = await table.get({
    Key: keys.transaction(tenantId, transactionId),
  });
  return transactionEntity(tenantId, transactionId).fromOptional(Item);
}

/** `consistent: false` halves the read cost where a just-written change may be missed (a start's retry check). */
export async function getSession(
  table: TableClient,
  tenantId: string,
  sessionId: string,
  consistent = true,
): Promise<Session | undefined> {
  const { Item } = await table.get({
    Key: keys.session(tenantId, sessionId),
    ConsistentRead: consistent,
  });
  return sessionEntity.fromOptional(Item);
}

export interface StopUpdate {
  readonly stoppedAt: string;
  readonly meterStopWh: number;
  readonly energyWh: number;
  readonly stopReason: string;
  readonly flags: readonly SessionFlag[];
}

/**
 * Completes an active session and frees its connector. Two plain writes rather than a transaction (which costs
 * twice the write units): the connector first, then the session. A failure in between leaves the session
 * active; the charger, unanswered, repeats its stop, and that completes it. (The other order could leave a
 * completed session holding its connector.) False when the session was not active (a repeated stop).
 */
export async function completeSession(
  table: TableClient,
  session: Session,
  stop: StopUpdate,
): Promise<boolean> {
  await releaseConnector(table, session, stop.meterStopWh);
  return completeSessionOnly(table, session, stop);
}

/** Frees the connector and remembers the register reading, unless a newer session holds it by now. */
async function releaseConnector(table: TableClient, session: Session, meterStopWh: number): Promise<void> {
  try {
    await table.update({
      Key: keys.connectorSession(session.tenantId, session.chargePointId, session.connectorId),
      UpdateExpression: 'SET #type = :type, lastMeterWh = :stop REMOVE sessionId',
      ConditionExpression: 'attribute_not_exists(sessionId) OR sessionId = :s',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'ConnectorSession', ':s': session.id, ':stop': meterStopWh },
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

async function completeSessionOnly(table: TableClient, session: Session, stop: StopUpdate): Promise<boolean> {
  try {
    await table.update({
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
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Adds a flag to a session (rare: e.g. meter values after the stop). One conditional write, no read: a flag
 * already there, or a session that does not exist, fails the condition and changes nothing.
 */
export async function flagSession(
  table: TableClient,
  tenantId: string,
  sessionId: string,
  flag: SessionFlag,
): Promise<void> {
  try {
    await table.update({
      Key: keys.session(tenantId, sessionId),
      UpdateExpression: 'SET flags = list_append(flags, :f)',
      ConditionExpression: 'attribute_exists(pk) AND NOT contains(flags, :flag)',
      ExpressionAttributeValues: { ':f': [flag], ':flag': flag },
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Meter values: one item per sampled instant, written in batches of 25 (DynamoDB's limit). */
export async function appendMeterSamples(
  table: TableClient,
  tenantId: string,
  sessionId: string,
  samples: readonly SessionMeterValue[],
) {
  const entity = meterValueEntity(tenantId, sessionId);
  await table.batchWrite(samples.map((sample, i) => ({ PutRequest: { Item: entity.toItem(sample, i) } })));
}

export async function meterSamplesOf(
  table: TableClient,
  tenantId: string,
  sessionId: string,
): Promise<SessionMeterValue[]> {
  const entity = meterValueEntity(tenantId, sessionId);
  const samples: SessionMeterValue[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mv)',
      ExpressionAttributeValues: { ':pk': keys.sessionPk(tenantId, sessionId), ':mv': 'MV#' },
      ExclusiveStartKey: start,
    });
    for (const item of page.Items ?? []) samples.push(entity.fromItem(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return samples;
}

export interface SessionQuery extends PageRequest {
  /** Sessions started at or after this instant (UTC ISO 8601). */
  readonly from?: string | undefined;
  /** Sessions started before this instant. */
  readonly to?: string | undefined;
  readonly chargePointId?: string | undefined;
  readonly customerId?: string | undefined;
}

const MAX_ROUND_TRIPS = 10;

/**
 * Sessions of a tenant by start time, newest first, started in [from, to); charge point and customer filter
 * that range. DynamoDB applies `Limit` before the filter, so this keeps reading (asking only for what is still
 * missing, so the cursor never skips a match) until the page is full, the range ends, or a bound on round trips
 * is reached. The cursor must have this query's key shape (another listing's cursor would be a 500).
 */
export async function listSessions(
  table: TableClient,
  tenantId: string,
  query: SessionQuery,
): Promise<Page<Session>> {
  const partition = gsi1.sessionsOfTenant(tenantId);
  // Sort keys are `<startedAt>#<id>`: `from` sorts before every session starting then, `to` after none.
  const lower = query.from ?? '0';
  const upper = query.to ?? '~';
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':pk': partition, ':from': lower, ':to': upper };
  if (query.chargePointId !== undefined) {
    filters.push('chargePointId = :cp');
    values[':cp'] = query.chargePointId;
  }
  if (query.customerId !== undefined) {
    filters.push('customerId = :cu');
    values[':cu'] = query.customerId;
  }
  let startKey = startKeyOf(query.cursor, tenantId, {
    pk: (v) => v.startsWith(keys.sessionPk(tenantId, '')),
    sk: (v) => v === 'SESSION',
    gsi1pk: (v) => v === partition,
    gsi1sk: (v) => v >= lower && v <= upper,
  });
  const items: Session[] = [];
  for (let trip = 0; trip < MAX_ROUND_TRIPS; trip++) {
    const { Items = [], LastEvaluatedKey } = await table.query({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: query.limit - items.length,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    });
    items.push(...Items.map((item) => sessionEntity.fromItem(item)));
    startKey = LastEvaluatedKey;
    if (!startKey || items.length >= query.limit) break;
  }
  return { items, nextCursor: encodeCursor(startKey) };
}

/** The sessions repository: the functions above with the table given. */
export const createSessionsRepository = (table: TableClient) =>
  bindTable(table, {
    nextTransactionId,
    connectorState,
    connectorSessionId,
    createSession,
    createOrphanSession,
    createChargerTransactionSession,
    identifySessionDriver,
    amendSessionStart,
    sessionIdOfTransaction,
    transactionOwner,
    getSession,
    completeSession,
    flagSession,
    appendMeterSamples,
    meterSamplesOf,
    listSessions,
  });

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
