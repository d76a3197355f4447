import type { Deps } from '@csms/app/deps';
import type { StoredChargingProfile } from '@csms/db';
import { requireChargePoint } from '../commands/charger-lookup.ts';

/** The profiles recorded for a charger, by id, with the charger's answer to each; 404 for an unknown charger. */
export async function listChargingProfiles(
  deps: Pick<Deps, 'chargePoints' | 'chargingProfiles'>,
  tenantId: string,
  chargePointId: string,
): Promise<StoredChargingProfile[]> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return deps.chargingProfiles.listChargingProfiles(tenantId, found.chargePoint.id);
}
