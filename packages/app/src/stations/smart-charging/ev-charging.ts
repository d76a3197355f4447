import type { Deps } from '../../deps.ts';

/** An EV's charging needs on an EVSE (ISO 15118, via OCPP 2.0.1 NotifyEVChargingNeeds). */
export interface EvChargingNeedsReport {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly evseId: number;
  /** OCPP ChargingNeedsType as sent. */
  readonly chargingNeeds: Record<string, unknown>;
  readonly maxScheduleTuples?: number | undefined;
  readonly receivedAt: Date;
}

export interface EvChargingNeedsAnswer {
  readonly status: 'Accepted' | 'Rejected' | 'Processing';
  readonly reasonCode?: string;
  readonly additionalInfo?: string;
}

/**
 * `Accepted` would promise the charger a charging schedule (a SetChargingProfile) shortly, and `Processing` one
 * later; the CSMS computes no schedule from EV needs, so it says `Rejected` and the charger and EV go on with
 * their own limits. The needs are stored all the same, with that answer, for the operator.
 */
export async function receiveEvChargingNeeds(
  deps: Pick<Deps, 'chargingReports'>,
  report: EvChargingNeedsReport,
): Promise<EvChargingNeedsAnswer> {
  const answer: EvChargingNeedsAnswer = {
    status: 'Rejected',
    reasonCode: 'NotSupported',
    additionalInfo: 'This CSMS computes no charging schedules from EV charging needs yet',
  };
  await deps.chargingReports.recordEvChargingNeeds(report.tenantId, report.chargePointId, {
    evseId: report.evseId,
    chargingNeeds: report.chargingNeeds,
    ...(report.maxScheduleTuples === undefined ? {} : { maxScheduleTuples: report.maxScheduleTuples }),
    answer: answer.status,
    receivedAt: report.receivedAt.toISOString(),
  });
  return answer;
}

/** The schedule an EV chose on an EVSE (NotifyEVChargingSchedule). */
export interface EvChargingScheduleReport {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly evseId: number;
  /** The instant the schedule's periods count from. */
  readonly timeBase: string;
  /** OCPP ChargingScheduleType as sent. */
  readonly chargingSchedule: Record<string, unknown>;
  readonly receivedAt: Date;
}

/**
 * Stored for the operator. `Accepted` only says the CSMS processed it (OCPP: it implies no approval of the
 * schedule), which is true once it is stored.
 */
export async function recordEvChargingSchedule(
  deps: Pick<Deps, 'chargingReports'>,
  report: EvChargingScheduleReport,
): Promise<'Accepted'> {
  await deps.chargingReports.recordEvChargingSchedule(report.tenantId, report.chargePointId, {
    evseId: report.evseId,
    timeBase: new Date(report.timeBase).toISOString(),
    chargingSchedule: report.chargingSchedule,
    receivedAt: report.receivedAt.toISOString(),
  });
  return 'Accepted';
}
