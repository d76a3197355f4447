import type { Deps } from '@csms/app/deps';
import { ConflictError, ValidationError } from '@csms/core';
import type { StoredChargingProfile } from '@csms/db';
import type { Ocpp16 } from '@csms/ocpp';
import { call16 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected16 } from '../commands/charger-lookup.ts';
import { checkProfileRules } from './profile-rules.ts';

/**
 * SetChargingProfile, stored with the charger's answer. An accepted profile replaces, as on the charger, the
 * one with the same id and any with the same purpose and stack level on the same connector (OCPP 1.6
 * §5.16.3); a refused one never overwrites an accepted profile of the same id, which the charger still holds.
 */
export async function setChargingProfile(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: Ocpp16.SetChargingProfileRequest,
): Promise<StoredChargingProfile> {
  const now = deps.clock.now();
  checkProfileRules(request);
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  requireConnected16(found);
  const cpId = found.chargePoint.id;
  const profile = request.csChargingProfiles;
  if (profile.transactionId !== undefined) {
    await requireActiveTransaction(deps, tenantId, cpId, request.connectorId, profile.transactionId);
  }

  const result = await call16(deps, tenantId, cpId, 'SetChargingProfile', request);
  const stored: StoredChargingProfile = {
    chargePointId: cpId,
    connectorId: request.connectorId,
    chargingProfileId: profile.chargingProfileId,
    stackLevel: profile.stackLevel,
    purpose: profile.chargingProfilePurpose,
    ...(profile.transactionId === undefined ? {} : { transactionId: profile.transactionId }),
    profile: profile as unknown as Record<string, unknown>,
    status: result.status,
    setAt: now.toISOString(),
  };
  if (result.status === 'Accepted') {
    const replaced = (await deps.chargingProfiles.listChargingProfiles(tenantId, cpId)).filter(
      (other) =>
        other.chargingProfileId !== stored.chargingProfileId &&
        other.connectorId === stored.connectorId &&
        other.purpose === stored.purpose &&
        other.stackLevel === stored.stackLevel,
    );
    for (const other of replaced)
      await deps.chargingProfiles.deleteChargingProfile(tenantId, cpId, other.chargingProfileId);
    await deps.chargingProfiles.putChargingProfile(tenantId, stored);
  } else {
    const existing = await deps.chargingProfiles.getChargingProfile(tenantId, cpId, stored.chargingProfileId);
    if (existing?.status !== 'Accepted') await deps.chargingProfiles.putChargingProfile(tenantId, stored);
  }
  return stored;
}

/** A TxProfile names a running transaction of this charger and connector. */
async function requireActiveTransaction(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  connectorId: number,
  transactionId: number,
): Promise<void> {
  const sessionId = await deps.sessions.sessionIdOfTransaction(tenantId, transactionId);
  const session = sessionId ? await deps.sessions.getSession(tenantId, sessionId) : undefined;
  if (!session || session.chargePointId !== chargePointId || session.connectorId !== connectorId) {
    throw new ValidationError([
      {
        field: 'csChargingProfiles.transactionId',
        message: `No transaction ${transactionId} on connector ${connectorId} of this charge point`,
      },
    ]);
  }
  if (session.status !== 'active') throw new ConflictError(`Transaction ${transactionId} has ended`);
}
