import type { OcppVersion } from '@csms/ocpp';
import { authorize16 } from './authorize.ts';
import { bootNotification16, bootNotification201 } from './boot-notification.ts';
import { heartbeat16, heartbeat201 } from './heartbeat.ts';
import { meterValues16 } from './meter-values.ts';
import { startTransaction16 } from './start-transaction.ts';
import { statusNotification16, statusNotification201 } from './status-notification.ts';
import {
  dataTransfer16,
  diagnosticsStatusNotification16,
  firmwareStatusNotification16,
} from './status-reports.ts';
import { stopTransaction16 } from './stop-transaction.ts';
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
  },
  'ocpp2.0.1': {
    BootNotification: bootNotification201,
    Heartbeat: heartbeat201,
    StatusNotification: statusNotification201,
  },
};
