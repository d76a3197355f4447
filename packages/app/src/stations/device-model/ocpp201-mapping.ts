import { ConflictError } from '@csms/core';
import type { ChargePointWithConnectors, DeviceComponentRef, DeviceVariableRef } from '@csms/db';
import type { Ocpp201 } from '@csms/ocpp';

/**
 * How OCPP 2.0.1 payloads become what the device-model store keeps: components flattened (the EVSE and
 * connector are part of a component's identity), `customData` left behind, absent fields absent rather than
 * `undefined` (the stored values are exactly their schemas).
 */
export function componentRefOf(component: Ocpp201.ComponentType): DeviceComponentRef {
  return compact({
    name: component.name,
    instance: component.instance,
    evseId: component.evse?.id,
    connectorId: component.evse?.connectorId,
  });
}

export function variableRefOf(variable: Ocpp201.VariableType): DeviceVariableRef {
  return compact({ name: variable.name, instance: variable.instance });
}

/** The object without its `undefined` entries and without OCPP's vendor `customData`. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([name, v]) => v !== undefined && name !== 'customData'),
  ) as T;
}

/** A payload as a plain record for storage, vendor `customData` dropped at the top level. */
export function asRecord(value: object): Record<string, unknown> {
  return compact(value) as Record<string, unknown>;
}

/**
 * Device-model requests are OCPP 2.0.1 messages: an offline charger is a 409 as for any command, and so is one
 * that negotiated 1.6, rather than a schema error about a payload it could never understand.
 */
export function requireConnected201(found: ChargePointWithConnectors): void {
  const { chargePoint } = found;
  if (!chargePoint.connectionId) throw new ConflictError(`Charge point ${chargePoint.id} is not connected`);
  if (chargePoint.ocppVersion !== 'ocpp2.0.1') {
    throw new ConflictError(
      `Charge point ${chargePoint.id} speaks ${chargePoint.ocppVersion ?? 'an unknown version'}; the device model is OCPP 2.0.1`,
    );
  }
}
