import type { StoredTariff, StoredTariffVersion, TariffRecord } from '@csms/db';
import type { Deps } from '../../deps.ts';
import { tenantOf } from './tariff-lookup.ts';
import { completeVersion, type VersionPricesInput } from './version-prices.ts';

export interface CreateTariffCommand extends VersionPricesInput {
  readonly name: string;
  /** Make it the tenant default. */
  readonly default?: boolean | undefined;
}

/**
 * T1: a tariff with its first version, in force at once (no earlier price to give notice of). Prices are in
 * the tenant currency; the VAT rate defaults to the tenant's. Optionally the tenant default at once.
 */
export async function createTariff(
  deps: Pick<Deps, 'tenants' | 'tariffs' | 'clock' | 'ids'>,
  tenantId: string,
  command: CreateTariffCommand,
): Promise<TariffRecord> {
  const tenant = await tenantOf(deps, tenantId);
  const prices = completeVersion(command, {
    currency: tenant.currency,
    vatRate: tenant.settings.defaultVatRate,
    timeZone: 'UTC',
  });
  const now = deps.clock.now().toISOString();
  const tariff: StoredTariff = {
    tenantId,
    id: deps.ids.newId('tar'),
    name: command.name,
    status: 'active',
    latestVersion: 1,
    assignmentCount: command.default ? 1 : 0,
    createdAt: now,
    updatedAt: now,
  };
  const version: StoredTariffVersion = {
    ...prices,
    version: 1,
    effectiveFrom: now,
    createdAt: now,
    noticeWaived: false,
  };
  await deps.tariffs.createTariff(tariff, version, command.default ? { level: 'tenant' } : undefined);
  return { tariff, versions: [version] };
}
