import type { Deps } from '@csms/app/deps';
import { DomainError, UpstreamError, UpstreamTimeoutError } from '@csms/core';
import type { AvailabilityIntent, AvailabilityType } from '@csms/db';
import type { OcppVersion } from '@csms/ocpp';
import { call16, call201 } from './commands/call-ocpp16.ts';

/**
 * Maintenance (S1) tells the charger itself: ChangeAvailability for the whole charger (1.6: connector 0,
 * Inoperative/Operative; 2.0.1: operationalStatus), through the command path so the answer is correlated.
 * The wish is stored first: a charger that is offline, busy or silent when maintenance flips is told at its
 * next BootNotification (`reapplyAvailabilityAtBoot`). The PATCH that flips maintenance never fails because
 * of the charger: maintenance is recorded and shown either way.
 */
export interface MaintenanceChange {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly maintenance: boolean;
  /** The charger's current connection, if any. */
  readonly connectionId: string | undefined;
}

/** The charger's answer, or `deferred`: not delivered now, to be sent at its next boot. */
export type AvailabilityRequestOutcome = 'Accepted' | 'Rejected' | 'Scheduled' | 'deferred';

export async function requestAvailabilityForMaintenance(
  deps: Deps,
  change: MaintenanceChange,
): Promise<AvailabilityRequestOutcome> {
  const intent: AvailabilityIntent = {
    type: change.maintenance ? 'Inoperative' : 'Operative',
    requestedAt: deps.clock.now().toISOString(),
    state: 'pending',
  };
  await deps.availability.saveAvailabilityIntent(change.tenantId, change.chargePointId, intent);
  if (!change.connectionId) return 'deferred';
  const found = await deps.chargePoints.getChargePoint(change.tenantId, change.chargePointId);
  const version = found?.chargePoint.ocppVersion;
  if (version !== 'ocpp1.6' && version !== 'ocpp2.0.1') return 'deferred';
  return applyAvailabilityIntent(
    deps,
    change.tenantId,
    change.chargePointId,
    version,
    intent,
    // The PATCH waits for the answer; a silent charger must not hold it for the full command timeout.
    deps.settings.timeouts.maintenanceCallMs,
  );
}

/**
 * BootNotification hook: a charger whose last availability wish it has not accepted is told now. A Lambda
 * cannot act after its response, so this runs before the BootNotification answer is returned; OCPP-J allows
 * one CALL in each direction at a time, and the wait is capped at a few seconds.
 */
export async function reapplyAvailabilityAtBoot(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  version: OcppVersion,
): Promise<AvailabilityRequestOutcome | undefined> {
  try {
    const intent = await deps.availability.getAvailabilityIntent(tenantId, chargePointId);
    if (!intent || intent.state === 'Accepted') return undefined;
    return await applyAvailabilityIntent(
      deps,
      tenantId,
      chargePointId,
      version,
      intent,
      // At boot the charger waits for its BootNotification answer meanwhile: keep that short.
      deps.settings.timeouts.bootCallMs,
    );
  } catch (error) {
    // Never let this fail the boot: the charger would retry BootNotification forever.
    console.error(
      JSON.stringify({ msg: 'Availability at boot failed', chargePointId, error: String(error) }),
    );
    return undefined;
  }
}

/** The whole charger: 1.6 connector 0; 2.0.1 no EVSE named. Both answer Accepted, Rejected or Scheduled. */
function askAvailability(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  version: OcppVersion,
  type: AvailabilityType,
  timeoutMs: number,
) {
  return version === 'ocpp2.0.1'
    ? call201(deps, tenantId, chargePointId, 'ChangeAvailability', { operationalStatus: type }, { timeoutMs })
    : call16(deps, tenantId, chargePointId, 'ChangeAvailability', { connectorId: 0, type }, { timeoutMs });
}

/** Sends the wish and records the answer; an undelivered wish stays pending. Never throws domain errors. */
async function applyAvailabilityIntent(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  version: OcppVersion,
  intent: AvailabilityIntent,
  timeoutMs: number,
): Promise<AvailabilityRequestOutcome> {
  const at = () => deps.clock.now().toISOString();
  try {
    const result = await askAvailability(deps, tenantId, chargePointId, version, intent.type, timeoutMs);
    const state = result.status;
    const answeredAt = at();
    await deps.availability.recordAvailabilityAttempt(tenantId, chargePointId, intent.requestedAt, {
      state,
      at: answeredAt,
      answeredAt,
    });
    return state;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await deps.availability.recordAvailabilityAttempt(tenantId, chargePointId, intent.requestedAt, {
      state: 'pending',
      at: at(),
      lastError: describe(error),
    });
    return 'deferred';
  }
}

function describe(error: DomainError): string {
  if (error instanceof UpstreamError) return `CALLERROR ${error.code}`;
  if (error instanceof UpstreamTimeoutError) return 'no answer in time';
  return error.message;
}
