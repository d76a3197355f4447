import { type TenantSettings, type tenantSettingsPatchSchema, tenantSettingsSchema } from '@csms/core';
import type * as z from 'zod';
import type { Deps } from '../deps.ts';
import { getTenant } from './get-tenant.ts';

/** Any subset of the settings; nested objects (address, payments) are replaced whole. */
export async function updateTenantSettings(
  deps: Pick<Deps, 'tenants'>,
  tenantId: string,
  patch: z.infer<typeof tenantSettingsPatchSchema>,
): Promise<TenantSettings> {
  const tenant = await getTenant(deps, tenantId);
  const settings = tenantSettingsSchema.parse({ ...tenant.settings, ...patch });
  await deps.tenants.saveTenantSettings(tenant.id, settings);
  return settings;
}
