import { DEFAULT_HEARTBEAT_INTERVAL_SECONDS } from '@csms/core';
import type { Deps } from '../deps.ts';

/**
 * The heartbeat interval handed to a charger at boot: the tenant's setting (validated below API Gateway's
 * 10-minute idle timeout), else the default. Liveness ("silent for twice the interval = offline") reads the
 * same setting, so the two agree.
 */
export async function heartbeatIntervalFor(deps: Pick<Deps, 'tenants'>, tenantId: string): Promise<number> {
  const tenant = await deps.tenants.getTenant(tenantId);
  return tenant?.settings.heartbeatIntervalSeconds ?? DEFAULT_HEARTBEAT_INTERVAL_SECONDS;
}
