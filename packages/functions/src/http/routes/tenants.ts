import { hashSecret, issueApiKey, newId, type Tenant, tenantSignupSchema } from '@csms/core';
import { createTenantWithApiKey } from '@csms/db';
import { jsonBody, parseWith } from '../request.ts';
import { json, type Route } from '../router.ts';

/** Public signup: creates the tenant with its first admin API key, shown this once and stored hashed. */
export const tenantRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/tenants',
    public: true,
    handle: async ({ event }) => {
      const signup = parseWith(tenantSignupSchema, jsonBody(event));
      const tenant: Tenant = { id: newId('t'), ...signup, createdAt: new Date().toISOString() };
      const key = issueApiKey(tenant.id);
      await createTenantWithApiKey(tenant, {
        tenantId: tenant.id,
        keyId: key.keyId,
        prefix: key.prefix,
        role: 'admin',
        name: 'Signup key',
        secretHash: hashSecret(key.secret),
        createdAt: tenant.createdAt,
      });
      return json(201, { tenant, apiKey: key.apiKey });
    },
  },
];
