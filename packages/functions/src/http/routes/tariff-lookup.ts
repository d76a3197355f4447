import type { Deps } from '@csms/app/deps';
import { NotFoundError } from '@csms/core';
import type { TariffRecord } from '@csms/db';

/** Tariff ids are `newId('tar')`: anything else was never minted. */
export const isTariffId = (id: string): boolean => /^tar[0-9a-z]{20}$/.test(id);

/** Ids we never minted name nothing: 404 without a read, like an unknown or foreign id. */
export async function findTariff(deps: Deps, tenantId: string, id: string): Promise<TariffRecord> {
  const found = isTariffId(id) ? await deps.tariffs.getTariff(tenantId, id) : undefined;
  if (!found) throw new NotFoundError('Tariff');
  return found;
}
