import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerStatus, IdToken, LocalListMode } from '@csms/core';
import * as z from 'zod';
import { customerStatusProjection } from './customers.ts';
import { listIdTokens } from './id-tokens.ts';
import { keys } from './keys.ts';
import { queryAll } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity, parseAttributes } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * What we know of each charger's local authorization list: the version it holds, since when tenant tokens
 * changed after the last list it accepted (differential updates send those), its size limits, and the
 * outcome of the last sync and of the last pushed token block. One item per charger in one tenant partition,
 * so blocking a token (I1) finds every charger that holds a list with one Query.
 */
const localListOutcomes = [
  'Accepted',
  'Failed',
  'NotSupported',
  'VersionMismatch',
  'not-connected',
  'busy',
  'no-answer',
  'error',
  'too-long',
  /** A differential update with nothing to send: the charger's list is current. */
  'unchanged',
] as const;
export type LocalListOutcome = (typeof localListOutcomes)[number];

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
  /** Entries per SendLocalList message (OCPP 1.6 SendLocalListMaxLength, 2.0.1 ItemsPerMessage). */
  readonly sendLocalListMaxLength?: number;
  /** Entries the charger can hold (OCPP 1.6 LocalAuthListMaxLength). */
  readonly localAuthListMaxLength?: number;
  /** Bytes per SendLocalList message (OCPP 2.0.1 BytesPerMessage). */
  readonly bytesPerMessage?: number;
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

const localListModes = ['full', 'differential'] as const;

const syncRecordSchema: z.ZodType<LocalListSyncRecord> = z.object({
  mode: z.enum(localListModes),
  trigger: z.enum(['api', 'token-blocked']),
  at: z.string(),
  outcome: z.enum(localListOutcomes),
  listVersion: z.number().optional(),
  entries: z.number(),
  messages: z.number(),
  idTag: z.string().optional(),
  detail: z.string().optional(),
  fallbackFrom: z.enum(localListModes).optional(),
});

/** Written only by updates (`recordLocalListOutcome`, `saveLocalListLimits`): all but the charger optional. */
const localListStateSchema: z.ZodType<LocalListState> = z.object({
  chargePointId: z.string(),
  listVersion: z.number().optional(),
  changesSince: z.string().optional(),
  limits: z
    .object({
      sendLocalListMaxLength: z.number().optional(),
      localAuthListMaxLength: z.number().optional(),
      bytesPerMessage: z.number().optional(),
      checkedAt: z.string(),
    })
    .optional(),
  lastSync: syncRecordSchema.optional(),
  lastPush: syncRecordSchema.optional(),
  updatedAt: z.string().optional(),
});

const localListEntity = (tenantId: string) =>
  defineEntity({
    type: 'LocalList',
    schema: localListStateSchema,
    key: (state) => keys.localList(tenantId, state.chargePointId),
  });

export async function getLocalListState(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<LocalListState | undefined> {
  const { Item } = await table.get({
    Key: keys.localList(tenantId, chargePointId),
    ConsistentRead: true,
  });
  return localListEntity(tenantId).fromOptional(Item);
}

/** Every charger of the tenant that was ever sent a list (the I1 push filters those holding one). */
export async function listLocalListStates(table: TableClient, tenantId: string): Promise<LocalListState[]> {
  const items = await queryAll(table, { tenantId, partition: keys.localListsPk(tenantId), skPrefix: 'CP#' });
  const entity = localListEntity(tenantId);
  return items.map((item) => entity.fromItem(item));
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
  const items = await table.batchGet(
    unique.map((id) => keys.customer(tenantId, id)),
    { projection: 'id, #status', names: { '#status': 'status' } },
  );
  for (const item of items) {
    const { id, status } = parseAttributes(
      `Customer ${String(item.id)} status`,
      customerStatusProjection,
      item,
    );
    statuses.set(id, status);
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
