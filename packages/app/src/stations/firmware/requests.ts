import type { Deps } from '@csms/app/deps';
import { DomainError, newId } from '@csms/core';
import type { FirmwareRequest } from '@csms/db';
import type { Ocpp16 } from '@csms/ocpp';
import { call16 } from '../commands/call-ocpp16.ts';
import { requireChargePoint, requireConnected16 } from '../commands/charger-lookup.ts';

/**
 * FirmwareManagement: UpdateFirmware and GetDiagnostics, each kept in the charger's firmware history with
 * whether the charger took it, so GET .../firmware shows what was asked next to what the charger reported
 * (FirmwareStatusNotification / DiagnosticsStatusNotification). A refused or unanswered request is kept as
 * `failed` and the API answers as the command route does (502, 504, 409).
 */
export async function requestFirmwareUpdate(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: Ocpp16.UpdateFirmwareRequest,
): Promise<FirmwareRequest> {
  return recorded(deps, tenantId, chargePointId, deps.clock.now(), 'firmware', request, async (cpId) => {
    await call16(deps, tenantId, cpId, 'UpdateFirmware', request);
    return {};
  });
}

export async function requestDiagnostics(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  request: Ocpp16.GetDiagnosticsRequest,
): Promise<FirmwareRequest> {
  return recorded(deps, tenantId, chargePointId, deps.clock.now(), 'diagnostics', request, async (cpId) => {
    const result = await call16(deps, tenantId, cpId, 'GetDiagnostics', request);
    return result.fileName === undefined ? {} : { fileName: result.fileName };
  });
}

async function recorded(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  now: Date,
  kind: FirmwareRequest['kind'],
  request: Ocpp16.UpdateFirmwareRequest | Ocpp16.GetDiagnosticsRequest,
  send: (chargePointId: string) => Promise<{ fileName?: string }>,
): Promise<FirmwareRequest> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  requireConnected16(found);
  const base = {
    id: newId('fwr'),
    chargePointId: found.chargePoint.id,
    kind,
    requestedAt: now.toISOString(),
    ...request,
  };
  try {
    const answer = await send(found.chargePoint.id);
    const sent: FirmwareRequest = { ...base, outcome: 'sent', ...answer };
    await deps.firmware.putFirmwareRequest(tenantId, sent);
    return sent;
  } catch (error) {
    if (error instanceof DomainError) {
      await deps.firmware.putFirmwareRequest(tenantId, { ...base, outcome: 'failed', error: error.message });
    }
    throw error;
  }
}
