import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { type DeviceComponentRef, type DeviceVariableRef, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity, parseAttributes } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * The OCPP 2.0.1 device model of a charger as it reported it (NotifyReport, NotifyMonitoringReport), the report
 * requests those answered, and its events (NotifyEvent). All in sibling partitions of the charge point's own
 * (access patterns M1–M7).
 *
 * One item per variable (component + instance + EVSE + connector, variable + instance) holds all its
 * attributes (at most four: Actual, Target, MinSet, MaxSet) and its characteristics: a full inventory is a few
 * hundred to a few thousand variables, and one item each rather than one per attribute type writes up to four
 * times fewer items, while a whole variable (≤ 4 × 2,500 characters of values) stays far below the item limit.
 * "Newest report wins" still holds per attribute type: every attribute carries the `generatedAt` of the
 * report part that said it, and a part older than what is stored (a late part of an earlier report) leaves
 * that attribute alone.
 */
export type VariableAttributeType = 'Actual' | 'Target' | 'MinSet' | 'MaxSet';
export type VariableMutability = 'ReadOnly' | 'WriteOnly' | 'ReadWrite';

export interface VariableAttributeReport {
  /** OCPP's default when the charger leaves it out is `Actual`; the caller fills it in. */
  readonly type: VariableAttributeType;
  readonly value?: string;
  readonly mutability?: VariableMutability;
  readonly persistent?: boolean;
  readonly constant?: boolean;
}

export interface VariableCharacteristicsReport {
  readonly unit?: string;
  /** OCPP DataEnumType: string, decimal, integer, dateTime, boolean, OptionList, SequenceList, MemberList. */
  readonly dataType: string;
  readonly minLimit?: number;
  readonly maxLimit?: number;
  /** As OCPP sends it: a comma-separated list. */
  readonly valuesList?: string;
  readonly supportsMonitoring: boolean;
}

/** One reportData entry of a NotifyReport part. */
export interface VariableReport {
  readonly component: DeviceComponentRef;
  readonly variable: DeviceVariableRef;
  readonly attributes: readonly VariableAttributeReport[];
  readonly characteristics?: VariableCharacteristicsReport;
}

/** The report part a write comes from: its request and the charger's `generatedAt` (UTC ISO, normalised). */
export interface ReportPartOrigin {
  readonly requestId: number;
  readonly generatedAt: string;
}

export interface StoredVariableAttribute extends VariableAttributeReport {
  readonly reportedAt: string;
  readonly requestId: number;
}

export interface StoredVariable {
  readonly component: DeviceComponentRef;
  readonly variable: DeviceVariableRef;
  /** In OCPP's order: Actual, Target, MinSet, MaxSet. */
  readonly attributes: readonly StoredVariableAttribute[];
  readonly characteristics?: VariableCharacteristicsReport & { readonly reportedAt: string };
  /** The newest part that wrote this variable, and its request (what pruning after a full inventory reads). */
  readonly reportedAt: string;
  readonly requestId: number;
}

const ATTRIBUTE_ORDER: readonly VariableAttributeType[] = ['Actual', 'Target', 'MinSet', 'MaxSet'];

const componentSchema: z.ZodType<DeviceComponentRef> = z.object({
  name: z.string(),
  instance: z.string().optional(),
  evseId: z.number().int().optional(),
  connectorId: z.number().int().optional(),
});

const variableRefSchema: z.ZodType<DeviceVariableRef> = z.object({
  name: z.string(),
  instance: z.string().optional(),
});

const storedAttributeSchema: z.ZodType<StoredVariableAttribute> = z.object({
  type: z.enum(['Actual', 'Target', 'MinSet', 'MaxSet']),
  value: z.string().optional(),
  mutability: z.enum(['ReadOnly', 'WriteOnly', 'ReadWrite']).optional(),
  persistent: z.boolean().optional(),
  constant: z.boolean().optional(),
  reportedAt: z.string(),
  requestId: z.number().int(),
});

const storedVariableSchema: z.ZodType<StoredVariable> = z.object({
  component: componentSchema,
  variable: variableRefSchema,
  attributes: z.array(storedAttributeSchema),
  characteristics: z
    .object({
      unit: z.string().optional(),
      dataType: z.string(),
      minLimit: z.number().optional(),
      maxLimit: z.number().optional(),
      valuesList: z.string().optional(),
      supportsMonitoring: z.boolean(),
      reportedAt: z.string(),
    })
    .optional(),
  reportedAt: z.string(),
  requestId: z.number().int(),
});

const variableEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'ReportedVariable',
    schema: storedVariableSchema,
    key: (stored) => keys.reportedVariable(tenantId, chargePointId, stored.component, stored.variable),
    // The variable filter of the listing compares this (names are case-insensitive in OCPP).
    derived: (stored) => ({ variableKey: stored.variable.name.toLowerCase() }),
  });

/**
 * What a report part makes of a stored variable: each attribute it reports replaces the stored one of that
 * type unless the stored one is newer; characteristics likewise. `undefined` when the part changes nothing
 * (everything it says was overtaken by a newer report), so nothing is written.
 */
export function mergeReportedVariable(
  stored: StoredVariable | undefined,
  report: VariableReport,
  origin: ReportPartOrigin,
): StoredVariable | undefined {
  const at = origin.generatedAt;
  const byType = new Map<VariableAttributeType, StoredVariableAttribute>(
    stored?.attributes.map((a) => [a.type, a]) ?? [],
  );
  let changed = false;
  for (const attribute of report.attributes) {
    const current = byType.get(attribute.type);
    if (current && current.reportedAt > at) continue;
    byType.set(attribute.type, { ...attribute, reportedAt: at, requestId: origin.requestId });
    changed = true;
  }
  let characteristics = stored?.characteristics;
  if (report.characteristics && (!characteristics || characteristics.reportedAt <= at)) {
    characteristics = { ...report.characteristics, reportedAt: at };
    changed = true;
  }
  if (!changed) return undefined;
  const newest = !stored || stored.reportedAt <= at;
  return {
    // Names are case-insensitive: the spelling of the newest report is the one shown.
    component: newest ? report.component : stored.component,
    variable: newest ? report.variable : stored.variable,
    attributes: ATTRIBUTE_ORDER.flatMap((type) => byType.get(type) ?? []),
    ...(characteristics ? { characteristics } : {}),
    reportedAt: newest ? at : stored.reportedAt,
    requestId: newest ? origin.requestId : stored.requestId,
  };
}

/**
 * Stores one NotifyReport part: the variables it names are read in batches of 100 (consistently: the previous
 * part was written before the charger got its answer), merged, and those that changed written in batches of
 * 25. Reading first costs at most what the write costs and is what lets a late part of an older report lose
 * against a newer one, which BatchWriteItem (no conditions) could not decide by itself. It is safe without a
 * transaction because a charger has one CALL outstanding at a time (OCPP-J), so two parts of one charger are
 * never stored concurrently.
 */
export async function storeReportedVariables(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  origin: ReportPartOrigin,
  reports: readonly VariableReport[],
): Promise<{ readonly written: number; readonly unchanged: number }> {
  const entity = variableEntity(tenantId, chargePointId);
  const keyOf = (report: VariableReport) =>
    keys.reportedVariable(tenantId, chargePointId, report.component, report.variable);
  const distinct = new Map(reports.map((report) => [keyOf(report).sk, keyOf(report)]));
  const found = await table.batchGet([...distinct.values()], { consistent: true });
  const current = new Map<string, StoredVariable>(
    found.map((item) => [String(item.sk), entity.fromItem(item)]),
  );
  const changed = new Set<string>();
  // In order, so a variable named twice in one part ends as the later entry says.
  for (const report of reports) {
    const sk = keyOf(report).sk;
    const merged = mergeReportedVariable(current.get(sk), report, origin);
    if (!merged) continue;
    current.set(sk, merged);
    changed.add(sk);
  }
  await table.batchWrite(
    [...changed].map((sk) => ({ PutRequest: { Item: entity.toItem(current.get(sk) as StoredVariable) } })),
  );
  return { written: changed.size, unchanged: distinct.size - changed.size };
}

export interface VariableQuery extends PageRequest {
  /** A component name (any instance, any EVSE), case-insensitive. */
  readonly component?: string | undefined;
  /** A variable name, case-insensitive. */
  readonly variable?: string | undefined;
}

