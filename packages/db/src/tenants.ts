import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRole, Tenant } from '@csms/core';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

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

/** Access pattern 3: the tenant and its first admin key appear together or not at all. */
export async function createTenantWithApiKey(tenant: Tenant, apiKey: StoredApiKey): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.tenant(tenant.id), type: 'Tenant', ...tenant },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.apiKey(apiKey.tenantId, apiKey.keyId), type: 'ApiKey', ...apiKey },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

/** Access pattern 1. */
export async function getTenant(tenantId: string): Promise<Tenant | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keys.tenant(tenantId) }));
  if (!Item) return undefined;
  const { id, name, email, country, currency, createdAt } = Item as Tenant;
  return { id, name, email, country, currency, createdAt };
}

/** Access pattern 2. */
export async function getApiKey(tenantId: string, keyId: string): Promise<StoredApiKey | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.apiKey(tenantId, keyId) }),
  );
  return Item as StoredApiKey | undefined;
}
