import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerStatus, IdToken, LocalListMode } from '@csms/core';
import { listIdTokens } from './id-tokens.ts';
import { keys } from './keys.ts';
import { queryAll } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * What we know of each charger's local authorization list: the version it holds, since when tenant tokens
 * changed after the last list it accepted (differential updates send those), its size limits, and the
 * outcome of the last sync and of the last pushed token block. One item per charger in one tenant partition,
 * so blocking a token (I1) finds every charger that holds a list with one Query.
 */
export type LocalListOutcome =
  | 'Accepted'
  | 'Failed'
  | 'NotSupported'
  | 'VersionMismatch'
  | 'not-connected'
  | 'busy'
  | 'no-answer'
  | 'error'
  | 'too-long'
  /** A differential update with nothing to send: the charger's list is current. */
  | 'unchanged';

export interface LocalListSyncRecord {
  readonly mode: LocalListMode;
  readonly trigger: 'api' | 'token-blocked';
  readonly at: string;
  readonly outcome: LocalListOutcome;
  /** The list version sent in the last message. */
  readonly listVersion?: number;
  readonly entries: number;
  readonly messages: number;
  /** The token pushed out when it was blocked. */
  readonly idTag?: string;
  readonly detail?: string;
  /** A differential update the charger refused with VersionMismatch, replaced by a full list. */
  readonly fallbackFrom?: LocalListMode;
}

export interface LocalListLimits {
  /** Entries per SendLocalList message (OCPP 1.6 SendLocalListMaxLength). */
  readonly sendLocalListMaxLength?: number;
  /** Entries the charger can hold (OCPP 1.6 LocalAuthListMaxLength). */
  readonly localAuthListMaxLength?: number;
  readonly checkedAt: string;
}

export interface LocalListState {
  readonly chargePointId: string;
  /** The version the charger accepted last; absent until it accepted a full list. */
  readonly listVersion?: number;
  /** Tokens changed after this instant are not yet on the charger's list. */
  readonly changesSince?: string;
  readonly limits?: LocalListLimits;
  readonly lastSync?: LocalListSyncRecord;
  readonly lastPush?: LocalListSyncRecord;
  readonly updatedAt?: string;
}

const toState = (item: Record<string, unknown>): LocalListState => {
  const { pk: _pk, sk: _sk, type: _type, tenantId: _t, ...state } = item;
  return state as unknown as LocalListState;
};

export async function getLocalListState(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<LocalListState | undefined> {
  const { Item } = await table.get({
    Key: keys.localList(tenantId, chargePointId),
    ConsistentRead: true,
  });
  return Item ? toState(Item) : undefined;
}

/** Every charger of the tenant that was ever sent a list (the I1 push filters those holding one). */
export async function listLocalListStates(table: TableClient, tenantId: string): Promise<LocalListState[]> {
  const items = await queryAll(table, { tenantId, partition: keys.localListsPk(tenantId), skPrefix: 'CP#' });
  return items.map(toState);
}

export interface LocalListOutcomeUpdate {
  readonly record: LocalListSyncRecord;
  /** Which record to write: a sync run by the operator, or a pushed token block. */
  readonly as: 'lastSync' | 'lastPush';
  /** The charger accepted this version: store it (only if newer than the stored one). */
  readonly acceptedVersion?: number;
  /** The charger's list is complete up to this instant: the watermark of the next differential update. */
  readonly changesSince?: string;
  /**
   * The charger holds an incomplete list (a full list failed after its first message): forget the watermark,
   * so the next differential sync sends a full list instead.
   */
  readonly resetChangesSince?: boolean;
}

/**
 * Records a sync or push. The version only moves forward: calls to one charger are serialised by the
 * pending-call slot, but their outcomes may be written in either order; a stale outcome still records what
 * happened, without its version and watermark.
 */
export async function recordLocalListOutcome(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  update: LocalListOutcomeUpdate,
): Promise<void> {
  const names = { '#type': 'type', '#record': update.as };
  const values: Record<string, unknown> = {
    ':type': 'LocalList',
    ':cp': chargePointId,
    ':record': update.record,
    ':at': update.record.at,
  };
  const set = ['#type = :type', 'chargePointId = :cp', '#record = :record', 'updatedAt = :at'];
  const progress = [...set];
  const progressValues = { ...values };
  if (update.acceptedVersion !== undefined) {
    progress.push('listVersion = :v');
    progressValues[':v'] = update.acceptedVersion;
  }
  if (update.changesSince !== undefined) {
    progress.push('changesSince = :since');
    progressValues[':since'] = update.changesSince;
  }
  const remove = update.resetChangesSince ? ' REMOVE changesSince' : '';
  const base = { TableName: table.name, Key: keys.localList(tenantId, chargePointId) };
  if (progress.length > set.length || remove) {
    try {
      await table.documents.send(
        new UpdateCommand({
          ...base,
          UpdateExpression: `SET ${progress.join(', ')}${remove}`,
          ...(update.acceptedVersion === undefined
            ? {}
            : { ConditionExpression: 'attribute_not_exists(listVersion) OR listVersion < :v' }),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: progressValues,
        }),
      );
      return;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  await table.documents.send(
    new UpdateCommand({
      ...base,
      UpdateExpression: `SET ${set.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

export async function saveLocalListLimits(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  limits: LocalListLimits,
): Promise<void> {
  await table.update({
    Key: keys.localList(tenantId, chargePointId),
    UpdateExpression: 'SET #type = :type, chargePointId = :cp, limits = :limits',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': 'LocalList', ':cp': chargePointId, ':limits': limits },
  });
}

/** Every token of the tenant (pattern 35, page by page); a full list is rare, a read of all is fine. */
export async function listAllIdTokens(table: TableClient, tenantId: string): Promise<IdToken[]> {
  const tokens: IdToken[] = [];
  let cursor: string | undefined;
  do {
    const page = await listIdTokens(table, tenantId, undefined, { limit: 100, cursor });
    tokens.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return tokens;
}

/** Status of each customer (BatchGetItem, 100 keys a call, only the status read). Unknown ones are absent. */
export async function customerStatuses(
  table: TableClient,
  tenantId: string,
  customerIds: readonly string[],
): Promise<Map<string, CustomerStatus>> {
  const statuses = new Map<string, CustomerStatus>();
  const unique = [...new Set(customerIds)];
  for (let i = 0; i < unique.length; i += 100) {
    let requested: Record<string, unknown>[] = unique
      .slice(i, i + 100)
      .map((id) => keys.customer(tenantId, id) as unknown as Record<string, unknown>);
    // DynamoDB may leave some keys unprocessed under load: ask again for those.
    for (let attempt = 0; requested.length > 0 && attempt < 5; attempt++) {
      const { Responses, UnprocessedKeys } = await table.documents.send(
        new BatchGetCommand({
          RequestItems: {
            [table.name]: {
              Keys: requested,
              ProjectionExpression: 'id, #status',
              ExpressionAttributeNames: { '#status': 'status' },
            },
          },
        }),
      );
      for (const item of Responses?.[table.name] ?? []) {
        statuses.set(String(item.id), item.status as CustomerStatus);
      }
      requested = (UnprocessedKeys?.[table.name]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return statuses;
}

/** The local auth lists repository: the functions above with the table given. */
export const createLocalAuthListsRepository = (table: TableClient) =>
  bindTable(table, {
    getLocalListState,
    listLocalListStates,
    recordLocalListOutcome,
    saveLocalListLimits,
    listAllIdTokens,
    customerStatuses,
  });

export type LocalAuthListsRepository = ReturnType<typeof createLocalAuthListsRepository>;
