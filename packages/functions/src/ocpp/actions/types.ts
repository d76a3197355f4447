import type { Deps } from '../../deps.ts';
import type { ChargerConnection } from '../connection-context.ts';

/** Everything an action handler knows about the message it handles. */
export interface ActionContext extends ChargerConnection {
  /** When the CSMS received the frame; used where the charger sent no timestamp of its own. */
  readonly receivedAt: Date;
  /** The dependencies of the use cases, with a logger carrying this frame's charger, message id and action. */
  readonly deps: Deps;
}

/**
 * Handles one charger-initiated OCPP request whose payload already passed schema validation, and returns the
 * response payload (validated again before it is sent). It parses, calls one use case and maps the result.
 */
export type ActionHandler<Request = never, Response = unknown> = (
  context: ActionContext,
  request: Request,
) => Promise<Response>;
