import { ConflictError, NotFoundError, ValidationError, validateNewVersion } from '@csms/core';
import type { StoredTariffVersion } from '@csms/db';
import type { Deps } from '../../deps.ts';
import { datedVersion, withVersions } from '../tariff-resolution.ts';
import { findTariff, tenantOf } from './tariff-lookup.ts';
import { completeVersion, type VersionPricesInput } from './version-prices.ts';

export interface AddTariffVersionCommand extends VersionPricesInput {
  /** ISO instant with offset. */
  readonly effectiveFrom: string;
}

/**
 * T3: a price change, appended after the latest version. It never takes effect in the past, and takes
 * effect at least the tenant's notice period ahead unless it is a price decrease (core `validateNewVersion`).
 * Omitted currency, VAT rate and time zone are those of the latest version.
 */
export async function addTariffVersion(
  deps: Pick<Deps, 'tenants' | 'tariffs' | 'clock'>,
  tenantId: string,
  tariffId: string,
  command: AddTariffVersionCommand,
): Promise<StoredTariffVersion> {
  const [record, tenant] = await Promise.all([
    findTariff(deps, tenantId, tariffId),
    tenantOf(deps, tenantId),
  ]);
  if (record.tariff.status === 'archived') {
    throw new ConflictError(`Tariff ${tariffId} is archived; create a new tariff instead`);
  }
  const latest = record.versions.at(-1);
  if (!latest) throw new NotFoundError('Tariff');
  const { effectiveFrom, ...input } = command;
  const prices = completeVersion(input, { ...datedVersion(latest), currency: tenant.currency });
  const now = deps.clock.now();
  const check = validateNewVersion(
    withVersions(record),
    { ...prices, effectiveFrom: new Date(effectiveFrom) },
    now,
    tenant.settings.priceChangeNoticeDays,
  );
  if (!check.ok) {
    throw new ValidationError([{ field: check.error.field, message: check.error.message }]);
  }
  const version: StoredTariffVersion = {
    ...prices,
    version: check.version,
    effectiveFrom: new Date(effectiveFrom).toISOString(),
    createdAt: now.toISOString(),
    noticeWaived: check.noticeWaived,
  };
  const outcome = await deps.tariffs.addTariffVersion(tenantId, record.tariff.id, version);
  if (outcome === 'not-found') throw new NotFoundError('Tariff');
  if (outcome === 'archived') throw new ConflictError(`Tariff ${tariffId} is archived`);
  if (outcome === 'conflict') {
    throw new ConflictError(`Tariff ${tariffId} got another version meanwhile; read it and retry`);
  }
  return version;
}
