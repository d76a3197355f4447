import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity, parseAttributes } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * CSMS-initiated OCPP calls across Lambda invocations: the API call that sends a CALL and the `$default`
 * invocation that receives the charger's CALLRESULT/CALLERROR never share memory, so they meet in this record
 * (access pattern 38). The slot also enforces OCPP-J's one outstanding call per direction: a second command
 * while one is pending is refused. `expiresAt` (TTL) cleans up slots whose API call died; an expired slot may
 * be taken over. The slot names the connection its CALL went out on, because an answer only ever comes back on
 * that connection: once the charger has left it, the call can never be answered (access pattern 65).
 */
export type CallReply =
  | { readonly kind: 'result'; readonly payload: Record<string, unknown> }
  | {
      readonly kind: 'error';
      readonly code: string;
      readonly description: string;
      readonly details: unknown;
    };

export type CallErrorReply = Extract<CallReply, { kind: 'error' }>;

export interface PendingCall {
  readonly messageId: string;
  readonly action: string;
  readonly sentAt: string;
  /** Epoch seconds after which the slot is free again (TTL attribute). */
  readonly expiresAt: number;
  /** The WebSocket connection the CALL is sent on. */
  readonly connectionId: string;
}

/** A slot as stored: the call, and once it is answered (or failed) its reply. */
export interface PendingCallSlot extends Omit<PendingCall, 'connectionId'> {
  /** Absent only on slots claimed before connections were recorded (they last under a minute). */
  readonly connectionId?: string;
  readonly reply?: CallReply;
  readonly repliedAt?: string;
}

const callReplySchema: z.ZodType<CallReply> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), payload: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal('error'),
    code: z.string(),
    description: z.string(),
    details: z.unknown(),
  }),
]);

const slotSchema: z.ZodType<PendingCallSlot> = z.object({
  messageId: z.string(),
  action: z.string(),
  sentAt: z.string(),
  expiresAt: z.number(),
  connectionId: z.string().optional(),
  reply: callReplySchema.optional(),
  repliedAt: z.string().optional(),
});

const slotEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'PendingCall',
    schema: slotSchema,
    key: () => keys.pendingCall(tenantId, chargePointId),
  });

/**
 * Access pattern 38: claims the charger's slot for `call` when it is free or expired. When it is held, it may
 * still be taken over if the call holding it went out on a connection that is no longer the charger's current
 * one: that call can never be answered, and waiting for its expiry would block every command to a
 * charger that reconnected. False when the slot is held by a call that may still be answered.
 */
export async function claimCallSlot(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  call: PendingCall,
): Promise<boolean> {
  const item = slotEntity(tenantId, chargePointId).toItem(call);
  const free = () =>
    putIf(table, item, 'attribute_not_exists(pk) OR expiresAt < :now', {
      ':now': Math.floor(Date.now() / 1000),
    });
  if (await free()) return true;
  const held = await readSlot(table, tenantId, chargePointId);
  // Released between the refused put and this read: the slot is free now, unless another claim won it.
  if (!held) return free();
  if (held.connectionId === undefined || held.reply !== undefined) return false;
  // Connection ids are never reused, so a connection that is not the current one never becomes it again:
  // once seen as dead here, the held call stays unanswerable, whatever happens between this read and the put.
  if (held.connectionId === (await currentConnection(table, tenantId, chargePointId))) return false;
  // Only that very call is replaced: a newer one claimed meanwhile (on a live connection) is left alone.
  return putIf(table, item, 'messageId = :held AND connectionId = :heldOn AND attribute_not_exists(reply)', {
    ':held': held.messageId,
    ':heldOn': held.connectionId,
  });
}

/** Stores the charger's answer on the matching pending call; a late or unknown reply changes nothing. */
export async function recordCallReply(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  messageId: string,
  reply: CallReply,
): Promise<boolean> {
  try {
    await table.update({
      Key: keys.pendingCall(tenantId, chargePointId),
      UpdateExpression: 'SET reply = :r, repliedAt = :at',
      ConditionExpression: 'messageId = :m AND attribute_not_exists(reply)',
      ExpressionAttributeValues: { ':r': reply, ':m': messageId, ':at': new Date().toISOString() },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Which unanswered call to fail: the one sent on a connection that closed, or any not sent on the new one. */
export type CallConnection = { readonly sentOn: string } | { readonly notSentOn: string };

/**
 * Access pattern 65: when the charger leaves a connection, the call still waiting on it is given `reply` (an
 * error) at once, so its waiter ends now rather than at its timeout. Only while unanswered: a reply that made it
 * first wins. Returns the call it failed, if any.
 */
export async function failUnansweredCall(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  connection: CallConnection,
  reply: CallErrorReply,
  at: string,
): Promise<PendingCallSlot | undefined> {
  const onConnection =
    'sentOn' in connection
      ? { condition: 'connectionId = :c', connectionId: connection.sentOn }
      : // A slot without a connection id cannot be placed on any connection: it is left to expire.
        {
          condition: 'attribute_exists(connectionId) AND connectionId <> :c',
          connectionId: connection.notSentOn,
        };
  try {
    const { Attributes } = await table.update({
      Key: keys.pendingCall(tenantId, chargePointId),
      UpdateExpression: 'SET reply = :r, repliedAt = :at',
      ConditionExpression: `${onConnection.condition} AND attribute_not_exists(reply)`,
      ExpressionAttributeValues: { ':r': reply, ':at': at, ':c': onConnection.connectionId },
      ReturnValues: 'ALL_NEW',
    });
    return Attributes ? slotEntity(tenantId, chargePointId).fromItem(Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

export async function readCallReply(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  messageId: string,
): Promise<CallReply | undefined> {
  const slot = await readSlot(table, tenantId, chargePointId);
  return slot?.messageId === messageId ? slot.reply : undefined;
}

export async function releaseCallSlot(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  messageId: string,
): Promise<void> {
  try {
    await table.delete({
      Key: keys.pendingCall(tenantId, chargePointId),
      ConditionExpression: 'messageId = :m',
      ExpressionAttributeValues: { ':m': messageId },
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

async function readSlot(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<PendingCallSlot | undefined> {
  const { Item } = await table.get({ Key: keys.pendingCall(tenantId, chargePointId), ConsistentRead: true });
  return slotEntity(tenantId, chargePointId).fromOptional(Item);
}

/** The charger's current connection (access pattern 6's item), read consistently: a reconnect just happened. */
async function currentConnection(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<string | undefined> {
  const { Item } = await table.get({
    Key: keys.chargePointLive(tenantId, chargePointId),
    ProjectionExpression: 'connectionId',
    ConsistentRead: true,
  });
  return parseAttributes(
    `ChargePointLive item ${chargePointId} connection`,
    z.object({ connectionId: z.string().optional() }),
    Item,
  ).connectionId;
}

async function putIf(
  table: TableClient,
  item: Record<string, unknown>,
  condition: string,
  values: Record<string, unknown>,
): Promise<boolean> {
  try {
    await table.put({ Item: item, ConditionExpression: condition, ExpressionAttributeValues: values });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The pending calls repository: the functions above with the table given. */
export const createPendingCallsRepository = (table: TableClient) =>
  bindTable(table, { claimCallSlot, recordCallReply, failUnansweredCall, readCallReply, releaseCallSlot });

export type PendingCallsRepository = ReturnType<typeof createPendingCallsRepository>;
