import type { Deps } from '../../deps.ts';
import type { ChargerConnection } from '../connection-context.ts';

/** Everything an action handler knows about the message it handles. */
export interface ActionContext extends ChargerConnection {
  /** When the CSMS received the frame; used where the charger sent no timestamp of its own. */
  readonly receivedAt: Date;
  /** The dependencies of the use cases, with a logger carrying this frame's charger, message id and action. */
  readonly deps: Deps;
  /**
   * Work that must wait until the charger has this CALL's answer, typically a CALL of our own the charger
   * would not take while it waits for us (CertificateSigned after SignCertificate). The dispatcher then sends
   * the answer itself through `@connections` and runs the tasks in order, in the same invocation; a task that
   * fails is logged and does not touch the answer. Nothing runs when the answer is a CALLERROR.
   */
  readonly afterReply: (task: () => Promise<unknown>) => void;
}

/**
 * Handles one charger-initiated OCPP request whose payload already passed schema validation, and returns the
 * response payload (validated again before it is sent). It parses, calls one use case and maps the result.
 */
export type ActionHandler<Request = never, Response = unknown> = (
  context: ActionContext,
  request: Request,
) => Promise<Response>;
