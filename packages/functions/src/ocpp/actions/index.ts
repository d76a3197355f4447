import type { OcppVersion } from '@csms/ocpp';
import { authorize16, authorize201 } from './authorize.ts';
import { bootNotification16, bootNotification201 } from './boot-notification.ts';
import {
  clearedChargingLimit201,
  dataTransfer201,
  firmwareStatusNotification201,
  logStatusNotification16,
  logStatusNotification201,
  notifyChargingLimit201,
  notifyEVChargingNeeds201,
  notifyEVChargingSchedule201,
  publishFirmwareStatusNotification201,
  reservationStatusUpdate201,
  signedFirmwareStatusNotification16,
} from './charger-reports.ts';
import {
  notifyCustomerInformation201,
  notifyDisplayMessages201,
  notifyEvent201,
  notifyMonitoringReport201,
  notifyReport201,
  reportChargingProfiles201,
} from './device-model-reports.ts';
import { heartbeat16, heartbeat201 } from './heartbeat.ts';
import { meterValues16, meterValues201 } from './meter-values.ts';
import {
  get15118EVCertificate201,
  getCertificateStatus201,
  securityEventNotification16,
  securityEventNotification201,
  signCertificate16,
  signCertificate201,
} from './security.ts';
import { startTransaction16 } from './start-transaction.ts';
import { statusNotification16, statusNotification201 } from './status-notification.ts';
import {
  dataTransfer16,
  diagnosticsStatusNotification16,
  firmwareStatusNotification16,
} from './status-reports.ts';
import { stopTransaction16 } from './stop-transaction.ts';
import { transactionEvent201 } from './transaction-event.ts';
import type { ActionHandler } from './types.ts';

/**
 * Charger-initiated actions the CSMS handles, per OCPP version. An action the schema knows but that is not
 * listed here is answered `NotSupported`; an action no schema knows, `NotImplemented`.
 */
// biome-ignore lint/suspicious/noExplicitAny: handlers are typed per action; the table erases them once.
type AnyActionHandler = ActionHandler<any, unknown>;

export const chargerActions: Record<OcppVersion, Readonly<Record<string, AnyActionHandler>>> = {
  'ocpp1.6': {
    Authorize: authorize16,
    BootNotification: bootNotification16,
    DataTransfer: dataTransfer16,
    DiagnosticsStatusNotification: diagnosticsStatusNotification16,
    FirmwareStatusNotification: firmwareStatusNotification16,
    Heartbeat: heartbeat16,
    MeterValues: meterValues16,
    StartTransaction: startTransaction16,
    StatusNotification: statusNotification16,
    StopTransaction: stopTransaction16,
    // The security extension's charger-initiated messages (the 1.6 schemas include it).
    LogStatusNotification: logStatusNotification16,
    SecurityEventNotification: securityEventNotification16,
    SignCertificate: signCertificate16,
    SignedFirmwareStatusNotification: signedFirmwareStatusNotification16,
  },
  'ocpp2.0.1': {
    Authorize: authorize201,
    BootNotification: bootNotification201,
    ClearedChargingLimit: clearedChargingLimit201,
    DataTransfer: dataTransfer201,
    FirmwareStatusNotification: firmwareStatusNotification201,
    Get15118EVCertificate: get15118EVCertificate201,
    GetCertificateStatus: getCertificateStatus201,
    Heartbeat: heartbeat201,
    LogStatusNotification: logStatusNotification201,
    MeterValues: meterValues201,
    NotifyChargingLimit: notifyChargingLimit201,
    NotifyEVChargingNeeds: notifyEVChargingNeeds201,
    NotifyEVChargingSchedule: notifyEVChargingSchedule201,
    // Device model and reports (see device-model-reports.ts).
    NotifyCustomerInformation: notifyCustomerInformation201,
    NotifyDisplayMessages: notifyDisplayMessages201,
    NotifyEvent: notifyEvent201,
    NotifyMonitoringReport: notifyMonitoringReport201,
    NotifyReport: notifyReport201,
    PublishFirmwareStatusNotification: publishFirmwareStatusNotification201,
    ReportChargingProfiles: reportChargingProfiles201,
    ReservationStatusUpdate: reservationStatusUpdate201,
    SecurityEventNotification: securityEventNotification201,
    SignCertificate: signCertificate201,
    StatusNotification: statusNotification201,
    TransactionEvent: transactionEvent201,
  },
};
