import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ConflictError, type IdToken, idTokenStatuses, idTokenTypes, normalizeIdTag } from '@csms/core';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryAll, queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

const idTokenSchema: z.ZodType<IdToken> = z.object({
  idTag: z.string(),
  type: z.enum(idTokenTypes),
  customerId: z.string(),
  driverId: z.string().optional(),
  groupIdTag: z.string().optional(),
  vehicle: z.object({ label: z.string(), optIn: z.literal(true), optInAt: z.string() }).optional(),
  status: z.enum(idTokenStatuses),
  statusReason: z.string().optional(),
  expiresAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** `type` names the kind of item in the whole table, so the token's own type is stored as `tokenType`. */
const idTokenEntity = (tenantId: string) =>
  defineEntity({
    type: 'IdToken',
    schema: idTokenSchema,
    key: (token) => keys.idToken(tenantId, normalizeIdTag(token.idTag)),
    index: (token) => ({
      gsi1pk: gsi1.idTokensOfTenant(tenantId),
      gsi1sk: gsi1.idTokenSortKey(token.customerId, normalizeIdTag(token.idTag)),
    }),
    renamed: { type: 'tokenType' },
  });

const toItem = (tenantId: string, token: IdToken) => idTokenEntity(tenantId).toItem(token);

const toToken = (tenantId: string) => (item: Record<string, unknown>) =>
  idTokenEntity(tenantId).fromItem(item);

/**
 * Access pattern 32. The key is the normalized idTag, so `abc` and `ABC` collide: returns false when the
 * token exists in the tenant, in any spelling.
 */
export async function createIdToken(table: TableClient, tenantId: string, token: IdToken): Promise<boolean> {
  try {
    await table.put({
      Item: toItem(tenantId, token),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Access pattern 33: the OCPP Authorize lookup, one GetItem by idTag in any spelling. */
export async function getIdToken(
  table: TableClient,
  tenantId: string,
  idTag: string,
): Promise<IdToken | undefined> {
  const { Item } = await table.get({
    Key: keys.idToken(tenantId, normalizeIdTag(idTag)),
  });
  return idTokenEntity(tenantId).fromOptional(Item);
}

/**
 * Access pattern 34: read, apply a pure change, write back only if the token is still as read (`updatedAt`
 * moves on every change), else read again: two concurrent changes never silently undo each other. `change`
 * may throw domain errors and returns the token unchanged when there is nothing to write. Undefined when the
 * token does not exist.
 */
export async function updateIdToken(
  table: TableClient,
  tenantId: string,
  idTag: string,
  change: (current: IdToken) => IdToken,
): Promise<IdToken | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await getIdToken(table, tenantId, idTag);
    if (!current) return undefined;
    const next = change(current);
    if (next === current) return current;
    try {
      await table.put({
        Item: toItem(tenantId, next),
        ConditionExpression: 'updatedAt = :previous',
        ExpressionAttributeValues: { ':previous': current.updatedAt },
      });
      return next;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  throw new ConflictError(`ID token ${idTag} is being changed concurrently; retry`);
}

/** Access pattern 35: all tokens of the tenant (by customer, then idTag), or of one customer. */
export async function listIdTokens(
  table: TableClient,
  tenantId: string,
  customerId: string | undefined,
  page: PageRequest,
): Promise<Page<IdToken>> {
  const result = await queryPage(table, {
    tenantId,
    index: 'gsi1',
    partition: gsi1.idTokensOfTenant(tenantId),
    skPrefix: customerId === undefined ? 'CUS#' : gsi1.idTokensOfCustomerPrefix(customerId),
    forward: true,
    page,
  });
  return { items: result.items.map(toToken(tenantId)), nextCursor: result.nextCursor };
}

export async function listAllIdTokensOfCustomer(
  table: TableClient,
  tenantId: string,
  customerId: string,
): Promise<IdToken[]> {
  const items = await queryAll(table, {
    tenantId,
    index: 'gsi1',
    partition: gsi1.idTokensOfTenant(tenantId),
    skPrefix: gsi1.idTokensOfCustomerPrefix(customerId),
  });
  return items.map(toToken(tenantId));
}

/** The id tokens repository: the functions above with the table given. */
export const createIdTokensRepository = (table: TableClient) =>
  bindTable(table, { createIdToken, getIdToken, updateIdToken, listIdTokens, listAllIdTokensOfCustomer });

export type IdTokensRepository = ReturnType<typeof createIdTokensRepository>;
