import { chargerInstant } from '@csms/core';
import type { DeviceEvent } from '@csms/db';
import type { Ocpp201 } from '@csms/ocpp';
import type { Deps } from '../../deps.ts';
import { compact, componentRefOf, variableRefOf } from './ocpp201-mapping.ts';

/** One NotifyEvent message (possibly one part of several: each event stands on its own). */
export interface DeviceEventsCommand {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly receivedAt: Date;
  readonly notification: Ocpp201.NotifyEventRequest;
}

/**
 * Every event is kept as the charger reported it, by its own timestamp (UTC), so the log reads newest first
 * however late a charger that was offline delivers it; one reported again lands on the same item.
 */
export async function recordDeviceEvents(
  deps: Pick<Deps, 'deviceModel'>,
  command: DeviceEventsCommand,
): Promise<void> {
  const { notification } = command;
  const generatedAt = chargerInstant(notification.generatedAt);
  const receivedAt = command.receivedAt.toISOString();
  const events: DeviceEvent[] = notification.eventData.map((event) =>
    compact({
      eventId: event.eventId,
      timestamp: chargerInstant(event.timestamp),
      trigger: event.trigger,
      cause: event.cause,
      actualValue: event.actualValue,
      techCode: event.techCode,
      techInfo: event.techInfo,
      cleared: event.cleared,
      transactionId: event.transactionId,
      component: componentRefOf(event.component),
      variable: variableRefOf(event.variable),
      variableMonitoringId: event.variableMonitoringId,
      eventNotificationType: event.eventNotificationType,
      generatedAt,
      seqNo: notification.seqNo,
      receivedAt,
    }),
  );
  await deps.deviceModel.storeDeviceEvents(command.tenantId, command.chargePointId, events);
}
