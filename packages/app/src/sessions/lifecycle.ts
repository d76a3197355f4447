import type { Session } from '@csms/core';
import type { Deps } from '../deps.ts';

/**
 * The session-to-invoice workflow (one execution per session, named after it, so a repeated start is
 * harmless) and the hand-over of a session's end to the execution waiting for it.
 */
export function executionName(tenantId: string, sessionId: string): string {
  return `${tenantId}-${sessionId}`;
}

export async function startSessionLifecycle(deps: Pick<Deps, 'workflows'>, session: Session): Promise<void> {
  await deps.workflows.start('sessionLifecycle', executionName(session.tenantId, session.id), {
    tenantId: session.tenantId,
    chargePointId: session.chargePointId,
    sessionId: session.id,
    startedAt: session.startedAt,
  });
}

export interface SessionEnd {
  readonly endedAt: string;
  readonly stopReason?: string;
}

/** Resumes the execution waiting for this session's end, if it already waits (else it resumes itself). */
export async function reportSessionEnded(
  deps: Pick<Deps, 'sessionLifecycle' | 'workflows' | 'log'>,
  tenantId: string,
  sessionId: string,
  end: SessionEnd,
): Promise<void> {
  const token = await deps.sessionLifecycle.takeLifecycleToken(tenantId, sessionId);
  if (!token) return;
  try {
    await deps.workflows.resume(token, { ...end });
  } catch (error) {
    deps.log.error('Could not resume the session workflow', { tenantId, sessionId, error: String(error) });
  }
}

/**
 * The workflow reached its wait for the end: keep its token on the session for the stop to find, or, when
 * the session ended first (a short session, a stop racing the start), answer the token at once.
 */
export async function awaitSessionEnd(
  deps: Pick<Deps, 'sessionLifecycle' | 'sessions' | 'workflows' | 'clock'>,
  tenantId: string,
  sessionId: string,
  taskToken: string,
): Promise<{ awaiting: boolean }> {
  const kept = await deps.sessionLifecycle.keepLifecycleToken(tenantId, sessionId, taskToken);
  if (kept === 'kept') return { awaiting: true };
  const session = await deps.sessions.getSession(tenantId, sessionId);
  await deps.workflows.resume(taskToken, {
    endedAt: session?.stoppedAt ?? deps.clock.now().toISOString(),
    ...(session?.stopReason ? { stopReason: session.stopReason } : {}),
  });
  return { awaiting: false };
}
