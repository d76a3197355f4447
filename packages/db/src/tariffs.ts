import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TariffVersion } from '@csms/core';
import { gsi1, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { partitionItems } from './partition.ts';
import { queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
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

const strip = (item: Record<string, unknown>): Record<string, unknown> => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, ...rest } = item;
  return rest;
};
const toTariff = (item: Record<string, unknown>): StoredTariff => {
  const rest = strip(item);
  return { ...rest, assignmentCount: Number(rest.assignmentCount ?? 0) } as unknown as StoredTariff;
};
const toVersion = (item: Record<string, unknown>): StoredTariffVersion => {
  const { tenantId: _t, tariffId: _id, ...rest } = strip(item);
  return rest as unknown as StoredTariffVersion;
};

function creationItems(table: TableClient, tariff: StoredTariff, version: StoredTariffVersion) {
  return [
    {
      Put: {
        TableName: table.name,
        Item: {
          ...keys.tariff(tariff.tenantId, tariff.id),
          gsi1pk: gsi1.tariffsOfTenant(tariff.tenantId),
          gsi1sk: gsi1.tariffSortKey(tariff.createdAt, tariff.id),
          type: 'Tariff',
          ...tariff,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: table.name,
        Item: {
          ...keys.tariffVersion(tariff.tenantId, tariff.id, version.version),
          type: 'TariffVersion',
          tenantId: tariff.tenantId,
          tariffId: tariff.id,
          ...version,
        },
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
  const versions = items
    .filter((item) => item.type === 'TariffVersion')
    .map(toVersion)
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
              Item: {
                ...keys.tariffVersion(tenantId, tariffId, version.version),
                type: 'TariffVersion',
                tenantId,
                tariffId,
                ...version,
              },
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
