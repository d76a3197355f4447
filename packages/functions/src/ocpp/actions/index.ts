import type { OcppVersion } from '@csms/ocpp';
import { bootNotification16, bootNotification201 } from './boot-notification.ts';
import { heartbeat16, heartbeat201 } from './heartbeat.ts';
import { statusNotification16, statusNotification201 } from './status-notification.ts';
import type { ActionHandler } from './types.ts';

/**
 * Charger-initiated actions the CSMS handles, per OCPP version. An action the schema knows but that is not
 * listed here is answered `NotSupported`; an action no schema knows, `NotImplemented`.
 */
// biome-ignore lint/suspicious/noExplicitAny: handlers are typed per action; the table erases them once.
type AnyActionHandler = ActionHandler<any, unknown>;

export const chargerActions: Record<OcppVersion, Readonly<Record<string, AnyActionHandler>>> = {
  'ocpp1.6': {
    BootNotification: bootNotification16,
    Heartbeat: heartbeat16,
    StatusNotification: statusNotification16,
  },
  'ocpp2.0.1': {
    BootNotification: bootNotification201,
    Heartbeat: heartbeat201,
    StatusNotification: statusNotification201,
  },
};
