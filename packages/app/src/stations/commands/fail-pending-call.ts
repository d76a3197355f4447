import type { Deps } from '@csms/app/deps';

/**
 * A charger answers a CALL on the connection it received it on. Once it has left that connection (closed it, or
 * opened a new one while the old was still half-open), the CSMS-initiated call waiting there can never be
 * answered: waiting out `callChargePoint`'s timeout would hold the REST request for half a minute and refuse
 * every command to the reconnected charger meanwhile. So `$disconnect` and `$connect` fail that call at once,
 * through the pending-call slot the waiter polls; the waiter then ends with an error and frees the slot as for
 * any other reply.
 */

/** The error code stored as the reply of a call failed here; no OCPP error code is spelled like it. */
export const DISCONNECTED = 'Disconnected';

export type ConnectionChange =
  /** `$disconnect` of this connection. */
  | { readonly closed: string }
  /** `$connect` of this new connection: the charger has left every other one. */
  | { readonly opened: string };

/** Fails the charger's unanswered call that went out on a connection it has left; the failed message id, if any. */
export async function failPendingCall(
  deps: Pick<Deps, 'pendingCalls' | 'clock' | 'log'>,
  tenantId: string,
  chargePointId: string,
  change: ConnectionChange,
): Promise<string | undefined> {
  const closed = 'closed' in change;
  const description = closed
    ? `${chargePointId} disconnected before answering`
    : `${chargePointId} reconnected on a new connection before answering`;
  try {
    const failed = await deps.pendingCalls.failUnansweredCall(
      tenantId,
      chargePointId,
      closed ? { sentOn: change.closed } : { notSentOn: change.opened },
      { kind: 'error', code: DISCONNECTED, description, details: {} },
      deps.clock.now().toISOString(),
    );
    if (!failed) return undefined;
    deps.log.info('Failed a pending call: the charger left its connection', {
      tenantId,
      chargePointId,
      messageId: failed.messageId,
      action: failed.action,
      connectionId: failed.connectionId,
    });
    return failed.messageId;
  } catch (error) {
    // Best-effort: a charger's connect or disconnect must not fail over this. The waiter still ends at its
    // timeout, and the next command takes a slot held on a dead connection over (`claimCallSlot`).
    deps.log.warn('Could not fail the pending call of a connection the charger left', {
      tenantId,
      chargePointId,
      error: String(error),
    });
    return undefined;
  }
}
