import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * `Idempotency-Key` on POSTs: the first request with a key runs and its answer is stored for 24 hours; a retry
 * with the same key and the same request gets that answer again; the same key with a different request is
 * refused. Keys are scoped to the tenant. A request still running when its retry arrives is reported as such;
 * one whose process died mid-way (a killed Lambda never completes or releases its key) holds the key only
 * until its lock expires, then the next retry runs the request again.
 */
export interface StoredResponse {
  readonly status: number;
  readonly body?: string;
  readonly contentType?: string;
}

export type IdempotencyClaim =
  | { readonly state: 'claimed' }
  | { readonly state: 'replay'; readonly response: StoredResponse }
  | { readonly state: 'mismatch' }
  | { readonly state: 'in-progress' };

const RETENTION_SECONDS = 24 * 60 * 60;
/** API Gateway ends every request after 30 s; a request holding its key twice that long is dead. */
export const IN_PROGRESS_LOCK_MS = 60_000;

export async function claimIdempotencyKey(
  table: TableClient,
  tenantId: string,
  key: string,
  fingerprint: string,
  now: Date,
): Promise<IdempotencyClaim> {
  const itemKey = keys.idempotencyKey(tenantId, key);
  try {
    await table.put({
      Item: {
        ...itemKey,
        type: 'IdempotencyKey',
        fingerprint,
        state: 'in-progress',
        lockedUntil: now.getTime() + IN_PROGRESS_LOCK_MS,
        expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return { state: 'claimed' };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const { Item } = await table.get({
    Key: itemKey,
    ConsistentRead: true,
  });
  if (!Item) return claimIdempotencyKey(table, tenantId, key, fingerprint, now);
  if (Item.fingerprint !== fingerprint) return { state: 'mismatch' };
  if (Item.state === 'done') return { state: 'replay', response: Item.response as StoredResponse };
  const lockedUntil = typeof Item.lockedUntil === 'number' ? Item.lockedUntil : 0;
  if (lockedUntil > now.getTime()) return { state: 'in-progress' };
  return (await takeOverStaleKey(table, itemKey, lockedUntil, now))
    ? { state: 'claimed' }
    : { state: 'in-progress' };
}

/** The lock of a dead request expired: the first retry to swap it for its own runs the request. */
async function takeOverStaleKey(
  table: TableClient,
  itemKey: ReturnType<typeof keys.idempotencyKey>,
  staleLock: number,
  now: Date,
): Promise<boolean> {
  try {
    await table.update({
      Key: itemKey,
      UpdateExpression: 'SET lockedUntil = :lock',
      ConditionExpression:
        '#state = :inProgress AND (attribute_not_exists(lockedUntil) OR lockedUntil = :stale)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':lock': now.getTime() + IN_PROGRESS_LOCK_MS,
        ':inProgress': 'in-progress',
        ':stale': staleLock,
      },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function completeIdempotencyKey(
  table: TableClient,
  tenantId: string,
  key: string,
  fingerprint: string,
  response: StoredResponse,
  now: Date,
): Promise<void> {
  await table.put({
    Item: {
      ...keys.idempotencyKey(tenantId, key),
      type: 'IdempotencyKey',
      fingerprint,
      state: 'done',
      response,
      expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
    },
  });
}

/** After a server error the key is released, so the client's retry can run the request again. */
export async function releaseIdempotencyKey(
  table: TableClient,
  tenantId: string,
  key: string,
): Promise<void> {
  await table.delete({
    Key: keys.idempotencyKey(tenantId, key),
  });
}

/** The idempotency repository: the functions above with the table given. */
export const createIdempotencyRepository = (table: TableClient) =>
  bindTable(table, { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey });

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
