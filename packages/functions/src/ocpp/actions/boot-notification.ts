import { reapplyAvailabilityAtBoot } from '@csms/app/stations/charge-point-availability';
import { heartbeatIntervalFor } from '@csms/app/stations/heartbeat-interval';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

/**
 * Every registered charger is accepted: it proved its identity at the handshake. The interval is the tenant's
 * setting, which keeps the connection busier than API Gateway's 10-minute idle timeout. A charger that missed
 * a maintenance change while offline is told now (`reapplyAvailabilityAtBoot`).
 */
export const bootNotification16: ActionHandler<
  Ocpp16.BootNotificationRequest,
  Ocpp16.BootNotificationResponse
> = async (context, request) => {
  const { deps } = context;
  await deps.chargePoints.recordBoot(context.tenantId, context.chargePointId, {
    vendor: request.chargePointVendor,
    model: request.chargePointModel,
    serialNumber: request.chargePointSerialNumber ?? request.chargeBoxSerialNumber,
    firmwareVersion: request.firmwareVersion,
    receivedAt: context.receivedAt.toISOString(),
  });
  const interval = await heartbeatIntervalFor(deps, context.tenantId);
  await reapplyAvailabilityAtBoot(deps, context.tenantId, context.chargePointId, context.ocppVersion);
  return { status: 'Accepted', currentTime: new Date().toISOString(), interval };
};

export const bootNotification201: ActionHandler<
  Ocpp201.BootNotificationRequest,
  Ocpp201.BootNotificationResponse
> = async (context, request) => {
  const { deps } = context;
  const station = request.chargingStation;
  await deps.chargePoints.recordBoot(context.tenantId, context.chargePointId, {
    vendor: station.vendorName,
    model: station.model,
    serialNumber: station.serialNumber,
    firmwareVersion: station.firmwareVersion,
    receivedAt: context.receivedAt.toISOString(),
  });
  const interval = await heartbeatIntervalFor(deps, context.tenantId);
  await reapplyAvailabilityAtBoot(deps, context.tenantId, context.chargePointId, context.ocppVersion);
  return { status: 'Accepted', currentTime: new Date().toISOString(), interval };
};
