import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { assignmentScopeKey, type TariffAssignment } from '@csms/core';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/** Where a tariff can be assigned: an assignment without its tariff. */
export type TariffScope = TariffAssignment extends infer A
  ? A extends TariffAssignment
    ? Omit<A, 'tariffId'>
    : never
  : never;

/** One change of a scope's tariff; `tariffId: null` means unassigned from then on. */
export interface AssignmentChange {
  readonly tariffId: string | null;
  readonly from: string;
}

/**
 * One scope's assignment. The history is kept because a session is priced by what was assigned when it
 * started (T3): reassigning a charge point tomorrow must not reprice today's sessions.
 */
export interface StoredTariffAssignment {
  readonly scopeKey: string;
  readonly scope: TariffScope;
  /** The tariff assigned now; absent once unassigned (the item stays for its history). */
  readonly tariffId?: string;
  readonly history: readonly AssignmentChange[];
  readonly updatedAt: string;
  readonly revision: number;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type AssignmentOutcome = 'changed' | 'unchanged' | 'tariff-unusable';

export const scopeKeyOf = (scope: TariffScope): string =>
  assignmentScopeKey({ ...scope, tariffId: '' } as TariffAssignment);

const toAssignment = (item: Record<string, unknown>): StoredTariffAssignment => ({
  scopeKey: item.sk as string,
  scope: item.scope as TariffScope,
  ...(typeof item.tariffId === 'string' ? { tariffId: item.tariffId } : {}),
  history: (item.history ?? []) as AssignmentChange[],
  updatedAt: item.updatedAt as string,
  revision: Number(item.revision ?? 0),
});

export async function getAssignment(
  table: TableClient,
  tenantId: string,
  scope: TariffScope,
): Promise<StoredTariffAssignment | undefined> {
  const { Item } = await table.get({
    Key: keys.tariffAssignment(tenantId, scopeKeyOf(scope)),
    ConsistentRead: true,
  });
  return Item ? toAssignment(Item) : undefined;
}

/**
 * Assigns `tariffId` to a scope (null unassigns), appending to the scope's history. The tariffs' own
 * `assignmentCount` moves in the same transaction — the new one must exist and be active, which is also
 * how archiving can refuse a tariff still in use without scanning the assignments. `creating` carries the
 * items of a tariff created in the same transaction (already counted: an item cannot be written twice in
 * one transaction). A concurrent change of the same scope makes the write retry on a fresh read.
 */
export async function changeAssignment(
  table: TableClient,
  tenantId: string,
  scope: TariffScope,
  tariffId: string | null,
  at: string,
  creating: readonly TransactItem[] = [],
): Promise<AssignmentOutcome> {
  const key = keys.tariffAssignment(tenantId, scopeKeyOf(scope));
  for (let attempt = 0; ; attempt++) {
    const current = await getAssignment(table, tenantId, scope);
    const previous = current?.tariffId ?? null;
    if (previous === tariffId && creating.length === 0) return 'unchanged';
    const revision = current?.revision ?? 0;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: table.name,
          Item: {
            ...key,
            type: 'TariffAssignment',
            scope,
            ...(tariffId === null ? {} : { tariffId }),
            state: tariffId === null ? 'unassigned' : 'assigned',
            history: [...(current?.history ?? []), { tariffId, from: at }],
            updatedAt: at,
            revision: revision + 1,
          },
          ConditionExpression: current ? 'revision = :r' : 'attribute_not_exists(pk)',
          ...(current ? { ExpressionAttributeValues: { ':r': revision } } : {}),
        },
      },
      ...creating,
    ];
    if (tariffId !== null && creating.length === 0) items.push(countOn(table, tenantId, tariffId, +1, true));
    if (previous !== null && previous !== tariffId) items.push(countOn(table, tenantId, previous, -1, false));
    try {
      await table.documents.send(new TransactWriteCommand({ TransactItems: items }));
      return 'changed';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      // Item 0 is the assignment (a concurrent change: read again); the new tariff's count is item 1.
      if (reasons[0]?.Code === 'ConditionalCheckFailed' && attempt < 4) continue;
      if (creating.length === 0 && tariffId !== null && reasons[1]?.Code === 'ConditionalCheckFailed') {
        return 'tariff-unusable';
      }
      throw error;
    }
  }
}

function countOn(
  table: TableClient,
  tenantId: string,
  tariffId: string,
  delta: number,
  mustBeActive: boolean,
): TransactItem {
  return {
    Update: {
      TableName: table.name,
      Key: keys.tariff(tenantId, tariffId),
      UpdateExpression: 'ADD assignmentCount :d',
      ConditionExpression: mustBeActive
        ? 'attribute_exists(pk) AND #status = :active'
        : 'attribute_exists(pk)',
      ...(mustBeActive ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
      ExpressionAttributeValues: { ':d': delta, ...(mustBeActive ? { ':active': 'active' } : {}) },
    },
  };
}

/** The assignments of the given scopes that exist (assigned now or in the past), in one BatchGetItem. */
export async function assignmentsOfScopes(
  table: TableClient,
  tenantId: string,
  scopes: readonly TariffScope[],
): Promise<StoredTariffAssignment[]> {
  const wanted = [...new Set(scopes.map(scopeKeyOf))].map((sk) => ({
    ...keys.tariffAssignment(tenantId, sk),
  }));
  const found: StoredTariffAssignment[] = [];
  // At most 12 scopes (6 levels × AC/DC-qualified or not), well under BatchGetItem's 100 keys.
  let pending: Record<string, unknown>[] = wanted;
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    const { Responses, UnprocessedKeys } = await table.documents.send(
      new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }),
    );
    found.push(...(Responses?.[table.name] ?? []).map(toAssignment));
    pending = (UnprocessedKeys?.[table.name]?.Keys ?? []) as Record<string, unknown>[];
  }
  return found;
}

/** The scopes that have a tariff now, in scope-key order. */
export async function listAssignments(
  table: TableClient,
  tenantId: string,
  page: PageRequest,
): Promise<Page<StoredTariffAssignment>> {
  const result = await queryPage(table, {
    tenantId,
    partition: keys.tariffAssignmentsPk(tenantId),
    forward: true,
    filters: { state: 'assigned' },
    page,
  });
  return { items: result.items.map(toAssignment), nextCursor: result.nextCursor };
}

/** The tariff assignments repository: the functions above with the table given. */
export const createTariffAssignmentsRepository = (table: TableClient) =>
  bindTable(table, { getAssignment, changeAssignment, assignmentsOfScopes, listAssignments });

export type TariffAssignmentsRepository = ReturnType<typeof createTariffAssignmentsRepository>;
