import { type IssuedApiKey, issueApiKey } from '@csms/app/tenancy/issue-api-key';
import { listApiKeys } from '@csms/app/tenancy/list-api-keys';
import { revokeApiKey } from '@csms/app/tenancy/revoke-api-key';
import { rotateApiKey } from '@csms/app/tenancy/rotate-api-key';
import { apiKeyRoles } from '@csms/core';
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

const toIssuedView = (issued: IssuedApiKey): z.infer<typeof issuedKey> => ({
  ...toView(issued.key),
  apiKey: issued.apiKey,
});

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
      created(toIssuedView(await issueApiKey(deps, principal.tenantId, body))),
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
      const keys = await listApiKeys(deps, principal.tenantId);
      return ok({ items: keys.map(toView), nextCursor: null });
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
      await revokeApiKey(deps, principal.tenantId, params.id);
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
      const fresh = await rotateApiKey(deps, principal.tenantId, params.id, body);
      return created(toIssuedView(fresh));
    },
  }),
];
