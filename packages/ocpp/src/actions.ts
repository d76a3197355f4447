import type * as z from 'zod';
import * as Ocpp16 from './generated/ocpp16.ts';
import * as Ocpp201 from './generated/ocpp201.ts';
import type { OcppVersion } from './version.ts';

export interface ActionSchemaPair {
  readonly request: z.ZodType;
  readonly response: z.ZodType;
}

const ACTIONS_BY_VERSION = {
  'ocpp1.6': Ocpp16.actions,
  'ocpp2.0.1': Ocpp201.actions,
} satisfies Record<OcppVersion, Record<string, ActionSchemaPair>>;

type ActionMaps = typeof ACTIONS_BY_VERSION;

/** Action names of a version, e.g. `OcppAction<'ocpp1.6'>` includes 'BootNotification'. */
export type OcppAction<V extends OcppVersion> = keyof ActionMaps[V] & string;

type SchemasOf<V extends OcppVersion, A extends OcppAction<V>> = ActionMaps[V][A] & ActionSchemaPair;

/** The payload type of a validated request, e.g. `OcppRequest<'ocpp2.0.1', 'BootNotification'>`. */
export type OcppRequest<V extends OcppVersion, A extends OcppAction<V>> = z.output<
  SchemasOf<V, A>['request']
>;

export type OcppResponse<V extends OcppVersion, A extends OcppAction<V>> = z.output<
  SchemasOf<V, A>['response']
>;

/** Every action the version's schemas define, in alphabetical order. */
export function actionsOf<V extends OcppVersion>(version: V): readonly OcppAction<V>[] {
  return Object.keys(ACTIONS_BY_VERSION[version]).sort() as OcppAction<V>[];
}

/** Own keys only, so a frame naming `toString` or `__proto__` is an unknown action, not a prototype member. */
export function isKnownAction<V extends OcppVersion>(version: V, action: string): action is OcppAction<V> {
  return Object.hasOwn(ACTIONS_BY_VERSION[version], action);
}

/** The request and response schema of an action, or undefined when the version has no such action. */
export function schemasOf(version: OcppVersion, action: string): ActionSchemaPair | undefined {
  const actions: Readonly<Record<string, ActionSchemaPair>> = ACTIONS_BY_VERSION[version];
  return Object.hasOwn(actions, action) ? actions[action] : undefined;
}
