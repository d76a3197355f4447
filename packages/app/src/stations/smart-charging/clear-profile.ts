import type { Deps } from '@csms/app/deps';
import { NotFoundError } from '@csms/core';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';

/**
 * ClearChargingProfile by id. Accepted: cleared; Unknown: the charger holds no such profile (a TxProfile ends
 * with its transaction). Either way the charger no longer has it, so the stored profile goes.
 */
export interface ClearOutcome {
  readonly chargingProfileId: number;
  readonly status: 'Accepted' | 'Unknown';
}

export async function clearChargingProfile(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  profileIdParam: string,
): Promise<ClearOutcome> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const cpId = found.chargePoint.id;
  const profileId = /^\d{1,9}$/.test(profileIdParam) ? Number(profileIdParam) : undefined;
  const stored =
    profileId === undefined
      ? undefined
      : await deps.chargingProfiles.getChargingProfile(tenantId, cpId, profileId);
  if (!stored) throw new NotFoundError('Charging profile');
  const id = stored.chargingProfileId;
  // 2.0.1 names the profile `chargingProfileId`; the answers are the same.
  const result =
    requireConnected(found) === 'ocpp1.6'
      ? await call16(deps, tenantId, cpId, 'ClearChargingProfile', { id })
      : await call201(deps, tenantId, cpId, 'ClearChargingProfile', { chargingProfileId: id });
  await deps.chargingProfiles.deleteChargingProfile(tenantId, cpId, stored.chargingProfileId);
  return { chargingProfileId: stored.chargingProfileId, status: result.status };
}
