import { ConflictError, NotFoundError } from '@csms/core';
import type { TariffRecord } from '@csms/db';
import type { Deps } from '../../deps.ts';
import { findTariff } from './tariff-lookup.ts';

/**
 * Archives a tariff that is assigned nowhere (tenant default included), so no session silently falls
 * through to another price. It keeps its versions and still prices the sessions that started under it.
 */
export async function archiveTariff(
  deps: Pick<Deps, 'tariffs' | 'clock'>,
  tenantId: string,
  tariffId: string,
): Promise<TariffRecord> {
  await findTariff(deps, tenantId, tariffId);
  const outcome = await deps.tariffs.archiveTariff(tenantId, tariffId, deps.clock.now().toISOString());
  if (outcome === 'not-found') throw new NotFoundError('Tariff');
  if (outcome === 'in-use') {
    throw new ConflictError(
      `Tariff ${tariffId} is still assigned; assign another tariff to those scopes first`,
    );
  }
  return findTariff(deps, tenantId, tariffId);
}
