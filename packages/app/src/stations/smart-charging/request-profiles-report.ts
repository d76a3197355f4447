import type { Deps } from '@csms/app/deps';
import { ConflictError } from '@csms/core';
import type { Ocpp201 } from '@csms/ocpp';
import { call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';

/**
 * Which installed profiles an OCPP 2.0.1 charger is asked to report (GetChargingProfiles): on one EVSE (0: the
 * station) or all, narrowed by purpose, stack level, ids or who set them. Nothing given: every profile.
 */
export interface ProfilesReportCriteria {
  readonly evseId?: number | undefined;
  readonly chargingProfilePurpose?: Ocpp201.ChargingProfilePurposeEnumType | undefined;
  readonly stackLevel?: number | undefined;
  readonly chargingProfileId?: number[] | undefined;
  readonly chargingLimitSource?: Ocpp201.ChargingLimitSourceEnumType[] | undefined;
}

export interface ProfilesReportRequested {
  readonly requestId: number;
  /** `Accepted`: ReportChargingProfiles messages follow; `NoProfiles`: none match. */
  readonly status: Ocpp201.GetChargingProfileStatusEnumType;
  readonly statusInfo?: { readonly reasonCode: string; readonly additionalInfo?: string };
}

/**
 * The charger answers with ReportChargingProfiles messages carrying the requestId, which are stored as they
 * come (`recordReportedChargingProfiles`), whether or not this answer has been read yet: so nothing needs to be
 * recorded before sending. The requestId comes from the charger's requestId counter, shared with the other
 * requests a 2.0.1 charger reports back on, so a reported requestId names one request only.
 */
export async function requestChargingProfilesReport(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  criteria: ProfilesReportCriteria,
): Promise<ProfilesReportRequested> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const id = found.chargePoint.id;
  if (requireConnected(found) !== 'ocpp2.0.1') {
    throw new ConflictError(
      `Charge point ${id} speaks OCPP 1.6, which has no GetChargingProfiles; GET …/charging-profiles lists what was set`,
    );
  }
  const requestId = await deps.deviceModel.nextReportRequestId(tenantId, id);
  const chargingProfile = Object.fromEntries(
    Object.entries({
      chargingProfilePurpose: criteria.chargingProfilePurpose,
      stackLevel: criteria.stackLevel,
      chargingProfileId: criteria.chargingProfileId,
      chargingLimitSource: criteria.chargingLimitSource,
    }).filter(([, value]) => value !== undefined),
  ) as Ocpp201.ChargingProfileCriterionType;
  const answer = await call201(deps, tenantId, id, 'GetChargingProfiles', {
    requestId,
    ...(criteria.evseId === undefined ? {} : { evseId: criteria.evseId }),
    chargingProfile,
  });
  return {
    requestId,
    status: answer.status,
    ...(answer.statusInfo
      ? {
          statusInfo: {
            reasonCode: answer.statusInfo.reasonCode,
            ...(answer.statusInfo.additionalInfo === undefined
              ? {}
              : { additionalInfo: answer.statusInfo.additionalInfo }),
          },
        }
      : {}),
  };
}
