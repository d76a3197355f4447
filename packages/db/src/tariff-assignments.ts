import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { assignmentScopeKey, type TariffAssignment, tariffCurrentTypeSchema } from '@csms/core';
import * as z from 'zod';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
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

export const scopeKeyOf = (scope: TariffScope): string => assignmentScopeKey({ ...scope, tariffId: '' });

const currentType = { currentType: tariffCurrentTypeSchema.optional() };

/** A scope as stored: the shape of `TariffAssignment` without its tariff and input rules. */
const scopeSchema: z.ZodType<TariffScope> = z.discriminatedUnion('level', [
  z.object({ level: z.literal('customer'), customerId: z.string(), ...currentType }),
  z.object({ level: z.literal('customerGroup'), customerGroupId: z.string(), ...currentType }),
  z.object({
    level: z.literal('connector'),
    chargePointId: z.string(),
    connectorId: z.number(),
    ...currentType,
  }),
  z.object({ level: z.literal('chargePoint'), chargePointId: z.string(), ...currentType }),
  z.object({ level: z.literal('site'), siteId: z.string(), ...currentType }),
  z.object({ level: z.literal('tenant'), ...currentType }),
]);

/** The assignment item's value: the scope key is its sort key, so it is not stored a second time. */
type AssignmentValue = Omit<StoredTariffAssignment, 'scopeKey'>;

const assignmentSchema: z.ZodType<AssignmentValue> = z.object({
  scope: scopeSchema,
  tariffId: z.string().optional(),
  history: z.array(z.object({ tariffId: z.string().nullable(), from: z.string() })).default([]),
  updatedAt: z.string(),
  revision: z.number().default(0),
});

/** `state` serves the listing's filter (assigned now or not); it follows from `tariffId`. */
const assignmentEntity = (tenantId: string) =>
  defineEntity({
    type: 'TariffAssignment',
    schema: assignmentSchema,
    key: (assignment) => keys.tariffAssignment(tenantId, scopeKeyOf(assignment.scope)),
    derived: (assignment) => ({ state: assignment.tariffId === undefined ? 'unassigned' : 'assigned' }),
  });

const toAssignment =
  (tenantId: string) =>
  (item: Record<string, unknown>): StoredTariffAssignment => {
    const value = assignmentEntity(tenantId).fromItem(item);
    return { scopeKey: scopeKeyOf(value.scope), ...value };
  };

export async function getAssignment(
  table: TableClient,
  tenantId: string,
  scope: TariffScope,
): Promise<StoredTariffAssignment | undefined> {
  const { Item } = await table.get({
    Key: keys.tariffAssignment(tenantId, scopeKeyOf(scope)),
    ConsistentRead: true,
  });
  return Item ? toAssignment(tenantId)(Item) : undefined;
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
  for (let attempt = 0; ; attempt++) {
    const current = await getAssignment(table, tenantId, scope);
    const previous = current?.tariffId ?? null;
    if (previous === tariffId && creating.length === 0) return 'unchanged';
    const revision = current?.revision ?? 0;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: table.name,
          Item: assignmentEntity(tenantId).toItem({
            scope,
            ...(tariffId === null ? {} : { tariffId }),
            history: [...(current?.history ?? []), { tariffId, from: at }],
            updatedAt: at,
            revision: revision + 1,
          }),
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
  const wanted = [...new Set(scopes.map(scopeKeyOf))].map((sk) => keys.tariffAssignment(tenantId, sk));
  // At most 12 scopes (6 levels × AC/DC-qualified or not), well under BatchGetItem's 100 keys.
  const items = await table.batchGet(wanted, { consistent: true });
  return items.map(toAssignment(tenantId));
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
  return { items: result.items.map(toAssignment(tenantId)), nextCursor: result.nextCursor };
}

/** The tariff assignments repository: the functions above with the table given. */
export const createTariffAssignmentsRepository = (table: TableClient) =>
  bindTable(table, { getAssignment, changeAssignment, assignmentsOfScopes, listAssignments });

export type TariffAssignmentsRepository = ReturnType<typeof createTariffAssignmentsRepository>;
