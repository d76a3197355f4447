import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type ApiKeyRole, apiKeyRoles, type Tenant, type TenantSettings } from '@csms/core';
import * as z from 'zod';
import { gsi1, keys } from './keys.ts';
import { storedAddressSchema } from './stored-address.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

export interface StoredApiKey {
  readonly tenantId: string;
  readonly keyId: string;
  readonly prefix: string;
  readonly role: ApiKeyRole;
  readonly name: string;
  readonly secretHash: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

/** `revokeApiKey` sets `revokedAt`. */
const apiKeySchema: z.ZodType<StoredApiKey> = z.object({
  tenantId: z.string(),
  keyId: z.string(),
  prefix: z.string(),
  role: z.enum(apiKeyRoles),
  name: z.string(),
  secretHash: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});

const apiKeyEntity = defineEntity({
  type: 'ApiKey',
  schema: apiKeySchema,
  key: (apiKey) => keys.apiKey(apiKey.tenantId, apiKey.keyId),
});

/**
 * Settings as stored: the shape of `TenantSettings`, without the input rules (`tenantSettingsSchema` checks
 * them before `saveTenantSettings`).
 */
const storedSettingsSchema: z.ZodType<TenantSettings> = z.object({
  legalName: z.string().optional(),
  address: storedAddressSchema.optional(),
  vatId: z.string().optional(),
  defaultVatRate: z.string(),
  heartbeatIntervalSeconds: z.number(),
  priceChangeNoticeDays: z.number(),
  invoiceDueDays: z.number(),
  liveCostUpdates: z.boolean().optional(),
  payments: z.object({
    cardAuthorizationAmount: z.number(),
    platformFeeBasisPoints: z.number(),
  }),
});

/**
 * The tenant item: written whole at signup; then `settings` (`saveTenantSettings`), `payoutAccount`
 * (`recordPayoutAccount`), `emailVerifiedAt` with `emailVerification` removed (`markTenantEmailVerified`).
 */
const tenantSchema: z.ZodType<StoredTenant> = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  country: z.string(),
  currency: z.string(),
  createdAt: z.string(),
  emailVerifiedAt: z.string().optional(),
  settings: storedSettingsSchema,
  emailVerification: z.object({ tokenHash: z.string(), expiresAt: z.string() }).optional(),
  payoutAccount: z
    .object({ provider: z.literal('stripe'), accountId: z.string(), createdAt: z.string() })
    .optional(),
});

const tenantEntity = defineEntity({
  type: 'Tenant',
  schema: tenantSchema,
  key: (tenant) => keys.tenant(tenant.id),
  // The scheduler's way to every tenant (monthly close, overdue invoices): a platform-level index.
  index: (tenant) => ({ gsi1pk: gsi1.allTenants, gsi1sk: tenant.id }),
});

/** Access pattern 3: the tenant and its first admin key appear together or not at all. */
export async function createTenantWithApiKey(
  table: TableClient,
  tenant: StoredTenant,
  apiKey: StoredApiKey,
): Promise<void> {
  await table.documents.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table.name,
            Item: tenantEntity.toItem(tenant),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: table.name,
            Item: apiKeyEntity.toItem(apiKey),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

/** Access pattern 1. */
export async function getTenant(table: TableClient, tenantId: string): Promise<StoredTenant | undefined> {
  const { Item } = await table.get({
    Key: keys.tenant(tenantId),
  });
  return tenantEntity.fromOptional(Item);
}

/** A tenant as stored: the public record plus the pending e-mail verification, if any. */
export interface StoredTenant extends Tenant {
  readonly emailVerification?: { readonly tokenHash: string; readonly expiresAt: string };
  /** The tenant's Stripe Connect account, created once at payout onboarding. */
  readonly payoutAccount?: {
    readonly provider: 'stripe';
    readonly accountId: string;
    readonly createdAt: string;
  };
}

/**
 * Records the tenant's payout account unless one is already recorded; returns the one that is recorded, so
 * two concurrent onboarding requests end up with the same account.
 */
export async function recordPayoutAccount(
  table: TableClient,
  tenantId: string,
  account: NonNullable<StoredTenant['payoutAccount']>,
): Promise<NonNullable<StoredTenant['payoutAccount']>> {
  try {
    await table.update({
      Key: keys.tenant(tenantId),
      UpdateExpression: 'SET payoutAccount = :a',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(payoutAccount)',
      ExpressionAttributeValues: { ':a': account },
    });
    return account;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const tenant = await getTenant(table, tenantId);
    if (!tenant?.payoutAccount) throw error;
    return tenant.payoutAccount;
  }
}

/** Access pattern 1 (write): settings are replaced whole, after the caller merged and validated them. */
export async function saveTenantSettings(
  table: TableClient,
  tenantId: string,
  settings: TenantSettings,
): Promise<void> {
  await table.update({
    Key: keys.tenant(tenantId),
    UpdateExpression: 'SET settings = :s',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':s': settings },
  });
}

export async function markTenantEmailVerified(
  table: TableClient,
  tenantId: string,
  at: string,
): Promise<void> {
  await table.update({
    Key: keys.tenant(tenantId),
    UpdateExpression: 'SET emailVerifiedAt = :at REMOVE emailVerification',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':at': at },
  });
}

/** Access pattern 10: a tenant's API keys (listing, "is this the last admin key"). */
export async function listApiKeys(table: TableClient, tenantId: string): Promise<StoredApiKey[]> {
  const { Items = [] } = await table.query({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.tenant(tenantId).pk, ':prefix': 'APIKEY#' },
  });
  return Items.map((item) => apiKeyEntity.fromItem(item));
}

export async function putApiKey(table: TableClient, apiKey: StoredApiKey): Promise<void> {
  await table.put({
    Item: apiKeyEntity.toItem(apiKey),
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

/** Revokes at `at` (now, or later for a rotation's grace period); an earlier revocation is kept. */
export async function revokeApiKey(
  table: TableClient,
  tenantId: string,
  keyId: string,
  at: string,
): Promise<void> {
  await table.update({
    Key: keys.apiKey(tenantId, keyId),
    UpdateExpression: 'SET revokedAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(revokedAt) OR revokedAt > :at)',
    ExpressionAttributeValues: { ':at': at },
  });
}

/** Access pattern 2. */
export async function getApiKey(
  table: TableClient,
  tenantId: string,
  keyId: string,
): Promise<StoredApiKey | undefined> {
  const { Item } = await table.get({
    Key: keys.apiKey(tenantId, keyId),
  });
  return apiKeyEntity.fromOptional(Item);
}

/** Every tenant id, for platform jobs (the scheduler). Reads the platform index page by page. */
export async function allTenantIds(table: TableClient): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.query({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1.allTenants },
      ProjectionExpression: 'gsi1sk',
      ExclusiveStartKey: start,
    });
    for (const item of page.Items ?? []) ids.push(item.gsi1sk as string);
    start = page.LastEvaluatedKey;
  } while (start);
  return ids;
}

/** The tenants repository: the functions above with the table given. */
export const createTenantsRepository = (table: TableClient) =>
  bindTable(table, {
    createTenantWithApiKey,
    getTenant,
    recordPayoutAccount,
    saveTenantSettings,
    markTenantEmailVerified,
    listApiKeys,
    putApiKey,
    revokeApiKey,
    getApiKey,
    allTenantIds,
  });

export type TenantsRepository = ReturnType<typeof createTenantsRepository>;
