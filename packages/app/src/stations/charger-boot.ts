import { BOOT_RETRY_INTERVAL_SECONDS, type BootAcceptance, type BootInfo } from '@csms/core';
import type { OcppVersion } from '@csms/ocpp';
import type { Deps } from '../deps.ts';
import { reapplyAvailabilityAtBoot } from './charge-point-availability.ts';
import { heartbeatIntervalFor } from './heartbeat-interval.ts';

/** A charger announced itself after (re)starting, whatever OCPP version it speaks. */
export interface BootReport {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly ocppVersion: OcppVersion;
  readonly boot: BootInfo;
  readonly receivedAt: Date;
}

/**
 * The answer to a boot. Accepted: how often the charger is to send a heartbeat (the tenant's setting, else the
 * default). Pending / Rejected: how long it waits before it boots again (`BOOT_RETRY_INTERVAL_SECONDS`).
 */
export type BootOutcome =
  | { readonly status: 'Accepted'; readonly heartbeatIntervalSeconds: number }
  | { readonly status: 'Pending' | 'Rejected'; readonly retryIntervalSeconds: number };

/**
 * A charger proved its identity at the handshake, so a boot records what it says it is and answers what the
 * operator set for it (`bootAcceptance`, default Accepted). The answer is kept on the charger's live item: it is
 * the charger's registration status until its next boot, which `chargerMaySend` checks its messages against.
 * The heartbeat interval keeps the connection busier than API Gateway's 10-minute idle timeout. An accepted
 * charger that missed a maintenance change while offline is told now (`reapplyAvailabilityAtBoot`, which takes
 * the full `Deps` to send it a command); a Pending or Rejected one is not, since OCPP lets the CSMS send only
 * configuration to a Pending charger and nothing to a rejected one — it is told at the boot that is accepted.
 */
export async function recordChargerBoot(deps: Deps, report: BootReport): Promise<BootOutcome> {
  const { tenantId, chargePointId } = report;
  const found = await deps.chargePoints.getChargePoint(tenantId, chargePointId);
  const status: BootAcceptance = found?.chargePoint.bootAcceptance ?? 'Accepted';
  await deps.chargePoints.recordBoot(
    tenantId,
    chargePointId,
    { ...report.boot, receivedAt: report.receivedAt.toISOString() },
    status,
  );
  if (status !== 'Accepted') {
    deps.log.info('Boot answered without acceptance', { status });
    return { status, retryIntervalSeconds: BOOT_RETRY_INTERVAL_SECONDS[status] };
  }
  const heartbeatIntervalSeconds = await heartbeatIntervalFor(deps, tenantId);
  await reapplyAvailabilityAtBoot(deps, tenantId, chargePointId, report.ocppVersion);
  return { status, heartbeatIntervalSeconds };
}

/**
 * Messages a charger may send while its last boot was answered Pending (OCPP 2.0.1 B02.FR.09): besides
 * BootNotification, the parts of a report the CSMS asked for (GetBaseReport / GetReport → NotifyReport), which
 * the CSMS may do while the charger is Pending.
 */
const ALLOWED_WHILE_PENDING: ReadonlySet<string> = new Set(['NotifyReport']);

export type SendVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly registrationStatus: 'Pending' | 'Rejected' };

/**
 * May a charger send this CALL now? Not while its last boot was answered Pending or Rejected (2.0.1 B02.FR.09,
 * B03.FR.07; OCPP 1.6 §4.2 forbids the charger the same messages): the dispatcher answers such a message with a
 * SecurityError CALLERROR instead of acting on it, so a charger the operator holds back starts no session and
 * reports nothing into the books. A charger that never booted is not held back (chargers booted before boot
 * answers were recorded have no status either).
 *
 * BootNotification is always allowed: it is how the charger asks again. Heartbeat is allowed without looking:
 * it carries nothing and is the most frequent message, which deliberately costs no table access (see
 * `heartbeat.ts`). Every other message costs one small consistent read of the live item.
 *
 * Not covered: a message the charger sends because the CSMS triggered it (TriggerMessage) while Pending, which
 * B02.FR.09 also allows. The CSMS itself triggers only BootNotification while a charger is Pending; a trigger of
 * something else sent by hand through the commands route gets its message refused.
 */
export async function chargerMaySend(
  deps: Pick<Deps, 'chargePoints'>,
  tenantId: string,
  chargePointId: string,
  action: string,
): Promise<SendVerdict> {
  if (action === 'BootNotification' || action === 'Heartbeat') return { allowed: true };
  const registrationStatus = await deps.chargePoints.getRegistrationStatus(tenantId, chargePointId);
  if (registrationStatus === 'Pending' && ALLOWED_WHILE_PENDING.has(action)) return { allowed: true };
  if (registrationStatus === 'Pending' || registrationStatus === 'Rejected') {
    return { allowed: false, registrationStatus };
  }
  return { allowed: true };
}
