import { type BootAcceptance, DomainError } from '@csms/core';
import type { ChargePointWithConnectors } from '@csms/db';
import type { Deps } from '../../deps.ts';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireActiveChargePoint } from '../commands/charger-lookup.ts';
import { settleUpdate } from './registration-outcomes.ts';

/**
 * Accepting a charger held back at boot. The setting (`bootAcceptance`) only decides the answer to the next
 * BootNotification; a charger answered Pending keeps that status until it boots again. So a connected Pending
 * charger is asked to boot now (TriggerMessage BootNotification, the same action in 1.6 and 2.0.1) and is
 * accepted at that boot; one that is offline, or misses the trigger, is accepted when its retry interval is up
 * (`BOOT_RETRY_INTERVAL_SECONDS`). A Rejected charger is not triggered: OCPP lets it ignore the CSMS until its
 * retry interval is over, and it comes back by itself.
 */
export type BootTrigger =
  /** TriggerMessage was sent and answered: the charger's answer. */
  | { readonly attempted: true; readonly status: 'Accepted' | 'Rejected' | 'NotImplemented' }
  /** TriggerMessage failed (no answer, a CALLERROR, busy, gone): the charger boots at its retry interval. */
  | { readonly attempted: true; readonly error: string }
  /** Nothing to trigger: the charger's last boot was not answered Pending, or it is offline. */
  | { readonly attempted: false; readonly reason: 'not-pending' | 'not-connected' };

export interface BootAcceptanceOutcome {
  readonly id: string;
  readonly bootAcceptance: BootAcceptance;
  /** What the charger's last boot was answered (it changes at its next boot); null before its first boot. */
  readonly registrationStatus: BootAcceptance | null;
  readonly bootTrigger: BootTrigger;
}

/** `POST /v1/charge-points/{id}/accept`: the setting back to Accepted, and a Pending charger asked to boot. */
export async function acceptChargerBoot(
  deps: Deps,
  tenantId: string,
  id: string,
): Promise<BootAcceptanceOutcome> {
  const found = await requireActiveChargePoint(deps, tenantId, id);
  const { chargePoint } = found;
  if ((chargePoint.bootAcceptance ?? 'Accepted') !== 'Accepted') {
    settleUpdate(
      await deps.chargePoints.configureChargePoint(
        chargePoint,
        { bootAcceptance: 'Accepted' },
        deps.clock.now().toISOString(),
      ),
      id,
    );
  }
  return {
    id: chargePoint.id,
    bootAcceptance: 'Accepted',
    registrationStatus: chargePoint.registrationStatus ?? null,
    bootTrigger: await triggerBootIfPending(deps, found),
  };
}

/**
 * Asks a connected charger whose last boot was answered Pending to boot again now. Never throws a domain error:
 * acceptance is recorded either way, and the charger's retry brings it back within its interval.
 */
export async function triggerBootIfPending(
  deps: Deps,
  found: ChargePointWithConnectors,
): Promise<BootTrigger> {
  const { chargePoint } = found;
  if (chargePoint.registrationStatus !== 'Pending') return { attempted: false, reason: 'not-pending' };
  const version = chargePoint.ocppVersion;
  if (!chargePoint.connectionId || (version !== 'ocpp1.6' && version !== 'ocpp2.0.1')) {
    return { attempted: false, reason: 'not-connected' };
  }
  // The answer is waited for, but not long: the operator's request should not hang on a charger that the
  // retry interval brings back anyway.
  const options = { timeoutMs: deps.settings.timeouts.maintenanceCallMs };
  try {
    const { status } =
      version === 'ocpp2.0.1'
        ? await call201(
            deps,
            chargePoint.tenantId,
            chargePoint.id,
            'TriggerMessage',
            { requestedMessage: 'BootNotification' },
            options,
          )
        : await call16(
            deps,
            chargePoint.tenantId,
            chargePoint.id,
            'TriggerMessage',
            { requestedMessage: 'BootNotification' },
            options,
          );
    return { attempted: true, status };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    deps.log.warn('Could not trigger the boot of an accepted charger', {
      chargePointId: chargePoint.id,
      error: error.message,
    });
    return { attempted: true, error: error.message };
  }
}
