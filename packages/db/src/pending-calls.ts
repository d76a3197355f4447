import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * CSMS-initiated OCPP calls across Lambda invocations: the API call that sends a CALL and the `$default`
 * invocation that receives the charger's CALLRESULT/CALLERROR never share memory, so they meet in this record.
 * The slot also enforces OCPP-J's one outstanding call per direction: a second command while one is pending is
 * refused. `expiresAt` (TTL) cleans up slots whose API call died; an expired slot may be taken over.
 */
export type CallReply =
  | { readonly kind: 'result'; readonly payload: Record<string, unknown> }
  | {
      readonly kind: 'error';
      readonly code: string;
      readonly description: string;
      readonly details: unknown;
    };

export interface PendingCall {
  readonly messageId: string;
  readonly action: string;
  readonly sentAt: string;
  /** Epoch seconds after which the slot is free again (TTL attribute). */
  readonly expiresAt: number;
}

export async function claimCallSlot(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  call: PendingCall,
): Promise<boolean> {
  try {
    await table.put({
      Item: { ...keys.pendingCall(tenantId, chargePointId), type: 'PendingCall', ...call },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
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

export async function readCallReply(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  messageId: string,
): Promise<CallReply | undefined> {
  const { Item } = await table.get({
    Key: keys.pendingCall(tenantId, chargePointId),
    ConsistentRead: true,
  });
  return Item?.messageId === messageId ? (Item.reply as CallReply | undefined) : undefined;
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

/** The pending calls repository: the functions above with the table given. */
export const createPendingCallsRepository = (table: TableClient) =>
  bindTable(table, { claimCallSlot, recordCallReply, readCallReply, releaseCallSlot });

export type PendingCallsRepository = ReturnType<typeof createPendingCallsRepository>;
