import type { Deps } from '@csms/app/deps';
import { ConflictError, chargerTransactionSessionId, type Session, ValidationError } from '@csms/core';
import type { StoredChargingProfile } from '@csms/db';
import type { Ocpp16 } from '@csms/ocpp';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';
import {
  type ApiChargingProfile,
  type ChargingProfileRequest,
  type Profile201Source,
  toSetChargingProfile201,
} from './ocpp201-profiles.ts';
import { checkProfileRules, checkTransactionIdKind } from './profile-rules.ts';

/**
 * SetChargingProfile, stored with the charger's answer. An accepted profile replaces, as on the charger, the
 * one with the same id and any with the same purpose and stack level on the same connector (OCPP 1.6
 * §5.16.3); a refused one never overwrites an accepted profile of the same id, which the charger still holds.
 * The profile is given and stored in the 1.6 shape; a 2.0.1 charger gets it converted (`ocpp201-profiles.ts`),
 * on the EVSE the route's connector names.
 */
export async function setChargingProfile(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: ChargingProfileRequest,
): Promise<StoredChargingProfile> {
  const now = deps.clock.now();
  checkProfileRules(request);
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const version = requireConnected(found);
  checkTransactionIdKind(version, request);
  const cpId = found.chargePoint.id;

  const { profile, status } =
    version === 'ocpp1.6'
      ? await send16(deps, tenantId, cpId, request)
      : await send201(deps, tenantId, cpId, request);
  const stored: StoredChargingProfile = {
    chargePointId: cpId,
    connectorId: request.connectorId,
    chargingProfileId: profile.chargingProfileId,
    stackLevel: profile.stackLevel,
    purpose: profile.chargingProfilePurpose,
    ...(profile.transactionId === undefined ? {} : { transactionId: profile.transactionId }),
    profile: profile as unknown as Record<string, unknown>,
    status,
    setAt: now.toISOString(),
  };
  if (status === 'Accepted') {
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

interface Sent {
  /** The profile as the charger got it (a 2.0.1 TxProfile with the transaction filled in), in the API's shape. */
  readonly profile: ApiChargingProfile;
  readonly status: 'Accepted' | 'Rejected' | 'NotSupported';
}

async function send16(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: ChargingProfileRequest,
): Promise<Sent> {
  const profile = request.csChargingProfiles;
  // `checkTransactionIdKind` let only an integer transaction id through: the request is a 1.6 one.
  const request16 = request as Ocpp16.SetChargingProfileRequest;
  const { transactionId } = request16.csChargingProfiles;
  if (transactionId !== undefined) {
    const sessionId = await deps.sessions.sessionIdOfTransaction(tenantId, transactionId);
    const session = sessionId ? await deps.sessions.getSession(tenantId, sessionId) : undefined;
    requireRunningOn(session?.chargePointId === chargePointId ? session : undefined, request, transactionId);
  }
  const result = await call16(deps, tenantId, chargePointId, 'SetChargingProfile', request16);
  return { profile, status: result.status };
}

async function send201(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: ChargingProfileRequest,
): Promise<Sent> {
  const evseId = request.connectorId;
  const transactionId = await transactionOf201(deps, tenantId, chargePointId, request);
  const profile: Profile201Source = {
    ...request.csChargingProfiles,
    ...(transactionId === undefined ? {} : { transactionId }),
  } as Profile201Source;
  const result = await call201(
    deps,
    tenantId,
    chargePointId,
    'SetChargingProfile',
    toSetChargingProfile201(evseId, profile),
  );
  return { profile, status: result.status };
}

/**
 * The transaction a 2.0.1 TxProfile is for. One named is looked up by the charger's id (its session id derives
 * from it). 2.0.1 matches a TxProfile to its transaction by id only, where 1.6 applies one without an id to
 * whatever runs on the connector; that meaning is kept by naming the transaction running on the EVSE.
 */
async function transactionOf201(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: ChargingProfileRequest,
): Promise<string | undefined> {
  const profile = request.csChargingProfiles;
  const named = profile.transactionId;
  if (typeof named === 'string') {
    const session = await deps.sessions.getSession(
      tenantId,
      chargerTransactionSessionId(tenantId, chargePointId, named),
    );
    requireRunningOn(session, request, named);
    return named;
  }
  if (profile.chargingProfilePurpose !== 'TxProfile') return undefined;
  const evseId = request.connectorId;
  const sessionId = await deps.sessions.connectorSessionId(tenantId, chargePointId, evseId);
  const session = sessionId ? await deps.sessions.getSession(tenantId, sessionId) : undefined;
  if (session?.status !== 'active' || typeof session.transactionId !== 'string') {
    throw new ConflictError(
      `No transaction is running on EVSE ${evseId} of ${chargePointId} for a TxProfile`,
    );
  }
  return session.transactionId;
}

/** A TxProfile names a running transaction of this charger and connector (EVSE). */
function requireRunningOn(
  session: Session | undefined,
  request: ChargingProfileRequest,
  transactionId: number | string,
): void {
  const { connectorId } = request;
  if (!session || session.connectorId !== connectorId) {
    throw new ValidationError([
      {
        field: 'csChargingProfiles.transactionId',
        message: `No transaction ${transactionId} on connector ${connectorId} of this charge point`,
      },
    ]);
  }
  if (session.status !== 'active') throw new ConflictError(`Transaction ${transactionId} has ended`);
}
