import { recordConnectorStatusReport } from '@csms/app/stations/connector-status';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import type { ActionContext, ActionHandler } from './types.ts';

/** The charger's own timestamp orders reports (queued reports arrive late); normalised to UTC for comparison. */
function reportedAt(context: ActionContext, timestamp: string | undefined): string {
  return (timestamp ? new Date(timestamp) : context.receivedAt).toISOString();
}

export const statusNotification16: ActionHandler<
  Ocpp16.StatusNotificationRequest,
  Ocpp16.StatusNotificationResponse
> = async (context, request) => {
  await recordConnectorStatusReport(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    ocppVersion: context.ocppVersion,
    status: {
      connectorId: request.connectorId,
      status: request.status,
      // NoError is the normal case; keeping it out of the record keeps `errorCode` meaningful when present.
      ...(request.errorCode !== 'NoError' ? { errorCode: request.errorCode } : {}),
      updatedAt: reportedAt(context, request.timestamp),
    },
  });
  return {};
};

/**
 * OCPP 2.0.1 numbers connectors within an EVSE. Each EVSE is recorded as one connector of the charge point
 * numbered by its `evseId` (what sessions, commands and pricing use), which keeps every one of its connectors
 * and derives its own status from them.
 */
export const statusNotification201: ActionHandler<
  Ocpp201.StatusNotificationRequest,
  Ocpp201.StatusNotificationResponse
> = async (context, request) => {
  await recordConnectorStatusReport(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    ocppVersion: context.ocppVersion,
    status: {
      connectorId: request.evseId,
      evseConnectorId: request.connectorId,
      status: request.connectorStatus,
      updatedAt: reportedAt(context, request.timestamp),
    },
  });
  return {};
};
