import { recordDeviceEvents } from '@csms/app/stations/device-model/record-events';
import {
  recordCustomerInformation,
  recordDisplayMessages,
  recordReportedChargingProfiles,
} from '@csms/app/stations/device-model/record-held-reports';
import { recordMonitoringReport } from '@csms/app/stations/device-model/record-monitoring-report';
import { recordNotifyReport } from '@csms/app/stations/device-model/record-report';
import type { Ocpp201 } from '@csms/ocpp';
import type { ActionContext, ActionHandler } from './types.ts';

/**
 * OCPP 2.0.1 device model and report messages. Each answers with an empty confirmation once what it carries is
 * stored; a storage failure becomes a CALLERROR (dispatcher), so the charger sends the part again.
 */
const who = (context: ActionContext) => ({
  tenantId: context.tenantId,
  chargePointId: context.chargePointId,
  receivedAt: context.receivedAt,
});

export const notifyReport201: ActionHandler<
  Ocpp201.NotifyReportRequest,
  Ocpp201.NotifyReportResponse
> = async (context, report) => {
  await recordNotifyReport(context.deps, { ...who(context), report });
  return {};
};

export const notifyMonitoringReport201: ActionHandler<
  Ocpp201.NotifyMonitoringReportRequest,
  Ocpp201.NotifyMonitoringReportResponse
> = async (context, report) => {
  await recordMonitoringReport(context.deps, { ...who(context), report });
  return {};
};

export const notifyEvent201: ActionHandler<Ocpp201.NotifyEventRequest, Ocpp201.NotifyEventResponse> = async (
  context,
  notification,
) => {
  await recordDeviceEvents(context.deps, { ...who(context), notification });
  return {};
};

export const reportChargingProfiles201: ActionHandler<
  Ocpp201.ReportChargingProfilesRequest,
  Ocpp201.ReportChargingProfilesResponse
> = async (context, report) => {
  await recordReportedChargingProfiles(context.deps, { ...who(context), report });
  return {};
};

export const notifyCustomerInformation201: ActionHandler<
  Ocpp201.NotifyCustomerInformationRequest,
  Ocpp201.NotifyCustomerInformationResponse
> = async (context, report) => {
  await recordCustomerInformation(context.deps, { ...who(context), report });
  return {};
};

export const notifyDisplayMessages201: ActionHandler<
  Ocpp201.NotifyDisplayMessagesRequest,
  Ocpp201.NotifyDisplayMessagesResponse
> = async (context, report) => {
  await recordDisplayMessages(context.deps, { ...who(context), report });
  return {};
};
