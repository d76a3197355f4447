import type { Ocpp16, Ocpp201 } from '@csms/ocpp';

/**
 * The charging-profiles API speaks one shape whatever the charger: OCPP 1.6's SetChargingProfile.req, which is
 * also what is stored (`StoredChargingProfile.profile`). This module is the only place that shape becomes
 * OCPP 2.0.1 and a 2.0.1 answer comes back to it, so the two versions cannot drift apart route by route.
 *
 * Differences it absorbs: 2.0.1 names the profile `id` and the connector `evseId`; `ChargePointMaxProfile` is
 * `ChargingStationMaxProfile`; `chargingSchedule` is a list of schedules, each with an id of its own; a
 * TxProfile names the charger's own (string) transaction id.
 */
type Profile16 = Ocpp16.SetChargingProfileRequest['csChargingProfiles'];

/** A profile as the API takes it: a 1.6 profile whose transaction is named by either version's id. */
export type ApiChargingProfile = Omit<Profile16, 'transactionId'> & {
  readonly transactionId?: number | string | undefined;
};

export interface ChargingProfileRequest {
  /** The connector (1.6) or EVSE (2.0.1); 0 is the whole charger. */
  readonly connectorId: number;
  readonly csChargingProfiles: ApiChargingProfile;
}

/** A profile ready for a 2.0.1 charger: its transaction, if any, is already the charger's string id. */
export type Profile201Source = Omit<ApiChargingProfile, 'transactionId'> & {
  readonly transactionId?: string | undefined;
};

const purposes201 = {
  ChargePointMaxProfile: 'ChargingStationMaxProfile',
  TxDefaultProfile: 'TxDefaultProfile',
  TxProfile: 'TxProfile',
} as const satisfies Record<Profile16['chargingProfilePurpose'], Ocpp201.ChargingProfilePurposeEnumType>;

export function toPurpose201(
  purpose: Profile16['chargingProfilePurpose'],
): Ocpp201.ChargingProfilePurposeEnumType {
  return purposes201[purpose];
}

/**
 * The 2.0.1 ChargingProfileType of a stored (1.6-shaped) profile. Its one schedule takes the profile's id: a
 * schedule id only has to tell the schedules of one profile apart, and the API gives a profile one schedule.
 */
export function toChargingProfile201(profile: Profile201Source): Ocpp201.ChargingProfileType {
  const schedule = profile.chargingSchedule;
  return defined({
    id: profile.chargingProfileId,
    stackLevel: profile.stackLevel,
    chargingProfilePurpose: toPurpose201(profile.chargingProfilePurpose),
    chargingProfileKind: profile.chargingProfileKind,
    recurrencyKind: profile.recurrencyKind,
    validFrom: profile.validFrom,
    validTo: profile.validTo,
    chargingSchedule: [
      defined({
        id: profile.chargingProfileId,
        startSchedule: schedule.startSchedule,
        duration: schedule.duration,
        chargingRateUnit: schedule.chargingRateUnit,
        chargingSchedulePeriod: schedule.chargingSchedulePeriod.map((period) =>
          defined({
            startPeriod: period.startPeriod,
            limit: period.limit,
            numberPhases: period.numberPhases,
          }),
        ),
        minChargingRate: schedule.minChargingRate,
      }),
    ],
    transactionId: profile.transactionId,
  });
}

/** SetChargingProfile for a 2.0.1 charger: the route's connector is the EVSE (0: the whole station). */
export function toSetChargingProfile201(
  evseId: number,
  profile: Profile201Source,
): Ocpp201.SetChargingProfileRequest {
  return { evseId, chargingProfile: toChargingProfile201(profile) };
}

/** GetCompositeSchedule for a 2.0.1 charger, from the route's (1.6-shaped) query. */
export function toCompositeScheduleRequest201(
  request: Ocpp16.GetCompositeScheduleRequest,
): Ocpp201.GetCompositeScheduleRequest {
  return defined({
    duration: request.duration,
    evseId: request.connectorId,
    chargingRateUnit: request.chargingRateUnit,
  });
}

/**
 * The composite schedule as the route answers it, whichever version computed it: OCPP 1.6's
 * GetCompositeSchedule.conf, which a 2.0.1 answer fills in (its `phaseToUse` and `statusInfo` kept). 2.0.1
 * limits are not bound to 1.6's tenths, so a limit is any number here.
 */
export interface CompositeSchedulePeriod {
  readonly startPeriod: number;
  readonly limit: number;
  readonly numberPhases?: number;
  readonly phaseToUse?: number;
}

export interface CompositeScheduleAnswer {
  readonly status: 'Accepted' | 'Rejected';
  readonly connectorId?: number;
  readonly scheduleStart?: string;
  readonly chargingSchedule?: {
    readonly duration?: number;
    readonly startSchedule?: string;
    readonly chargingRateUnit: 'A' | 'W';
    readonly chargingSchedulePeriod: readonly CompositeSchedulePeriod[];
    readonly minChargingRate?: number;
  };
  readonly statusInfo?: { readonly reasonCode: string; readonly additionalInfo?: string };
}

export function fromCompositeSchedule201(
  answer: Ocpp201.GetCompositeScheduleResponse,
): CompositeScheduleAnswer {
  const { schedule, statusInfo } = answer;
  return defined({
    status: answer.status,
    connectorId: schedule?.evseId,
    scheduleStart: schedule?.scheduleStart,
    chargingSchedule: schedule
      ? {
          duration: schedule.duration,
          chargingRateUnit: schedule.chargingRateUnit,
          chargingSchedulePeriod: schedule.chargingSchedulePeriod.map((period) =>
            defined({
              startPeriod: period.startPeriod,
              limit: period.limit,
              numberPhases: period.numberPhases,
              phaseToUse: period.phaseToUse,
            }),
          ),
        }
      : undefined,
    statusInfo: statusInfo
      ? defined({ reasonCode: statusInfo.reasonCode, additionalInfo: statusInfo.additionalInfo })
      : undefined,
  });
}

/**
 * The object without its `undefined` entries: payloads and stored items carry only the fields that are set
 * (DynamoDB refuses `undefined`, and a strict charger sees exactly the optional fields it was given).
 */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
