import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * What an OCPP 2.0.1 charger tells the CSMS about charging it does not control itself: limits set by an
 * external system (an EMS, the grid operator), and an EV's charging needs and the schedule it chose
 * (ISO 15118). The latest report per EVSE (and limit source) is kept, for the operator; nothing is computed
 * from them yet. EVSE 0 is the charger as a whole.
 */
export interface ExternalChargingLimit {
  readonly evseId: number;
  /** Who set it: `EMS`, `Other`, `SO` (system operator), `CSO`. */
  readonly source: string;
  readonly isGridCritical?: boolean;
  /** The schedules the limit imposes, as the charger sent them (OCPP 2.0.1 ChargingScheduleType). */
  readonly chargingSchedules?: readonly Record<string, unknown>[];
  readonly reportedAt: string;
  /** Set by ClearedChargingLimit; a later NotifyChargingLimit of the same source puts it back in force. */
  readonly clearedAt?: string;
}

export interface EvChargingNeeds {
  readonly evseId: number;
  /** OCPP 2.0.1 ChargingNeedsType as sent: energy transfer mode, departure time, AC/DC parameters. */
  readonly chargingNeeds: Record<string, unknown>;
  readonly maxScheduleTuples?: number;
  /** What the CSMS answered, so the operator sees why no schedule followed. */
  readonly answer: 'Accepted' | 'Rejected' | 'Processing';
  readonly receivedAt: string;
}

export interface EvChargingSchedule {
  readonly evseId: number;
  readonly timeBase: string;
  /** OCPP 2.0.1 ChargingScheduleType as sent. */
  readonly chargingSchedule: Record<string, unknown>;
  readonly receivedAt: string;
}

export interface ChargingReports {
  readonly limits: ExternalChargingLimit[];
  readonly needs: EvChargingNeeds[];
  readonly schedules: EvChargingSchedule[];
}

/** Needs and schedules belong to one EV's visit; a limit stays until it is replaced or cleared. */
const EV_REPORT_TTL_SECONDS = 90 * 24 * 3600;
const expiresIn = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

const json = z.record(z.string(), z.unknown());

const limitSchema: z.ZodType<ExternalChargingLimit> = z.object({
  evseId: z.number().int(),
  source: z.string(),
  isGridCritical: z.boolean().optional(),
  chargingSchedules: z.array(json).optional(),
  reportedAt: z.string(),
  clearedAt: z.string().optional(),
});

const needsSchema: z.ZodType<EvChargingNeeds> = z.object({
  evseId: z.number().int(),
  chargingNeeds: json,
  maxScheduleTuples: z.number().int().optional(),
  answer: z.enum(['Accepted', 'Rejected', 'Processing']),
  receivedAt: z.string(),
});

const scheduleSchema: z.ZodType<EvChargingSchedule> = z.object({
  evseId: z.number().int(),
  timeBase: z.string(),
  chargingSchedule: json,
  receivedAt: z.string(),
});

const limitEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'ExternalChargingLimit',
    schema: limitSchema,
    key: (limit) => keys.externalChargingLimit(tenantId, chargePointId, limit.evseId, limit.source),
  });

const needsEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'EvChargingNeeds',
    schema: needsSchema,
    key: (needs) => keys.evChargingNeeds(tenantId, chargePointId, needs.evseId),
    derived: () => ({ expiresAt: expiresIn(EV_REPORT_TTL_SECONDS) }),
  });

const scheduleEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'EvChargingSchedule',
    schema: scheduleSchema,
    key: (schedule) => keys.evChargingSchedule(tenantId, chargePointId, schedule.evseId),
    derived: () => ({ expiresAt: expiresIn(EV_REPORT_TTL_SECONDS) }),
  });

/** NotifyChargingLimit: the limit of that source on that EVSE, replacing the previous one (and its clearing). */
export async function recordExternalChargingLimit(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  limit: ExternalChargingLimit,
): Promise<void> {
  await table.put({ Item: limitEntity(tenantId, chargePointId).toItem(limit) });
}

/** ClearedChargingLimit: marks the limit cleared; false when no limit of that source was known there. */
export async function clearExternalChargingLimit(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  evseId: number,
  source: string,
  at: string,
): Promise<boolean> {
  try {
    await table.update({
      Key: keys.externalChargingLimit(tenantId, chargePointId, evseId, source),
      UpdateExpression: 'SET clearedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** NotifyEVChargingNeeds: the latest needs of the EV on that EVSE. */
export async function recordEvChargingNeeds(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  needs: EvChargingNeeds,
): Promise<void> {
  await table.put({ Item: needsEntity(tenantId, chargePointId).toItem(needs) });
}

/** NotifyEVChargingSchedule: the latest schedule the EV on that EVSE chose. */
export async function recordEvChargingSchedule(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  schedule: EvChargingSchedule,
): Promise<void> {
  await table.put({ Item: scheduleEntity(tenantId, chargePointId).toItem(schedule) });
}

/** Everything of the partition (a few items per EVSE); the sort keys put each kind in EVSE order. */
export async function chargingReports(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<ChargingReports> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.chargingReportsPk(tenantId, chargePointId) },
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    });
    items.push(...Items);
    startKey = LastEvaluatedKey;
  } while (startKey);
  const limit = limitEntity(tenantId, chargePointId);
  const needs = needsEntity(tenantId, chargePointId);
  const schedule = scheduleEntity(tenantId, chargePointId);
  return {
    limits: items.filter((item) => item.type === limit.type).map((item) => limit.fromItem(item)),
    needs: items.filter((item) => item.type === needs.type).map((item) => needs.fromItem(item)),
    schedules: items.filter((item) => item.type === schedule.type).map((item) => schedule.fromItem(item)),
  };
}

/** The charging reports repository: the functions above with the table given. */
export const createChargingReportsRepository = (table: TableClient) =>
  bindTable(table, {
    recordExternalChargingLimit,
    clearExternalChargingLimit,
    recordEvChargingNeeds,
    recordEvChargingSchedule,
    chargingReports,
  });

export type ChargingReportsRepository = ReturnType<typeof createChargingReportsRepository>;
