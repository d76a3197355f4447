import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  applyEvseConnectorReport,
  type BootAcceptance,
  type BootInfo,
  bootAcceptances,
  type ConnectorConfig,
  type ConnectorStatus,
  connectorTypes,
  currentTypes,
  type EvseConnectorStatus,
  type SecurityProfile,
  securityProfileSchema,
} from '@csms/core';
import * as z from 'zod';
import { appendFirmwareStatusReport, type FirmwareReportKind } from './firmware.ts';
import { gsi1, keys } from './keys.ts';
import { encodeCursor, type Page, type PageRequest } from './pagination.ts';
import { startKeyOf } from './start-key.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity, parseAttributes } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/** What the operator configures (the registration item, written by the API only). */
export interface ChargePointRegistrationRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly name?: string;
  readonly siteId?: string;
  /** The OCPP version the operator expects; `ocppVersion` below is the one the charger actually speaks. */
  readonly preferredOcppVersion?: string;
  readonly configuredConnectors?: readonly ConnectorConfig[];
  readonly maintenance?: boolean;
  readonly maintenanceSince?: string;
  readonly updatedAt?: string;
  /** Set once, for good: the authorizer refuses the charger and the identity cannot be registered again. */
  readonly decommissionedAt?: string;
  /** What BootNotification answers; absent is `Accepted`. */
  readonly bootAcceptance?: BootAcceptance;
  /**
   * A new password sent to the charger whose acceptance is not settled yet: while it is here the authorizer
   * lets either password in, so a charger reconnecting mid-change is never locked out (`rotate-password.ts`).
   */
  readonly pendingPasswordHash?: string;
  readonly pendingPasswordSince?: string;
  /** The OCPP security profile the authorizer enforces; absent is 2 (Basic auth over TLS). */
  readonly securityProfile?: SecurityProfile;
}

/** The last firmware or diagnostics status the charger reported (`recordFirmwareStatus`). */
export interface FirmwareProgress {
  readonly status: string;
  readonly at: string;
  /** OCPP 2.0.1 (and 1.6 security extension): the firmware or log request the status is about. */
  readonly requestId?: number;
}

/** What the charger changes (the live item). */
export interface ChargePointLiveState {
  readonly connectionId?: string;
  readonly ocppVersion?: string;
  readonly connectedAt?: string;
  readonly disconnectedAt?: string;
  readonly boot?: BootInfo & { readonly receivedAt: string };
  readonly firmwareStatus?: FirmwareProgress;
  readonly diagnosticsStatus?: FirmwareProgress;
  /** A local controller's progress publishing firmware to the stations behind it (OCPP 2.0.1 PublishFirmware). */
  readonly firmwarePublishStatus?: FirmwareProgress;
  /** The last LogStatusNotification (OCPP 2.0.1 / 1.6 security extension GetLog uploads). */
  readonly logUploadStatus?: FirmwareProgress;
  /** What the charger's last BootNotification was answered; absent before its first boot. */
  readonly registrationStatus?: BootAcceptance;
}

/** The registration and the live item of a charge point, read together as one record. */
export interface StoredChargePoint extends ChargePointRegistrationRecord, ChargePointLiveState {}

export interface ChargePointWithConnectors {
  readonly chargePoint: StoredChargePoint;
  readonly connectors: ConnectorStatus[];
}

const registrationSchema: z.ZodType<ChargePointRegistrationRecord> = z.object({
  tenantId: z.string(),
  id: z.string(),
  passwordHash: z.string(),
  createdAt: z.string(),
  name: z.string().optional(),
  siteId: z.string().optional(),
  preferredOcppVersion: z.string().optional(),
  configuredConnectors: z
    .array(
      z.object({
        connectorId: z.number(),
        type: z.enum(connectorTypes),
        current: z.enum(currentTypes),
        maxKw: z.number(),
      }),
    )
    .optional(),
  maintenance: z.boolean().optional(),
  maintenanceSince: z.string().optional(),
  updatedAt: z.string().optional(),
  decommissionedAt: z.string().optional(),
  bootAcceptance: z.enum(bootAcceptances).optional(),
  pendingPasswordHash: z.string().optional(),
  pendingPasswordSince: z.string().optional(),
  securityProfile: securityProfileSchema.optional(),
});

