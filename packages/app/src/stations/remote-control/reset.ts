import type { Deps } from '@csms/app/deps';
import { ValidationError } from '@csms/core';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import { call16, call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';

/**
 * Reset, asked in 1.6 terms. 2.0.1 has no Hard/Soft but Immediate/OnIdle: Hard (restart now, transactions
 * or not) is Immediate; Soft (the gentle one) is OnIdle, the charger waiting until no transaction runs.
 */
export const resetTypeFor201: Record<Ocpp16.ResetRequest['type'], Ocpp201.ResetEnumType> = {
  Hard: 'Immediate',
  Soft: 'OnIdle',
};

export interface ResetRequest {
  readonly type: Ocpp16.ResetRequest['type'];
  /** 2.0.1 only: reset one EVSE rather than the station. A 1.6 charger resets only as a whole. */
  readonly connectorId?: number | undefined;
}

export interface ResetOutcome {
  readonly type: Ocpp16.ResetRequest['type'];
  readonly connectorId?: number;
  /** Scheduled: a 2.0.1 charger resets when its transactions have ended. */
  readonly status: Ocpp201.ResetResponse['status'];
}

export async function resetChargePoint(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: ResetRequest,
): Promise<ResetOutcome> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const version = requireConnected(found);
  const id = found.chargePoint.id;
  const { type, connectorId } = request;
  let status: ResetOutcome['status'];
  if (version === 'ocpp1.6') {
    if (connectorId !== undefined) {
      throw new ValidationError([
        {
          field: 'connectorId',
          message: 'An OCPP 1.6 charger resets only as a whole: leave connectorId out',
        },
      ]);
    }
    status = (await call16(deps, tenantId, id, 'Reset', { type })).status;
  } else {
    status = (
      await call201(deps, tenantId, id, 'Reset', {
        type: resetTypeFor201[type],
        ...(connectorId === undefined ? {} : { evseId: connectorId }),
      })
    ).status;
  }
  return { type, ...(connectorId === undefined ? {} : { connectorId }), status };
}
