import {
  type ChargePointRegistration,
  ConflictError,
  generateSecret,
  hashSecret,
  isSiteId,
} from '@csms/core';
import type { Deps } from '../../deps.ts';
import { type ChargerCredentials, ocppUrlOf } from './charger-credentials.ts';
import { unknownSite } from './registration-outcomes.ts';

/**
 * Registers a charge point under a fresh password, stored hashed and answered once. The identity must be free
 * in the tenant — a decommissioned one stays taken (409) — and a site, when given, must be one of the tenant's
 * (422).
 */
export async function registerChargePoint(
  deps: Pick<Deps, 'chargePoints' | 'clock' | 'settings'>,
  tenantId: string,
  command: ChargePointRegistration,
): Promise<ChargerCredentials> {
  if (command.siteId !== undefined && !isSiteId(command.siteId)) throw unknownSite();
  const password = generateSecret(24);
  const outcome = await deps.chargePoints.registerChargePoint({
    tenantId,
    id: command.id,
    passwordHash: hashSecret(password),
    createdAt: deps.clock.now().toISOString(),
    name: command.name,
    siteId: command.siteId,
    preferredOcppVersion: command.ocppVersion,
    configuredConnectors: command.connectors,
  });
  if (outcome === 'unknown-site') throw unknownSite();
  if (outcome === 'identity-taken') {
    const existing = await deps.chargePoints.getChargePoint(tenantId, command.id);
    throw new ConflictError(
      existing?.chargePoint.decommissionedAt
        ? `Charge point ${command.id} was decommissioned; its identity cannot be reused`
        : `Charge point ${command.id} already exists`,
    );
  }
  return { id: command.id, password, ocppUrl: ocppUrlOf(deps.settings, tenantId, command.id) };
}