/** Listed on gsi1 until decommissioned (which removes the index keys, `decommissionChargePoint`). */
const registrationEntity = defineEntity({
  type: 'ChargePoint',
  schema: registrationSchema,
  key: (chargePoint) => keys.chargePoint(chargePoint.tenantId, chargePoint.id),
  index: (chargePoint) => ({
    gsi1pk: gsi1.chargePointsOfTenant(chargePoint.tenantId),
    gsi1sk: gsi1.chargePointSortKey(chargePoint.id),
  }),
});

const firmwareProgressSchema: z.ZodType<FirmwareProgress> = z.object({
  status: z.string(),
  at: z.string(),
  requestId: z.number().int().optional(),
});

/**
 * The live item is only ever written by updates (connect, disconnect, boot, firmware progress), each setting
 * its own attributes, so all of them are optional; the entity reads it.
 */
const liveSchema: z.ZodType<ChargePointLiveState> = z.object({
  connectionId: z.string().optional(),
  ocppVersion: z.string().optional(),
  connectedAt: z.string().optional(),
  disconnectedAt: z.string().optional(),
  boot: z
    .object({
      vendor: z.string(),
      model: z.string(),
      serialNumber: z.string().optional(),
      firmwareVersion: z.string().optional(),
      receivedAt: z.string(),
    })
    .optional(),
  firmwareStatus: firmwareProgressSchema.optional(),
  diagnosticsStatus: firmwareProgressSchema.optional(),
  firmwarePublishStatus: firmwareProgressSchema.optional(),
  logUploadStatus: firmwareProgressSchema.optional(),
  registrationStatus: z.enum(bootAcceptances).optional(),
});

const liveEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'ChargePointLive',
    schema: liveSchema,
    key: () => keys.chargePointLive(tenantId, chargePointId),
  });

const connectorSchema: z.ZodType<ConnectorStatus> = z.object({
  connectorId: z.number(),
  evseConnectorId: z.number().optional(),
  status: z.string(),
  errorCode: z.string().optional(),
  updatedAt: z.string(),
  connectors: z.record(z.string(), z.object({ status: z.string(), updatedAt: z.string() })).optional(),
});

const connectorEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'Connector',
    schema: connectorSchema,
    key: (connector) => keys.connector(tenantId, chargePointId, connector.connectorId),
  });

export type RegistrationOutcome = 'registered' | 'identity-taken' | 'unknown-site';

/**
 * Access patterns 5 and 16. The identity must be free within the tenant (a decommissioned one stays taken);
 * with a site, the site must exist and its charge point counter moves in the same transaction.
 */
export async function registerChargePoint(
  table: TableClient,
  chargePoint: StoredChargePoint,
): Promise<RegistrationOutcome> {
  const put = {
    TableName: table.name,
    Item: registrationEntity.toItem(chargePoint),
    ConditionExpression: 'attribute_not_exists(pk)',
  };
  try {
    if (chargePoint.siteId === undefined) {
      await table.documents.send(new PutCommand(put));
    } else {
      await table.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: put },
            { Update: siteCounter(table, chargePoint.tenantId, chargePoint.siteId, +1) },
          ],
        }),
      );
    }
    return 'registered';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'identity-taken';
    const failed = failedItems(error);
    if (failed?.[0]) return 'identity-taken';
    if (failed?.[1]) return 'unknown-site';
    throw error;
  }
}

/** Access pattern 4: the charge point record and its connectors in one Query. */
export async function getChargePoint(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<ChargePointWithConnectors | undefined> {
  const { Items = [] } = await table.query({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.chargePointPk(tenantId, chargePointId) },
  });
  const record = Items.find((item) => item.sk === 'CP');
  if (!record) return undefined;
  const live = Items.find((item) => item.sk === 'LIVE');
  const connector = connectorEntity(tenantId, chargePointId);
  const connectors = Items.filter((item) => item.type === 'Connector').map((item) =>
    connector.fromItem(item),
  );
  // A charger that never connected has no live item: its record is the registration alone.
  const liveState = live ? liveEntity(tenantId, chargePointId).fromItem(live) : {};
  return { chargePoint: { ...registrationEntity.fromItem(record), ...liveState }, connectors };
}

/**
 * Access pattern 6 (connect): the newest connection wins; a charger has at most one. Returns the connection
 * it replaced, if any, so the caller can close that zombie.
 */