/** The stored variables, by component then variable; a component filter is a key prefix, a variable one a filter. */
export async function listReportedVariables(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  query: VariableQuery,
): Promise<Page<StoredVariable>> {
  const page = await queryPage(table, {
    tenantId,
    partition: keys.deviceModelPk(tenantId, chargePointId),
    skPrefix: keys.reportedVariablesOf(query.component),
    forward: true,
    filters: { variableKey: query.variable?.toLowerCase() },
    page: { limit: query.limit, cursor: query.cursor },
  });
  const entity = variableEntity(tenantId, chargePointId);
  return { items: page.items.map((item) => entity.fromItem(item)), nextCursor: page.nextCursor };
}

const pruneProjection = z.object({ sk: z.string(), requestId: z.number(), reportedAt: z.string() });

/**
 * After a full inventory is complete, the charger has named every variable it has: a stored variable the
 * report did not write and that is older than its first part is gone from the charger, and is deleted.
 * One Query of the keys and two attributes, then batch deletes.
 */
export async function pruneReportedVariables(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  report: { readonly requestId: number; readonly olderThan: string },
): Promise<number> {
  const pk = keys.deviceModelPk(tenantId, chargePointId);
  const stale: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ProjectionExpression: 'sk, #requestId, #reportedAt',
      ExpressionAttributeNames: { '#requestId': 'requestId', '#reportedAt': 'reportedAt' },
      ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.reportedVariablesOf() },
      ConsistentRead: true,
      ExclusiveStartKey: start,
    });
    for (const item of page.Items ?? []) {
      const seen = parseAttributes(`ReportedVariable ${String(item.sk)}`, pruneProjection, item);
      if (seen.requestId !== report.requestId && seen.reportedAt < report.olderThan) stale.push(seen.sk);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  await table.batchWrite(stale.map((sk) => ({ DeleteRequest: { Key: { pk, sk } } })));
  return stale.length;
}

// --- report requests: what was asked (GetBaseReport, GetReport, GetMonitoringReport) and how far the
// multi-part answer has come ---

export type DeviceReportKind = 'report' | 'monitoring';
/**
 * `requested`: sent, nothing back yet; `receiving`: parts are arriving; `complete`: the last part (`tbc`
 * false) and every part before it have arrived, in whatever order; `rejected`: the charger refused (or had
 * nothing: EmptyResultSet is `complete` with no parts); `failed`: no answer, or an error.
 */
export type DeviceReportStatus = 'requested' | 'receiving' | 'complete' | 'rejected' | 'failed';

export interface DeviceReportRequest {
  readonly kind: DeviceReportKind;
  readonly requestId: number;
  readonly status: DeviceReportStatus;
  /** GetBaseReport: FullInventory, ConfigurationInventory, SummaryInventory. */
  readonly reportBase?: string;
  /** GetReport / GetMonitoringReport: the criteria as sent. */
  readonly criteria?: Record<string, unknown>;
  /** When the CSMS sent it; absent for a request sent some other way (the raw commands route). */
  readonly requestedAt?: string;
  readonly chargerStatus?: string;
  readonly statusInfo?: Record<string, unknown>;
  readonly error?: string;
  /** The seqNos received so far, ascending. */
  readonly seqNos: readonly number[];
  /** Known once the part with `tbc` false has arrived. */
  readonly lastSeqNo?: number;
  /** The oldest `generatedAt` among the parts received. */
  readonly earliestGeneratedAt?: string;
  readonly lastPartReceivedAt?: string;
  readonly completedAt?: string;
}

const reportRequestSchema: z.ZodType<DeviceReportRequest> = z.object({
  kind: z.enum(['report', 'monitoring']),
  requestId: z.number().int(),
  status: z.enum(['requested', 'receiving', 'complete', 'rejected', 'failed']),
  reportBase: z.string().optional(),
  criteria: z.record(z.string(), z.unknown()).optional(),
  requestedAt: z.string().optional(),
  chargerStatus: z.string().optional(),
  statusInfo: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
  // A number set, so a repeated part is counted once; the document client reads it back as a Set.
  seqNos: z
    .set(z.number())
    .optional()
    .transform((seqNos) => [...(seqNos ?? [])].sort((x, y) => x - y)),
  lastSeqNo: z.number().int().optional(),
  earliestGeneratedAt: z.string().optional(),
  lastPartReceivedAt: z.string().optional(),
  completedAt: z.string().optional(),
});

const REQUEST_KEY = { report: 'REPORT', monitoring: 'MONREPORT' } as const;
const REQUEST_TYPE = 'DeviceReportRequest';

const reportRequestEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: REQUEST_TYPE,
    schema: reportRequestSchema,
    key: (request) =>
      keys.reportRequest(tenantId, chargePointId, REQUEST_KEY[request.kind], request.requestId),
  });

