import { recordChargerBoot } from '@csms/app/stations/charger-boot';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

/**
 * Every registered charger is accepted (`recordChargerBoot`), with the CSMS clock and the tenant's heartbeat
 * interval.
 */
export const bootNotification16: ActionHandler<
  Ocpp16.BootNotificationRequest,
  Ocpp16.BootNotificationResponse
> = async (context, request) => {
  const { heartbeatIntervalSeconds } = await recordChargerBoot(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    ocppVersion: context.ocppVersion,
    boot: {
      vendor: request.chargePointVendor,
      model: request.chargePointModel,
      serialNumber: request.chargePointSerialNumber ?? request.chargeBoxSerialNumber,
      firmwareVersion: request.firmwareVersion,
    },
    receivedAt: context.receivedAt,
  });
  return { status: 'Accepted', currentTime: new Date().toISOString(), interval: heartbeatIntervalSeconds };
};

export const bootNotification201: ActionHandler<
  Ocpp201.BootNotificationRequest,
  Ocpp201.BootNotificationResponse
> = async (context, request) => {
  const station = request.chargingStation;
  const { heartbeatIntervalSeconds } = await recordChargerBoot(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    ocppVersion: context.ocppVersion,
    boot: {
      vendor: station.vendorName,
      model: station.model,
      serialNumber: station.serialNumber,
      firmwareVersion: station.firmwareVersion,
    },
    receivedAt: context.receivedAt,
  });
  return { status: 'Accepted', currentTime: new Date().toISOString(), interval: heartbeatIntervalSeconds };
};
