import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type TariffVersion, tariffDimensionSchema } from '@csms/core';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { partitionItems } from './partition.ts';
import { queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';
import { type AssignmentOutcome, changeAssignment, type TariffScope } from './tariff-assignments.ts';

export type TariffStatus = 'active' | 'archived';

/** A tariff's record; its prices live in versions (T3: a price change is a new version after notice). */
export interface StoredTariff {
  readonly tenantId: string;
  readonly id: string;
  readonly name: string;
  readonly status: TariffStatus;
  /** Number of the newest version (scheduled ones included). */
  readonly latestVersion: number;
  /** Scopes it is assigned to now, kept exact by the assignment transactions. */
  readonly assignmentCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly archivedAt?: string;
}

export interface StoredTariffVersion extends TariffVersion {
  readonly version: number;
  /** ISO instant from which sessions that start are priced by this version. */
  readonly effectiveFrom: string;
  readonly createdAt: string;
  /** True when it took effect before the notice period ended, allowed because every price decreased. */
  readonly noticeWaived: boolean;
}

export interface TariffRecord {
  readonly tariff: StoredTariff;
  /** Oldest first. */
  readonly versions: readonly StoredTariffVersion[];
}

const tariffSchema: z.ZodType<StoredTariff> = z.object({
  tenantId: z.string(),
  id: z.string(),
  name: z.string(),
  status: z.enum(['active', 'archived']),
  latestVersion: z.number(),
  /** Moved by `ADD` in `tariff-assignments.ts`; absent reads as 0. */
  assignmentCount: z.number().default(0),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().optional(),
});

const tariffEntity = defineEntity({
  type: 'Tariff',
  schema: tariffSchema,
  key: (tariff) => keys.tariff(tariff.tenantId, tariff.id),
  index: (tariff) => ({
    gsi1pk: gsi1.tariffsOfTenant(tariff.tenantId),
    gsi1sk: gsi1.tariffSortKey(tariff.createdAt, tariff.id),
  }),
});

const daysOfWeek = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

/**
 * A version as stored: the shape of `TariffVersion` without its input rules (`tariffVersionSchema` checked
 * them before the version was written), plus what storing it added.
 */
const storedVersionSchema: z.ZodType<StoredTariffVersion> = z.object({
  currency: z.string(),
  vatRate: z.string(),
  timeZone: z.string(),
  elements: z.array(
    z.object({
      priceComponents: z.array(
        z.object({ type: tariffDimensionSchema, price: z.string(), stepSize: z.number().optional() }),
      ),
      restrictions: z
        .object({
          startTime: z.string().optional(),
          endTime: z.string().optional(),
          startDate: z.string().optional(),
          endDate: z.string().optional(),
          minKwh: z.number().optional(),
          maxKwh: z.number().optional(),
          minCurrent: z.number().optional(),
          maxCurrent: z.number().optional(),
          minPower: z.number().optional(),
          maxPower: z.number().optional(),
          minDuration: z.number().optional(),
          maxDuration: z.number().optional(),
          dayOfWeek: z.array(z.enum(daysOfWeek)).optional(),
        })
        .optional(),
    }),
  ),
  idleFee: z
    .object({ pricePerMinute: z.string(), graceMinutes: z.number(), maxAmount: z.string().optional() })
    .optional(),
  minPrice: z.string().optional(),
  maxPrice: z.string().optional(),
  version: z.number(),
  effectiveFrom: z.string(),
  createdAt: z.string(),
  noticeWaived: z.boolean(),
});

/** A version item sits in its tariff's partition and names tenant and tariff beside the value. */
const tariffVersionEntity = (tenantId: string, tariffId: string) =>
  defineEntity({
    type: 'TariffVersion',
    schema: storedVersionSchema,
    key: (version) => keys.tariffVersion(tenantId, tariffId, version.version),
    derived: () => ({ tenantId, tariffId }),
  });

const toTariff = (item: Record<string, unknown>): StoredTariff => tariffEntity.fromItem(item);

function creationItems(table: TableClient, tariff: StoredTariff, version: StoredTariffVersion) {
  return [
    {
      Put: {
        TableName: table.name,
        Item: tariffEntity.toItem(tariff),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: table.name,
        Item: tariffVersionEntity(tariff.tenantId, tariff.id).toItem(version),
      },
    },
  ];
}

/**
 * Creates a tariff with its first version; with `asDefault` it becomes the tenant default in the same
 * transaction (the tariff is then written with `assignmentCount` 1).
 */
export async function createTariff(
  table: TableClient,
  tariff: StoredTariff,
  version: StoredTariffVersion,
  defaultScope?: TariffScope,
): Promise<AssignmentOutcome | 'created'> {
  if (!defaultScope) {
    await table.documents.send(
      new TransactWriteCommand({ TransactItems: creationItems(table, tariff, version) }),
    );
    return 'created';
  }
  const counted = { ...tariff, assignmentCount: 1 };
  return changeAssignment(
    table,
    tariff.tenantId,
    defaultScope,
    tariff.id,
    tariff.createdAt,
    creationItems(table, counted, version),
  );
}

/** The tariff with all its versions, in one Query of its partition. */
export async function getTariff(
  table: TableClient,
  tenantId: string,
  tariffId: string,
): Promise<TariffRecord | undefined> {
  const items = await partitionItems(table, keys.tariffPk(tenantId, tariffId), { consistent: true });
  const record = items.find((item) => item.sk === 'TARIFF');
  if (!record) return undefined;
  const versionEntity = tariffVersionEntity(tenantId, tariffId);
  const versions = items
    .filter((item) => item.type === 'TariffVersion')
    .map((item) => versionEntity.fromItem(item))
    .sort((a, b) => a.version - b.version);
  return { tariff: toTariff(record), versions };
}

/** Tariffs in creation order, optionally only active or archived ones. */
export async function listTariffs(
  table: TableClient,
  tenantId: string,
  page: PageRequest,
  status?: TariffStatus,
): Promise<Page<StoredTariff>> {
  const result = await queryPage(table, {
    tenantId,
    index: 'gsi1',
    partition: gsi1.tariffsOfTenant(tenantId),
    skPrefix: 'TAR#',
    forward: true,
    filters: { status },
    page,
  });
  return { items: result.items.map(toTariff), nextCursor: result.nextCursor };
}

export type VersionOutcome = 'added' | 'conflict' | 'archived' | 'not-found';

/**
 * Appends a version, provided the tariff is still active and its latest version is still the one the
 * caller validated against (the notice rule compares with it): a concurrent append makes this 'conflict'.
 */
export async function addTariffVersion(
  table: TableClient,
  tenantId: string,
  tariffId: string,
  version: StoredTariffVersion,
): Promise<VersionOutcome> {
  try {
    await table.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table.name,
              Key: keys.tariff(tenantId, tariffId),
              UpdateExpression: 'SET latestVersion = :v, updatedAt = :at',
              ConditionExpression: 'attribute_exists(pk) AND #status = :active AND latestVersion = :previous',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':v': version.version,
                ':at': version.createdAt,
                ':active': 'active',
                ':previous': version.version - 1,
              },
            },
          },
          {
            Put: {
              TableName: table.name,
              Item: tariffVersionEntity(tenantId, tariffId).toItem(version),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return 'added';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const current = await getTariff(table, tenantId, tariffId);
    if (!current) return 'not-found';
    return current.tariff.status === 'archived' ? 'archived' : 'conflict';
  }
}

export type ArchiveOutcome = 'archived' | 'not-found' | 'in-use';

/**
 * Archives a tariff that is assigned nowhere (checked in the same conditional write as the counter the
 * assignments keep). Archived tariffs keep their versions: sessions that started under them are still
 * priced by them. Archiving twice is fine.
 */
export async function archiveTariff(
  table: TableClient,
  tenantId: string,
  tariffId: string,
  at: string,
): Promise<ArchiveOutcome> {
  try {
    await table.update({
      Key: keys.tariff(tenantId, tariffId),
      UpdateExpression:
        'SET #status = :archived, archivedAt = if_not_exists(archivedAt, :at), updatedAt = :at',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(assignmentCount) OR assignmentCount <= :zero)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':archived': 'archived', ':at': at, ':zero': 0 },
    });
    return 'archived';
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getTariff(table, tenantId, tariffId)) ? 'in-use' : 'not-found';
  }
}

/** The tariffs repository: the functions above with the table given. */
export const createTariffsRepository = (table: TableClient) =>
  bindTable(table, { createTariff, getTariff, listTariffs, addTariffVersion, archiveTariff });

export type TariffsRepository = ReturnType<typeof createTariffsRepository>;
