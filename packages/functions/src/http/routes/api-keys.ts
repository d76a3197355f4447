import type { Deps } from '@csms/app/deps';
import { apiKeyRoles, ConflictError, hashSecret, issueApiKey, NotFoundError } from '@csms/core';
import type { StoredApiKey } from '@csms/db';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, noContent, ok, type Route, route } from '../route.ts';
import { isoTimestamp, pageOf } from '../schemas.ts';

const apiKeyView = z
  .object({
    id: z.string(),
    prefix: z.string().describe('Visible start of the key, to recognise it'),
    role: z.enum(apiKeyRoles),
    name: z.string(),
    createdAt: isoTimestamp,
    revokedAt: isoTimestamp.nullable().describe('When the key stops (stopped) working'),
  })
  .meta({ id: 'ApiKey' });

const issuedKey = apiKeyView.extend({
  apiKey: z.string().describe('The secret key, shown only in this answer'),
});

const toView = (key: StoredApiKey): z.infer<typeof apiKeyView> => ({
  id: key.keyId,
  prefix: key.prefix,
  role: key.role,
  name: key.name,
  createdAt: key.createdAt,
  revokedAt: key.revokedAt ?? null,
});

const isActive = (key: StoredApiKey, at: string) => key.revokedAt === undefined || key.revokedAt > at;

async function issue(deps: Deps, tenantId: string, role: StoredApiKey['role'], name: string) {
  const key = issueApiKey(tenantId);
  const stored: StoredApiKey = {
    tenantId,
    keyId: key.keyId,
    prefix: key.prefix,
    role,
    name,
    secretHash: hashSecret(key.secret),
    createdAt: new Date().toISOString(),
  };
  await deps.tenants.putApiKey(stored);
  return { ...toView(stored), apiKey: key.apiKey };
}

async function activeKey(deps: Deps, tenantId: string, keyId: string) {
  const now = new Date().toISOString();
  const all = await deps.tenants.listApiKeys(tenantId);
  const key = all.find((k) => k.keyId === keyId && isActive(k, now));
  if (!key) throw new NotFoundError(`API key ${keyId}`);
  return { key, all, now };
}

export const apiKeyRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key',
    description: 'The secret is shown once in the answer and stored only as a hash.',
    tag: 'API keys',
    roles: ACCESS.admin,
    body: z.strictObject({ role: z.enum(apiKeyRoles), name: z.string().trim().min(1).max(100) }),
    responses: { 201: { description: 'Key created', schema: issuedKey } },
    handle: async ({ principal, body, deps }) =>
      created(await issue(deps, principal.tenantId, body.role, body.name)),
  }),
  route({
    method: 'GET',
    path: '/v1/api-keys',
    operationId: 'listApiKeys',
    summary: 'List API keys',
    tag: 'API keys',
    roles: ACCESS.admin,
    responses: { 200: { description: 'All keys of the tenant, newest first', schema: pageOf(apiKeyView) } },
    handle: async ({ principal, deps }) => {
      const keys = await deps.tenants.listApiKeys(principal.tenantId);
      const items = keys.map(toView).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return ok({ items, nextCursor: null });
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/api-keys/{id}',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    description:
      'Effective at once. The last active admin key cannot be revoked (the tenant would be locked out).',
    tag: 'API keys',
    roles: ACCESS.admin,
    responses: { 204: { description: 'Revoked' } },
    handle: async ({ principal, params, deps }) => {
      const { key, all, now } = await activeKey(deps, principal.tenantId, params.id);
      const otherAdmins = all.filter((k) => k.role === 'admin' && k.keyId !== key.keyId && isActive(k, now));
      if (key.role === 'admin' && otherAdmins.length === 0) {
        throw new ConflictError('This is the last active admin key; create another admin key first');
      }
      await deps.tenants.revokeApiKey(principal.tenantId, key.keyId, now);
      return noContent();
    },
  }),
  route({
    method: 'POST',
    path: '/v1/api-keys/{id}/rotate',
    operationId: 'rotateApiKey',
    summary: 'Rotate an API key',
    description:
      'Issues a new key with the same role and name; the old one keeps working for `gracePeriodSeconds` (default 0).',
    tag: 'API keys',
    roles: ACCESS.admin,
    body: z.strictObject({
      gracePeriodSeconds: z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 3600)
        .default(0),
    }),
    responses: { 201: { description: 'The new key', schema: issuedKey } },
    handle: async ({ principal, params, body, deps }) => {
      const { key } = await activeKey(deps, principal.tenantId, params.id);
      const fresh = await issue(deps, principal.tenantId, key.role, key.name);
      const until = new Date(Date.now() + body.gracePeriodSeconds * 1000).toISOString();
      await deps.tenants.revokeApiKey(principal.tenantId, key.keyId, until);
      return created(fresh);
    },
  }),
];
