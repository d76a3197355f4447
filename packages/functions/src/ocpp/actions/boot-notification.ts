import { type BootOutcome, recordChargerBoot } from '@csms/app/stations/charger-boot';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

/**
 * A registered charger is answered what the operator set for it (`recordChargerBoot`, default Accepted), with
 * the CSMS clock and, as `interval`, the heartbeat interval when accepted, else the wait before it boots again.
 */
const answerOf = (outcome: BootOutcome) => ({
  status: outcome.status,
  currentTime: new Date().toISOString(),
  interval: outcome.status === 'Accepted' ? outcome.heartbeatIntervalSeconds : outcome.retryIntervalSeconds,
});

export const bootNotification16: ActionHandler<
  Ocpp16.BootNotificationRequest,
  Ocpp16.BootNotificationResponse
> = async (context, request) => {
  const outcome = await recordChargerBoot(context.deps, {
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
  return answerOf(outcome);
};

export const bootNotification201: ActionHandler<
  Ocpp201.BootNotificationRequest,
  Ocpp201.BootNotificationResponse
> = async (context, request) => {
  const station = request.chargingStation;
  const outcome = await recordChargerBoot(context.deps, {
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
  return answerOf(outcome);
};
