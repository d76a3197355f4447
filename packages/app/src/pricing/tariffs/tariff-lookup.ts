import { NotFoundError } from '@csms/core';
import type { Page, PageRequest, StoredTariff, StoredTenant, TariffRecord } from '@csms/db';
import type { Deps } from '../../deps.ts';

/** Tariff ids are `newId('tar')`: anything else was never minted. */
export const isTariffId = (id: string): boolean => /^tar[0-9a-z]{20}$/.test(id);

/** Ids we never minted name nothing: 404 without a read, like an unknown or foreign id. */
export async function findTariff(
  deps: Pick<Deps, 'tariffs'>,
  tenantId: string,
  id: string,
): Promise<TariffRecord> {
  const found = isTariffId(id) ? await deps.tariffs.getTariff(tenantId, id) : undefined;
  if (!found) throw new NotFoundError('Tariff');
  return found;
}

/** A tariff with its versions, oldest first. */
export const getTariff = findTariff;

export async function listTariffs(
  deps: Pick<Deps, 'tariffs'>,
  tenantId: string,
  page: PageRequest,
  status?: StoredTariff['status'],
): Promise<Page<StoredTariff>> {
  return deps.tariffs.listTariffs(tenantId, page, status);
}

export async function tenantOf(deps: Pick<Deps, 'tenants'>, tenantId: string): Promise<StoredTenant> {
  const tenant = await deps.tenants.getTenant(tenantId);
  if (!tenant) throw new NotFoundError('Tenant');
  return tenant;
}
