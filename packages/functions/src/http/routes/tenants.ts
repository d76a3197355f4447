import { getTenant } from '@csms/app/tenancy/get-tenant';
import { signUpTenant } from '@csms/app/tenancy/sign-up-tenant';
import { updateTenantSettings } from '@csms/app/tenancy/update-tenant-settings';
import { verifyTenantEmail } from '@csms/app/tenancy/verify-tenant-email';
import { tenantSettingsPatchSchema, tenantSettingsSchema, tenantSignupSchema } from '@csms/core';
import type { StoredTenant } from '@csms/db';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, publicRoute, type Route, route } from '../route.ts';
import { isoTimestamp } from '../schemas.ts';

const tenantView = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    country: z.string(),
    currency: z.string(),
    createdAt: isoTimestamp,
    emailVerified: z.boolean(),
    settings: tenantSettingsSchema,
  })
  .meta({ id: 'Tenant' });

function toView(tenant: StoredTenant): z.infer<typeof tenantView> {
  const { id, name, email, country, currency, createdAt, settings } = tenant;
  return {
    id,
    name,
    email,
    country,
    currency,
    createdAt,
    emailVerified: Boolean(tenant.emailVerifiedAt),
    settings,
  };
}

export const tenantRoutes: Route[] = [
  publicRoute({
    method: 'POST',
    path: '/v1/tenants',
    operationId: 'signUp',
    summary: 'Sign up as a new tenant',
    description:
      'Creates the tenant and its first admin API key (shown once) and sends an e-mail to verify the address.',
    tag: 'Tenant',
    roles: 'public',
    body: tenantSignupSchema,
    responses: {
      201: {
        description: 'Tenant created',
        schema: z.object({ tenant: tenantView, apiKey: z.string().describe('Shown once; store it safely') }),
      },
    },
    handle: async ({ body, event, deps }) => {
      const { tenant, apiKey } = await signUpTenant(deps, {
        signup: body,
        clientAddress: event.requestContext.http.sourceIp,
      });
      return created({ tenant: toView(tenant), apiKey });
    },
  }),
  publicRoute({
    method: 'POST',
    path: '/v1/tenants/verify-email',
    operationId: 'verifyTenantEmail',
    summary: 'Confirm the e-mail address given at signup',
    tag: 'Tenant',
    roles: 'public',
    body: z.strictObject({ tenantId: z.string().min(1).max(64), token: z.string().min(1).max(200) }),
    responses: {
      200: { description: 'Address verified', schema: z.object({ emailVerified: z.literal(true) }) },
    },
    handle: async ({ body, deps }) => {
      await verifyTenantEmail(deps, body);
      return ok({ emailVerified: true });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/tenant',
    operationId: 'getTenant',
    summary: 'Read your tenant and its settings',
    tag: 'Tenant',
    roles: ACCESS.read,
    responses: { 200: { description: 'The tenant', schema: tenantView } },
    handle: async ({ principal, deps }) => {
      return ok(toView(await getTenant(deps, principal.tenantId)));
    },
  }),
  route({
    method: 'PATCH',
    path: '/v1/tenant/settings',
    operationId: 'updateTenantSettings',
    summary: 'Change tenant settings',
    description: 'Any subset of the settings; nested objects (address, payments) are replaced whole.',
    tag: 'Tenant',
    roles: ACCESS.admin,
    body: tenantSettingsPatchSchema,
    responses: { 200: { description: 'Settings after the change', schema: tenantSettingsSchema } },
    handle: async ({ principal, body, deps }) => {
      return ok(await updateTenantSettings(deps, principal.tenantId, body));
    },
  }),
];
