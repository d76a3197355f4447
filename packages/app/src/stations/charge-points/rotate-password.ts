import { generateSecret, hashSecret } from '@csms/core';
import type { Deps } from '../../deps.ts';
import { requireActiveChargePoint } from '../commands/charger-lookup.ts';
import { type ChargerCredentials, ocppUrlOf } from './charger-credentials.ts';
import { settleUpdate } from './registration-outcomes.ts';

/**
 * A new Basic-auth password for an active charge point, stored hashed and answered once. The old one stops
 * working at the next connection; an open connection stays open.
 */
export async function rotateChargePointPassword(
  deps: Deps,
  tenantId: string,
  id: string,
): Promise<ChargerCredentials> {
  const { chargePoint } = await requireActiveChargePoint(deps, tenantId, id);
  const password = generateSecret(24);
  settleUpdate(
    await deps.chargePoints.setChargePointPassword(
      chargePoint,
      hashSecret(password),
      deps.clock.now().toISOString(),
    ),
    id,
  );
  return { id: chargePoint.id, password, ocppUrl: ocppUrlOf(deps.settings, tenantId, chargePoint.id) };
}
