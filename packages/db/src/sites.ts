import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Site, SitePatch } from '@csms/core';
import * as z from 'zod';
import { keys } from './keys.ts';
import { encodeCursor, type Page, type PageRequest } from './pagination.ts';
import { startKeyOf } from './start-key.ts';
import { storedAddressSchema } from './stored-address.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

export interface StoredSite extends Site {
  readonly tenantId: string;
  /** Charge points assigned to the site, kept exact by transactions (see `charge-points.ts`). */
  readonly chargePointCount: number;
}

const storedSiteSchema: z.ZodType<StoredSite> = z.object({
  tenantId: z.string(),
  id: z.string(),
  name: z.string(),
  address: storedAddressSchema,
  coordinates: z.object({ latitude: z.number(), longitude: z.number() }),
  timeZone: z.string(),
  openingHours: z
    .object({
      twentyFourSeven: z.boolean(),
      regularHours: z
        .array(z.object({ weekday: z.number(), periodBegin: z.string(), periodEnd: z.string() }))
        .optional(),
    })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Moved by `ADD` in `charge-points.ts`; absent reads as 0. */
  chargePointCount: z.number().default(0),
});

const siteEntity = defineEntity({
  type: 'Site',
  schema: storedSiteSchema,
  key: (site) => keys.site(site.tenantId, site.id),
});

const toSite = (item: Record<string, unknown>): StoredSite => siteEntity.fromItem(item);

/** Access pattern 11. */
export async function createSite(table: TableClient, site: StoredSite): Promise<void> {
  await table.put({
    Item: siteEntity.toItem(site),
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

/** Access pattern 12. */
export async function getSite(
  table: TableClient,
  tenantId: string,
  siteId: string,
): Promise<StoredSite | undefined> {
  const { Item } = await table.get({
    Key: keys.site(tenantId, siteId),
  });
  return siteEntity.fromOptional(Item);
}

/** Access pattern 13: in id order, one Query per page. */
export async function listSites(
  table: TableClient,
  tenantId: string,
  page: PageRequest,
): Promise<Page<StoredSite>> {
  const pk = keys.sitesPk(tenantId);
  const { Items = [], LastEvaluatedKey } = await table.query({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :site)',
    ExpressionAttributeValues: { ':pk': pk, ':site': 'SITE#' },
    Limit: page.limit,
    ExclusiveStartKey: startKeyOf(page.cursor, tenantId, {
      pk: (v) => v === pk,
      sk: (v) => v.startsWith('SITE#'),
    }),
  });
  return { items: Items.map(toSite), nextCursor: encodeCursor(LastEvaluatedKey) };
}

/** Access pattern 14: applies a validated PATCH; undefined when the site does not exist. */
export async function updateSite(
  table: TableClient,
  tenantId: string,
  siteId: string,
  patch: SitePatch,
  at: string,
): Promise<StoredSite | undefined> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':at': at };
  const set = ['updatedAt = :at'];
  const remove: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) {
      remove.push(`#${field}`);
    } else {
      values[`:${field}`] = value;
      set.push(`#${field} = :${field}`);
    }
  }
  try {
    const { Attributes } = await table.update({
      Key: keys.site(tenantId, siteId),
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(pk)',
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    });
    return Attributes ? toSite(Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/**
 * Access pattern 15: a site goes only while no charge point is assigned to it. The counter is checked in
 * the same conditional write, so a charge point assigned concurrently either lands first (and the delete is
 * refused) or finds the site gone (and its assignment is refused).
 */
export async function deleteSite(
  table: TableClient,
  tenantId: string,
  siteId: string,
): Promise<'deleted' | 'not-found' | 'in-use'> {
  try {
    await table.delete({
      Key: keys.site(tenantId, siteId),
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(chargePointCount) OR chargePointCount = :zero)',
      ExpressionAttributeValues: { ':zero': 0 },
    });
    return 'deleted';
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getSite(table, tenantId, siteId)) ? 'in-use' : 'not-found';
  }
}

/** The sites repository: the functions above with the table given. */
export const createSitesRepository = (table: TableClient) =>
  bindTable(table, { createSite, getSite, listSites, updateSite, deleteSite });

export type SitesRepository = ReturnType<typeof createSitesRepository>;