export async function recordConnected(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  connectionId: string,
  ocppVersion: string,
  at: string,
): Promise<string | undefined> {
  const { Attributes } = await table.update({
    Key: keys.chargePointLive(tenantId, chargePointId),
    UpdateExpression: 'SET #type = :type, connectionId = :c, ocppVersion = :v, connectedAt = :at',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':type': 'ChargePointLive',
      ':c': connectionId,
      ':v': ocppVersion,
      ':at': at,
    },
    ReturnValues: 'UPDATED_OLD',
  });
  return parseAttributes(
    `ChargePointLive item ${chargePointId} replaced connection`,
    z.object({ connectionId: z.string().optional() }),
    Attributes,
  ).connectionId;
}

/**
 * Access pattern 6 (disconnect). `$disconnect` is best-effort and may arrive after the charger already
 * reconnected, so only the connection that is still recorded is cleared.
 */
export async function recordDisconnected(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  connectionId: string,
  at: string,
): Promise<void> {
  try {
    await table.update({
      Key: keys.chargePointLive(tenantId, chargePointId),
      UpdateExpression: 'REMOVE connectionId SET disconnectedAt = :at',
      ConditionExpression: 'connectionId = :c',
      ExpressionAttributeValues: { ':c': connectionId, ':at': at },
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Access pattern 7, with what the boot was answered (absent: not recorded, as before boots were answered). */
export async function recordBoot(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  boot: BootInfo & { readonly receivedAt: string },
  registrationStatus?: BootAcceptance,
): Promise<void> {
  await table.update({
    Key: keys.chargePointLive(tenantId, chargePointId),
    UpdateExpression: `SET #type = :type, boot = :b${registrationStatus ? ', registrationStatus = :r' : ''}`,
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':type': 'ChargePointLive',
      ':b': boot,
      ...(registrationStatus ? { ':r': registrationStatus } : {}),
    },
  });
}

/**
 * Access pattern 7a: what the charger's last boot was answered, read consistently (the boot may have been
 * answered a moment ago). One small GetItem of the live item, asked per charger message only by the dispatcher's
 * registration check, which skips Heartbeat and BootNotification.
 */
export async function getRegistrationStatus(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<BootAcceptance | undefined> {
  const { Item } = await table.get({
    Key: keys.chargePointLive(tenantId, chargePointId),
    ProjectionExpression: 'registrationStatus',
    ConsistentRead: true,
  });
  return parseAttributes(
    `ChargePointLive item ${chargePointId} registration status`,
    z.object({ registrationStatus: z.enum(bootAcceptances).optional() }),
    Item ?? {},
  ).registrationStatus;
}

/**
 * Access pattern 8: one item per connector, overwritten by each newer report. Chargers replay queued
 * messages after being offline, so an older report never overwrites a newer one.
 */
export async function recordConnectorStatus(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  status: ConnectorStatus,
): Promise<void> {
  try {
    await table.put({
      Item: connectorEntity(tenantId, chargePointId).toItem(status),
      ConditionExpression: 'attribute_not_exists(updatedAt) OR updatedAt <= :u',
      ExpressionAttributeValues: { ':u': status.updatedAt },
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * OCPP 2.0.1: one connector's report merged into its EVSE's item (`CONN#<evseId>`), whose status is derived
 * from all its connectors. Read, merge, write back only if nobody wrote in between (the `revision` counter),
 * else read again: two connectors of one EVSE report at the same moment. Returns the EVSE as stored, or
 * undefined when the report was older than the one kept for its connector (nothing changed).
 */
export async function recordEvseConnectorStatus(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  evseId: number,
  evseConnectorId: number,
  report: EvseConnectorStatus,
): Promise<ConnectorStatus | undefined> {
  const entity = connectorEntity(tenantId, chargePointId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const { Item } = await table.get({
      Key: keys.connector(tenantId, chargePointId, evseId),
      ConsistentRead: true,
    });
    const revision = typeof Item?.revision === 'number' ? Item.revision : undefined;
    const next = applyEvseConnectorReport(entity.fromOptional(Item), evseId, evseConnectorId, report);
    if (!next) return undefined;
    try {
      await table.put({
        Item: { ...entity.toItem(next), revision: (revision ?? 0) + 1 },
        ...(Item === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : revision === undefined
            ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revision)' }
            : { ConditionExpression: 'revision = :r', ExpressionAttributeValues: { ':r': revision } }),
      });
      return next;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  throw new Error(`EVSE ${evseId} of ${chargePointId}: too many concurrent status writes`);
}

// --- Management by the operator (API). These write the registration item, which carries the gsi1 keys:
// that is fine for rare API writes; what the charger changes stays on the LIVE and CONN items. ---

/** Moves a site's charge point counter; the site must exist (an Update would otherwise create it). */
function siteCounter(table: TableClient, tenantId: string, siteId: string, by: 1 | -1) {
  return {
    TableName: table.name,
    Key: keys.site(tenantId, siteId),
    UpdateExpression: 'ADD chargePointCount :by',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':by': by },
  };
}

/** Which items of a cancelled transaction failed their condition, by position; undefined for other errors. */
function failedItems(error: unknown): boolean[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed');
}

/** The registration item still as read: not decommissioned, and on the site the caller saw. */
function unchangedSince(expectedSiteId: string | undefined) {
  const condition =
    'attribute_exists(pk) AND attribute_not_exists(decommissionedAt) AND ' +
    (expectedSiteId === undefined ? 'attribute_not_exists(siteId)' : 'siteId = :expectedSite');
  return {
    condition,
    values: expectedSiteId === undefined ? {} : { ':expectedSite': expectedSiteId },
  };
}

/** Sends one update of the registration item, moving site counters with it when the site changes. */
async function updateRegistration(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  update: {
    readonly expression: string;
    readonly names?: Record<string, string>;
    readonly values: Record<string, unknown>;
  },
  sites: { readonly from: string | undefined; readonly to: string | undefined },
): Promise<UpdateOutcome> {
  const guard = unchangedSince(sites.from);
  const item = {
    TableName: table.name,
    Key: keys.chargePoint(tenantId, chargePointId),
    UpdateExpression: update.expression,
    ConditionExpression: guard.condition,
    ...(update.names && Object.keys(update.names).length > 0
      ? { ExpressionAttributeNames: update.names }
      : {}),
    ExpressionAttributeValues: { ...update.values, ...guard.values },
  };
  const counters = [];
  if (sites.to !== sites.from) {
    if (sites.to !== undefined) counters.push(siteCounter(table, tenantId, sites.to, +1));
    if (sites.from !== undefined) counters.push(siteCounter(table, tenantId, sites.from, -1));
  }
  try {
    if (counters.length === 0) {
      await table.documents.send(new UpdateCommand(item));
    } else {
      await table.documents.send(
        new TransactWriteCommand({
          TransactItems: [{ Update: item }, ...counters.map((counter) => ({ Update: counter }))],
        }),
      );
    }
    return 'updated';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'conflict';
    const failed = failedItems(error);
    if (failed?.[0]) return 'conflict';
    // The new site's counter comes first among the counters: it failed because the site does not exist.
    if (failed?.[1] && sites.to !== undefined) return 'unknown-site';
    if (failed) return 'conflict';
    throw error;
  }
}

/**
 * `conflict`: the charge point changed since the caller read it (decommissioned, or moved to another site)
 * — read again and retry. `unknown-site`: the target site does not exist in the tenant.
 */
export type UpdateOutcome = 'updated' | 'conflict' | 'unknown-site';

export interface ChargePointChanges {
  /** `null` removes the name. */
  readonly name?: string | null;
  /** `null` takes the charge point off its site. */
  readonly siteId?: string | null;
  readonly configuredConnectors?: readonly ConnectorConfig[];
  readonly maintenance?: boolean;
  readonly bootAcceptance?: BootAcceptance;
  readonly securityProfile?: SecurityProfile;
}

/** Access pattern 17: applies operator changes; `current` is the record the caller read. */
export async function configureChargePoint(
  table: TableClient,
  current: StoredChargePoint,
  changes: ChargePointChanges,
  at: string,
): Promise<UpdateOutcome> {
  const set = ['updatedAt = :at'];
  const remove: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':at': at };
  const assign = (field: string, value: unknown) => {
    names[`#${field}`] = field;
    if (value === null) {
      remove.push(`#${field}`);
    } else {
      values[`:${field}`] = value;
      set.push(`#${field} = :${field}`);
    }
  };
  if (changes.name !== undefined) assign('name', changes.name);
  if (changes.siteId !== undefined) assign('siteId', changes.siteId);
  if (changes.configuredConnectors !== undefined)
    assign('configuredConnectors', changes.configuredConnectors);
  if (changes.maintenance !== undefined && changes.maintenance !== Boolean(current.maintenance)) {
    assign('maintenance', changes.maintenance);
    assign('maintenanceSince', changes.maintenance ? at : null);
  }
  if (changes.bootAcceptance !== undefined) assign('bootAcceptance', changes.bootAcceptance);
  if (changes.securityProfile !== undefined) assign('securityProfile', changes.securityProfile);
  const expression = `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`;
  const to = changes.siteId === undefined ? current.siteId : (changes.siteId ?? undefined);
  return updateRegistration(
    table,
    current.tenantId,
    current.id,
    { expression, names, values },
    { from: current.siteId, to },
  );
}

/**
 * Access pattern 17: a new Basic-auth password hash; the authorizer checks it at the next connection. A change
 * still pending on the charger is dropped: this password is the one the operator configures.
 */
export async function setChargePointPassword(
  table: TableClient,
  current: StoredChargePoint,
  passwordHash: string,
  at: string,
): Promise<UpdateOutcome> {
  return updateRegistration(
    table,
    current.tenantId,
    current.id,
    {
      expression:
        'SET passwordHash = :hash, updatedAt = :at REMOVE pendingPasswordHash, pendingPasswordSince',
      values: { ':hash': passwordHash, ':at': at },
    },
    { from: current.siteId, to: current.siteId },
  );
}

/**
 * Access pattern 17: records the password about to be sent to the charger next to the current one, so both
 * open a connection until the change is settled (`settlePasswordChange`).
 */
export async function beginPasswordChange(
  table: TableClient,
  current: StoredChargePoint,
  pendingPasswordHash: string,
  at: string,
): Promise<UpdateOutcome> {
  return updateRegistration(
    table,
    current.tenantId,
    current.id,
    {
      expression: 'SET pendingPasswordHash = :pending, pendingPasswordSince = :at, updatedAt = :at',
      values: { ':pending': pendingPasswordHash, ':at': at },
    },
    { from: current.siteId, to: current.siteId },
  );
}

/**
 * Access pattern 17a: settles a pending password, only if it is still the one pending (another rotation may
 * have replaced it, or a connection promoted it already). `promote` makes it the password and the old one stops
 * working; `restore` puts back what was pending before (or nothing). False when it was no longer pending.
 */
export async function settlePasswordChange(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  pendingPasswordHash: string,
  outcome: { readonly promote: true } | { readonly restore: { hash: string; since: string } | undefined },
  at: string,
): Promise<boolean> {
  const expression =
    'promote' in outcome
      ? 'SET passwordHash = :pending, updatedAt = :at REMOVE pendingPasswordHash, pendingPasswordSince'
      : outcome.restore
        ? 'SET pendingPasswordHash = :previous, pendingPasswordSince = :since, updatedAt = :at'
        : 'SET updatedAt = :at REMOVE pendingPasswordHash, pendingPasswordSince';
  const restore = 'restore' in outcome ? outcome.restore : undefined;
  try {
    await table.update({
      Key: keys.chargePoint(tenantId, chargePointId),
      UpdateExpression: expression,
      ConditionExpression: 'pendingPasswordHash = :pending',
      ExpressionAttributeValues: {
        ':pending': pendingPasswordHash,
        ':at': at,
        ...(restore ? { ':previous': restore.hash, ':since': restore.since } : {}),
      },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Access pattern 18: decommissioning is final. The item keeps its identity (so it cannot be registered
 * again), leaves its site (releasing the counter) and drops its gsi1 keys, so listings no longer see it
 * and need no filter for it.
 */
export async function decommissionChargePoint(
  table: TableClient,
  current: StoredChargePoint,
  at: string,
): Promise<UpdateOutcome> {
  return updateRegistration(
    table,
    current.tenantId,
    current.id,
    {
      expression: 'SET decommissionedAt = :at, updatedAt = :at REMOVE gsi1pk, gsi1sk, siteId',
      values: { ':at': at },
    },
    { from: current.siteId, to: undefined },
  );
}

export interface ChargePointListRequest extends PageRequest {
  readonly siteId?: string | undefined;
}

/**
 * Access pattern 19: one gsi1 page of the tenant's active charge points (filtered by site in DynamoDB), then
 * each one's partition (pattern 4) for live state and connectors. A filter is applied after `Limit`, so a
 * page may hold fewer items than asked, even none, while `nextCursor` still continues after the last one read.
 */
export async function listChargePoints(
  table: TableClient,
  tenantId: string,
  request: ChargePointListRequest,
): Promise<Page<ChargePointWithConnectors>> {
  const gsiPk = gsi1.chargePointsOfTenant(tenantId);
  const cpPrefix = keys.chargePointPk(tenantId, '');
  const { Items = [], LastEvaluatedKey } = await table.query({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :cp)',
    ...(request.siteId === undefined ? {} : { FilterExpression: 'siteId = :site' }),
    ExpressionAttributeValues: {
      ':pk': gsiPk,
      ':cp': gsi1.chargePointSortKey(''),
      ...(request.siteId === undefined ? {} : { ':site': request.siteId }),
    },
    Limit: request.limit,
    ExclusiveStartKey: startKeyOf(request.cursor, tenantId, {
      gsi1pk: (v) => v === gsiPk,
      gsi1sk: (v) => v.startsWith(gsi1.chargePointSortKey('')),
      pk: (v) => v.startsWith(cpPrefix),
      sk: (v) => v === 'CP',
    }),
  });
  const ids = Items.map((item) => String(item.id));
  const found = await mapConcurrently(ids, 10, (id) => getChargePoint(table, tenantId, id));
  // The index is eventually consistent: the partition read is the truth (decommissioned or moved meanwhile).
  const items = found.filter(
    (cp): cp is ChargePointWithConnectors =>
      cp !== undefined &&
      cp.chargePoint.decommissionedAt === undefined &&
      (request.siteId === undefined || cp.chargePoint.siteId === request.siteId),
  );
  return { items, nextCursor: encodeCursor(LastEvaluatedKey) };
}

/** Keeps a page of up to 100 partition reads from opening 100 requests at once. */
async function mapConcurrently<T, R>(
  inputs: readonly T[],
  width: number,
  run: (input: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(inputs.length);
  // One iterator shared by all workers: each takes the next input as soon as it is free.
  const queue = inputs.entries();
  const worker = async () => {
    for (const [index, input] of queue) results[index] = await run(input);
  };
  await Promise.all(Array.from({ length: Math.min(width, inputs.length) }, worker));
  return results;
}

const LIVE_STATUS_OF = {
  firmware: 'firmwareStatus',
  diagnostics: 'diagnosticsStatus',
  publish: 'firmwarePublishStatus',
} as const satisfies Record<FirmwareReportKind, keyof ChargePointLiveState>;

/**
 * Firmware / diagnostics progress of a charger (FirmwareManagement): the current status on its live item, and
 * each report in the charger's firmware history (`firmware.ts`), so the operator sees how an update went.
 */
export async function recordFirmwareStatus(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  kind: FirmwareReportKind,
  status: string,
  at: Date,
  requestId?: number,
): Promise<void> {
  const progress = { status, at: at.toISOString(), ...(requestId === undefined ? {} : { requestId }) };
  await appendFirmwareStatusReport(table, tenantId, chargePointId, { kind, ...progress });
  await table.update({
    Key: keys.chargePointLive(tenantId, chargePointId),
    UpdateExpression: 'SET #kind = :s',
    ExpressionAttributeNames: { '#kind': LIVE_STATUS_OF[kind] },
    ExpressionAttributeValues: { ':s': progress },
  });
}

/** The latest log upload status on the live item (LogStatusNotification carries no timestamp: `at` is ours). */
export async function recordLogUploadStatus(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  progress: FirmwareProgress,
): Promise<void> {
  await table.update({
    Key: keys.chargePointLive(tenantId, chargePointId),
    UpdateExpression: 'SET logUploadStatus = :s',
    ExpressionAttributeValues: { ':s': progress },
  });
}

/** The charge points repository: the functions above with the table given. */
export const createChargePointsRepository = (table: TableClient) =>
  bindTable(table, {
    registerChargePoint,
    getChargePoint,
    recordConnected,
    recordDisconnected,
    recordBoot,
    getRegistrationStatus,
    recordConnectorStatus,
    recordEvseConnectorStatus,
    configureChargePoint,
    setChargePointPassword,
    beginPasswordChange,
    settlePasswordChange,
    decommissionChargePoint,
    listChargePoints,
    recordFirmwareStatus,
    recordLogUploadStatus,
  });

export type ChargePointsRepository = ReturnType<typeof createChargePointsRepository>;
