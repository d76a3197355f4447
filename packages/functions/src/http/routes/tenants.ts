import { createHash } from 'node:crypto';
import {
  defaultTenantSettings,
  generateSecret,
  hashSecret,
  issueApiKey,
  NotFoundError,
  newId,
  RateLimitedError,
  tenantSettingsPatchSchema,
  tenantSettingsSchema,
  tenantSignupSchema,
  ValidationError,
} from '@csms/core';
import type { StoredTenant } from '@csms/db';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, publicRoute, type Route, route } from '../route.ts';
import { isoTimestamp } from '../schemas.ts';

/** Signups per client address per hour: enough for a team, too few for a script. Configurable for tests. */
const VERIFICATION_TTL_HOURS = 72;

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

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

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
      const now = new Date();
      const clientAddress = event.requestContext.http.sourceIp;
      const limit = deps.settings.signupsPerHour;
      if (!(await deps.rateLimits.takeRateLimitToken('signup', clientAddress, limit, 3600, now))) {
        throw new RateLimitedError(`At most ${limit} signups per hour from one address`);
      }
      const verificationToken = generateSecret(24);
      const tenant: StoredTenant = {
        id: newId('t'),
        ...body,
        createdAt: now.toISOString(),
        settings: defaultTenantSettings,
        emailVerification: {
          tokenHash: tokenHash(verificationToken),
          expiresAt: new Date(now.getTime() + VERIFICATION_TTL_HOURS * 3600_000).toISOString(),
        },
      };
      const key = issueApiKey(tenant.id);
      await deps.tenants.createTenantWithApiKey(tenant, {
        tenantId: tenant.id,
        keyId: key.keyId,
        prefix: key.prefix,
        role: 'admin',
        name: 'Signup key',
        secretHash: hashSecret(key.secret),
        createdAt: tenant.createdAt,
      });
      await deps.email.send({
        kind: 'tenant-verification',
        to: tenant.email,
        subject: 'Verify your e-mail address for your CSMS account',
        text:
          `Welcome, ${tenant.name}.\n\nConfirm this address by sending\n\n` +
          `  POST /v1/tenants/verify-email {"tenantId": "${tenant.id}", "token": "${verificationToken}"}\n\n` +
          `within ${VERIFICATION_TTL_HOURS} hours.`,
      });
      return created({ tenant: toView(tenant), apiKey: key.apiKey });
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
      const tenant = await deps.tenants.getTenant(body.tenantId);
      const pending = tenant?.emailVerification;
      const valid =
        pending !== undefined &&
        pending.tokenHash === tokenHash(body.token) &&
        pending.expiresAt > new Date().toISOString();
      if (!tenant || (!tenant.emailVerifiedAt && !valid)) {
        throw new ValidationError([
          { field: 'token', message: 'Unknown, used or expired verification token' },
        ]);
      }
      if (!tenant.emailVerifiedAt)
        await deps.tenants.markTenantEmailVerified(tenant.id, new Date().toISOString());
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
      const tenant = await deps.tenants.getTenant(principal.tenantId);
      if (!tenant) throw new NotFoundError('Tenant');
      return ok(toView(tenant));
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
      const tenant = await deps.tenants.getTenant(principal.tenantId);
      if (!tenant) throw new NotFoundError('Tenant');
      const settings = tenantSettingsSchema.parse({ ...tenant.settings, ...body });
      await deps.tenants.saveTenantSettings(tenant.id, settings);
      return ok(settings);
    },
  }),
];