const counterValue = z.object({ value: z.number().int() });

/** A fresh requestId for this charger (atomic counter, from 1). */
export async function nextReportRequestId(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<number> {
  const { Attributes } = await table.update({
    Key: keys.deviceModelRequestCounter(tenantId, chargePointId),
    UpdateExpression: 'ADD #v :one',
    ExpressionAttributeNames: { '#v': 'value' },
    ExpressionAttributeValues: { ':one': 1 },
    ReturnValues: 'UPDATED_NEW',
  });
  return parseAttributes(`requestId counter of ${chargePointId}`, counterValue, Attributes).value;
}

export type NewDeviceReportRequest = Pick<
  DeviceReportRequest,
  'kind' | 'requestId' | 'reportBase' | 'criteria'
> & {
  readonly requestedAt: string;
};

/** Written before the request is sent: the charger may start reporting before its answer is recorded. */
export async function createReportRequest(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  request: NewDeviceReportRequest,
): Promise<void> {
  const value: DeviceReportRequest = { ...request, status: 'requested', seqNos: [] };
  // `seqNos` stays absent until a part arrives: `ADD` builds a number set, and cannot add to a list.
  const { seqNos: _empty, ...item } = reportRequestEntity(tenantId, chargePointId).toItem(value);
  await table.put({ Item: item });
}

export interface DeviceReportAnswer {
  readonly chargerStatus?: string;
  readonly statusInfo?: Record<string, unknown>;
  readonly error?: string;
  /** The status this answer means, applied only while nothing has arrived yet (`requested`). */
  readonly status?: 'complete' | 'rejected' | 'failed';
}

/** Records the charger's answer to the request (or its absence) without undoing parts already received. */
export async function recordReportAnswer(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  kind: DeviceReportKind,
  requestId: number,
  answer: DeviceReportAnswer,
): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const field of ['chargerStatus', 'statusInfo', 'error'] as const) {
    if (answer[field] === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = answer[field];
    sets.push(`#${field} = :${field}`);
  }
  const Key = keys.reportRequest(tenantId, chargePointId, REQUEST_KEY[kind], requestId);
  if (answer.status) {
    try {
      await table.update({
        Key,
        UpdateExpression: `SET ${[...sets, '#status = :status'].join(', ')}`,
        ConditionExpression: '#status = :requested',
        ExpressionAttributeNames: { ...names, '#status': 'status' },
        ExpressionAttributeValues: { ...values, ':status': answer.status, ':requested': 'requested' },
      });
      return;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Parts arrived already: they tell the state better than the answer does.
    }
  }
  if (sets.length === 0) return;
  await table.update({
    Key,
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

export interface DeviceReportPart {
  readonly requestId: number;
  readonly seqNo: number;
  /** `false` (OCPP's default) on the last part. */
  readonly tbc: boolean;
  readonly generatedAt: string;
  readonly receivedAt: string;
}

/**
 * Counts one part in (creating the request record if it was sent some other way) and tells whether this part
 * completed the report: the last part and all seqNos before it are in. A part repeated after completion (a
 * charger retrying a lost answer) changes nothing. `completedNow` is true for exactly one part.
 */
export async function recordReportPart(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  kind: DeviceReportKind,
  part: DeviceReportPart,
): Promise<{ readonly request: DeviceReportRequest; readonly completedNow: boolean }> {
  const Key = keys.reportRequest(tenantId, chargePointId, REQUEST_KEY[kind], part.requestId);
  const entity = reportRequestEntity(tenantId, chargePointId);
  const names = { '#status': 'status', '#type': 'type', '#kind': 'kind', '#requestId': 'requestId' };
  let after: Record<string, unknown> | undefined;
  try {
    ({ Attributes: after } = await table.update({
      Key,
      UpdateExpression:
        'SET #type = if_not_exists(#type, :type), #kind = if_not_exists(#kind, :kind), ' +
        '#requestId = if_not_exists(#requestId, :requestId), #status = :receiving, ' +
        'earliestGeneratedAt = if_not_exists(earliestGeneratedAt, :generatedAt), ' +
        `lastPartReceivedAt = :receivedAt${part.tbc ? '' : ', lastSeqNo = :seqNo'} ADD seqNos :seqNos`,
      ConditionExpression: 'attribute_not_exists(#status) OR #status <> :complete',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: {
        ':type': REQUEST_TYPE,
        ':kind': kind,
        ':requestId': part.requestId,
        ':receiving': 'receiving',
        ':complete': 'complete',
        ':generatedAt': part.generatedAt,
        ':receivedAt': part.receivedAt,
        ':seqNos': new Set([part.seqNo]),
        ...(part.tbc ? {} : { ':seqNo': part.seqNo }),
      },
      ReturnValues: 'ALL_NEW',
    }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await table.get({ Key, ConsistentRead: true });
    return { request: entity.fromItem(Item ?? {}), completedNow: false };
  }
  let request = entity.fromItem(after ?? {});
  // Parts may arrive in any order: the earliest is the one pruning compares against.
  if (request.earliestGeneratedAt !== undefined && part.generatedAt < request.earliestGeneratedAt) {
    try {
      ({ Attributes: after } = await table.update({
        Key,
        UpdateExpression: 'SET earliestGeneratedAt = :generatedAt',
        ConditionExpression: 'earliestGeneratedAt > :generatedAt',
        ExpressionAttributeValues: { ':generatedAt': part.generatedAt },
        ReturnValues: 'ALL_NEW',
      }));
      request = entity.fromItem(after ?? {});
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  if (!isComplete(request)) return { request, completedNow: false };
  try {
    const { Attributes } = await table.update({
      Key,
      UpdateExpression: 'SET #status = :complete, completedAt = :receivedAt',
      ConditionExpression: '#status = :receiving',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':complete': 'complete',
        ':receiving': 'receiving',
        ':receivedAt': part.receivedAt,
      },
      ReturnValues: 'ALL_NEW',
    });
    return { request: entity.fromItem(Attributes ?? {}), completedNow: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { request, completedNow: false };
  }
}

const isComplete = (request: DeviceReportRequest): boolean =>
  request.lastSeqNo !== undefined &&
  request.seqNos.filter((seqNo) => seqNo >= 0 && seqNo <= (request.lastSeqNo ?? -1)).length ===
    request.lastSeqNo + 1;

export async function getReportRequest(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  kind: DeviceReportKind,
  requestId: number,
): Promise<DeviceReportRequest | undefined> {
  const { Item } = await table.get({
    Key: keys.reportRequest(tenantId, chargePointId, REQUEST_KEY[kind], requestId),
    ConsistentRead: true,
  });
  return reportRequestEntity(tenantId, chargePointId).fromOptional(Item);
}

/** Report requests of one kind, newest requestId first (the CSMS hands them out in increasing order). */
export async function listReportRequests(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  kind: DeviceReportKind,
  page: PageRequest,
): Promise<Page<DeviceReportRequest>> {
  const found = await queryPage(table, {
    tenantId,
    partition: keys.deviceModelPk(tenantId, chargePointId),
    skPrefix: `${REQUEST_KEY[kind]}#`,
    forward: false,
    page,
  });
  const entity = reportRequestEntity(tenantId, chargePointId);
  return { items: found.items.map((item) => entity.fromItem(item)), nextCursor: found.nextCursor };
}

// --- monitors (NotifyMonitoringReport) ---

export interface ReportedMonitor {
  /** Unique per charger (OCPP VariableMonitoringType.id): the item's key. */
  readonly id: number;
  readonly component: DeviceComponentRef;
  readonly variable: DeviceVariableRef;
  readonly transaction: boolean;
  readonly value: number;
  /** UpperThreshold, LowerThreshold, Delta, Periodic, PeriodicClockAligned. */
  readonly type: string;
  readonly severity: number;
  readonly requestId: number;
  readonly reportedAt: string;
}

const reportedMonitorSchema: z.ZodType<ReportedMonitor> = z.object({
  id: z.number().int(),
  component: componentSchema,
  variable: variableRefSchema,
  transaction: z.boolean(),
  value: z.number(),
  type: z.string(),
  severity: z.number().int(),
  requestId: z.number().int(),
  reportedAt: z.string(),
});

const monitorEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'ReportedMonitor',
    schema: reportedMonitorSchema,
    key: (monitor) => keys.reportedMonitor(tenantId, chargePointId, monitor.id),
    // `type` names the kind of item in the table.
    renamed: { type: 'monitorType' },
  });

/** One item per monitor id, the latest report's word replacing the stored one; batch writes of 25. */
export async function storeReportedMonitors(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  monitors: readonly ReportedMonitor[],
): Promise<void> {
  const entity = monitorEntity(tenantId, chargePointId);
  // A monitor named twice in one part would be two writes of one key, which a batch refuses: the last counts.
  const byId = new Map(monitors.map((monitor) => [monitor.id, monitor]));
  await table.batchWrite(
    [...byId.values()].map((monitor) => ({ PutRequest: { Item: entity.toItem(monitor) } })),
  );
}

export async function listReportedMonitors(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  page: PageRequest,
): Promise<Page<ReportedMonitor>> {
  const found = await queryPage(table, {
    tenantId,
    partition: keys.deviceModelPk(tenantId, chargePointId),
    skPrefix: 'MON#',
    forward: true,
    page,
  });
  const entity = monitorEntity(tenantId, chargePointId);
  return { items: found.items.map((item) => entity.fromItem(item)), nextCursor: found.nextCursor };
}

// --- events (NotifyEvent) ---

export interface DeviceEvent {
  readonly eventId: number;
  /** When it happened, by the charger's clock, UTC ISO. */
  readonly timestamp: string;
  /** Alerting, Delta, Periodic. */
  readonly trigger: string;
  readonly cause?: number;
  readonly actualValue: string;
  readonly techCode?: string;
  readonly techInfo?: string;
  readonly cleared?: boolean;
  readonly transactionId?: string;
  readonly component: DeviceComponentRef;
  readonly variable: DeviceVariableRef;
  readonly variableMonitoringId?: number;
  /** HardWiredNotification, HardWiredMonitor, PreconfiguredMonitor, CustomMonitor. */
  readonly eventNotificationType: string;
  readonly generatedAt: string;
  readonly seqNo: number;
  readonly receivedAt: string;
}

/** Events are a log: kept long enough to investigate, not for ever (as firmware statuses). */
const EVENT_TTL_SECONDS = 90 * 24 * 3600;

const deviceEventSchema: z.ZodType<DeviceEvent> = z.object({
  eventId: z.number().int(),
  timestamp: z.string(),
  trigger: z.string(),
  cause: z.number().int().optional(),
  actualValue: z.string(),
  techCode: z.string().optional(),
  techInfo: z.string().optional(),
  cleared: z.boolean().optional(),
  transactionId: z.string().optional(),
  component: componentSchema,
  variable: variableRefSchema,
  variableMonitoringId: z.number().int().optional(),
  eventNotificationType: z.string(),
  generatedAt: z.string(),
  seqNo: z.number().int(),
  receivedAt: z.string(),
});

/** Keyed by time and event id: a part the charger sends again lands on the same items. */
const deviceEventEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'DeviceEvent',
    schema: deviceEventSchema,
    key: (event) => keys.deviceEvent(tenantId, chargePointId, event.timestamp, event.eventId),
    derived: () => ({ expiresAt: Math.floor(Date.now() / 1000) + EVENT_TTL_SECONDS }),
  });

export async function storeDeviceEvents(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  events: readonly DeviceEvent[],
): Promise<void> {
  const entity = deviceEventEntity(tenantId, chargePointId);
  const byKey = new Map(events.map((event) => [entity.key(event).sk, event]));
  await table.batchWrite(
    [...byKey.values()].map((event) => ({ PutRequest: { Item: entity.toItem(event) } })),
  );
}

/** Newest first, by the charger's timestamp. */
export async function listDeviceEvents(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  page: PageRequest,
): Promise<Page<DeviceEvent>> {
  const found = await queryPage(table, {
    tenantId,
    partition: keys.deviceEventsPk(tenantId, chargePointId),
    skPrefix: 'EVT#',
    forward: false,
    page,
  });
  const entity = deviceEventEntity(tenantId, chargePointId);
  return { items: found.items.map((item) => entity.fromItem(item)), nextCursor: found.nextCursor };
}

/** The device model repository: the functions above with the table given. */
export const createDeviceModelRepository = (table: TableClient) =>
  bindTable(table, {
    storeReportedVariables,
    listReportedVariables,
    pruneReportedVariables,
    nextReportRequestId,
    createReportRequest,
    recordReportAnswer,
    recordReportPart,
    getReportRequest,
    listReportRequests,
    storeReportedMonitors,
    listReportedMonitors,
    storeDeviceEvents,
    listDeviceEvents,
  });

export type DeviceModelRepository = ReturnType<typeof createDeviceModelRepository>;
