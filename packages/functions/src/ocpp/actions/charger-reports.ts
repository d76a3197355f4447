import { receiveDataTransfer } from '@csms/app/stations/data-transfer';
import { recordLogStatusReport } from '@csms/app/stations/firmware/log-status';
import { recordFirmwareStatusReport } from '@csms/app/stations/firmware/status-report';
import { endReservationByCharger } from '@csms/app/stations/reservations/charger-update';
import {
  receiveEvChargingNeeds,
  recordEvChargingSchedule,
} from '@csms/app/stations/smart-charging/ev-charging';
import { clearExternalLimit, recordExternalLimit } from '@csms/app/stations/smart-charging/external-limits';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import type { ActionContext, ActionHandler } from './types.ts';

/**
 * What an OCPP 2.0.1 charger reports on its own (firmware and log progress, reservations it ended, external
 * limits, EV needs, vendor messages), plus the OCPP 1.6 security-extension messages that share a use case.
 */

const charger = (context: ActionContext) => ({
  tenantId: context.tenantId,
  chargePointId: context.chargePointId,
  receivedAt: context.receivedAt,
});

export const firmwareStatusNotification201: ActionHandler<
  Ocpp201.FirmwareStatusNotificationRequest,
  Ocpp201.FirmwareStatusNotificationResponse
> = async (context, request) => {
  await recordFirmwareStatusReport(context.deps, {
    ...charger(context),
    kind: 'firmware',
    status: request.status,
    requestId: request.requestId,
  });
  return {};
};

/** A local controller's progress publishing firmware (PublishFirmware) is kept as firmware history too. */
export const publishFirmwareStatusNotification201: ActionHandler<
  Ocpp201.PublishFirmwareStatusNotificationRequest,
  Ocpp201.PublishFirmwareStatusNotificationResponse
> = async (context, request) => {
  await recordFirmwareStatusReport(context.deps, {
    ...charger(context),
    kind: 'publish',
    status: request.status,
    requestId: request.requestId,
  });
  return {};
};

/** The 1.6 security extension's signed-firmware progress is firmware progress like any other. */
export const signedFirmwareStatusNotification16: ActionHandler<
  Ocpp16.SignedFirmwareStatusNotificationRequest,
  Ocpp16.SignedFirmwareStatusNotificationResponse
> = async (context, request) => {
  await recordFirmwareStatusReport(context.deps, {
    ...charger(context),
    kind: 'firmware',
    status: request.status,
    requestId: request.requestId,
  });
  return {};
};

const logStatus = async (
  context: ActionContext,
  request: { status: string; requestId?: number | undefined },
) =>
  recordLogStatusReport(context.deps, {
    ...charger(context),
    status: request.status,
    requestId: request.requestId,
  });

export const logStatusNotification201: ActionHandler<
  Ocpp201.LogStatusNotificationRequest,
  Ocpp201.LogStatusNotificationResponse
> = async (context, request) => {
  await logStatus(context, request);
  return {};
};

export const logStatusNotification16: ActionHandler<
  Ocpp16.LogStatusNotificationRequest,
  Ocpp16.LogStatusNotificationResponse
> = async (context, request) => {
  await logStatus(context, request);
  return {};
};

export const reservationStatusUpdate201: ActionHandler<
  Ocpp201.ReservationStatusUpdateRequest,
  Ocpp201.ReservationStatusUpdateResponse
> = async (context, request) => {
  await endReservationByCharger(context.deps, {
    ...charger(context),
    reservationId: request.reservationId,
    status: request.reservationUpdateStatus,
  });
  return {};
};

export const notifyChargingLimit201: ActionHandler<
  Ocpp201.NotifyChargingLimitRequest,
  Ocpp201.NotifyChargingLimitResponse
> = async (context, request) => {
  await recordExternalLimit(context.deps, {
    ...charger(context),
    evseId: request.evseId,
    source: request.chargingLimit.chargingLimitSource,
    isGridCritical: request.chargingLimit.isGridCritical,
    chargingSchedules: request.chargingSchedule,
  });
  return {};
};

export const clearedChargingLimit201: ActionHandler<
  Ocpp201.ClearedChargingLimitRequest,
  Ocpp201.ClearedChargingLimitResponse
> = async (context, request) => {
  await clearExternalLimit(context.deps, {
    ...charger(context),
    evseId: request.evseId,
    source: request.chargingLimitSource,
  });
  return {};
};

export const notifyEVChargingNeeds201: ActionHandler<
  Ocpp201.NotifyEVChargingNeedsRequest,
  Ocpp201.NotifyEVChargingNeedsResponse
> = async (context, request) => {
  const answer = await receiveEvChargingNeeds(context.deps, {
    ...charger(context),
    evseId: request.evseId,
    chargingNeeds: request.chargingNeeds,
    maxScheduleTuples: request.maxScheduleTuples,
  });
  return {
    status: answer.status,
    ...(answer.reasonCode === undefined
      ? {}
      : {
          statusInfo: {
            reasonCode: answer.reasonCode,
            ...(answer.additionalInfo === undefined ? {} : { additionalInfo: answer.additionalInfo }),
          },
        }),
  };
};

export const notifyEVChargingSchedule201: ActionHandler<
  Ocpp201.NotifyEVChargingScheduleRequest,
  Ocpp201.NotifyEVChargingScheduleResponse
> = async (context, request) => {
  const status = await recordEvChargingSchedule(context.deps, {
    ...charger(context),
    evseId: request.evseId,
    timeBase: request.timeBase,
    chargingSchedule: request.chargingSchedule,
  });
  return { status };
};

/** The same answer as in 1.6 (`dataTransfer16`): no vendor extension is known. */
export const dataTransfer201: ActionHandler<
  Ocpp201.DataTransferRequest,
  Ocpp201.DataTransferResponse
> = async (context, request) => ({
  status: receiveDataTransfer(context.deps, { vendorId: request.vendorId, messageId: request.messageId }),
});
