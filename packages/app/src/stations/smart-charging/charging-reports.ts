import type { ChargingReports } from '@csms/db';
import type { Deps } from '../../deps.ts';
import { requireChargePoint } from '../commands/charger-lookup.ts';

/**
 * What a charger reported about external limits and EVs (the latest per EVSE, in EVSE order); 404 for a charge
 * point the tenant does not have.
 */
export async function readChargingReports(
  deps: Pick<Deps, 'chargePoints' | 'chargingReports'>,
  tenantId: string,
  chargePointId: string,
): Promise<ChargingReports> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return deps.chargingReports.chargingReports(tenantId, found.chargePoint.id);
}
