import { receiveDataTransfer } from '@csms/app/stations/data-transfer';
import { recordFirmwareStatusReport } from '@csms/app/stations/firmware/status-report';
import type { Ocpp16 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

/** Firmware and diagnostics progress, kept on the charger's live record for the operator (FirmwareManagement). */
export const firmwareStatusNotification16: ActionHandler<
  Ocpp16.FirmwareStatusNotificationRequest,
  Ocpp16.FirmwareStatusNotificationResponse
> = async (context, request) => {
  await recordFirmwareStatusReport(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    kind: 'firmware',
    status: request.status,
    receivedAt: context.receivedAt,
  });
  return {};
};

export const diagnosticsStatusNotification16: ActionHandler<
  Ocpp16.DiagnosticsStatusNotificationRequest,
  Ocpp16.DiagnosticsStatusNotificationResponse
> = async (context, request) => {
  await recordFirmwareStatusReport(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    kind: 'diagnostics',
    status: request.status,
    receivedAt: context.receivedAt,
  });
  return {};
};

/** No vendor extensions are implemented: OCPP's answer for that is UnknownVendorId. */
export const dataTransfer16: ActionHandler<Ocpp16.DataTransferRequest, Ocpp16.DataTransferResponse> = async (
  context,
  request,
) => ({
  status: receiveDataTransfer(context.deps, { vendorId: request.vendorId, messageId: request.messageId }),
});
