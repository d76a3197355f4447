import type { Session } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { awaitSessionEnd, reportSessionEnded, startSessionLifecycle } from '../../src/sessions/lifecycle.ts';
import { fakeDeps } from '../support/fake-deps.ts';

/** The lifecycle token lives on the session: kept while it runs, taken exactly once by the stop. */
function tokenStore(active: Set<string>) {
  const tokens = new Map<string, string>();
  return {
    tokens,
    sessionLifecycle: {
      keepLifecycleToken: async (_tenantId: string, sessionId: string, token: string) => {
        if (!active.has(sessionId)) return 'session-not-active' as const;
        tokens.set(sessionId, token);
        return 'kept' as const;
      },
      takeLifecycleToken: async (_tenantId: string, sessionId: string) => {
        const token = tokens.get(sessionId);
        tokens.delete(sessionId);
        return token;
      },
    },
  };
}

const session = { tenantId: 't_1', id: 'ses_1', chargePointId: 'CP-1', startedAt: '2026-03-15T10:00:00Z' };

describe('session lifecycle', () => {
  it('starts one execution per session, named after it, so a repeated start starts nothing new', async () => {
    const deps = fakeDeps();
    await startSessionLifecycle(deps, session as Session);
    await startSessionLifecycle(deps, session as Session);
    expect(deps.started).toEqual([
      {
        workflow: 'sessionLifecycle',
        name: 't_1-ses_1',
        input: { tenantId: 't_1', chargePointId: 'CP-1', sessionId: 'ses_1', startedAt: session.startedAt },
      },
    ]);
  });

  it('hands the end to the waiting execution once, however often the stop is reported', async () => {
    const store = tokenStore(new Set(['ses_1']));
    const deps = fakeDeps({ repositories: { sessionLifecycle: store.sessionLifecycle } });
    expect(await awaitSessionEnd(deps, 't_1', 'ses_1', 'token-1')).toEqual({ awaiting: true });
    const end = { endedAt: '2026-03-15T11:00:00Z', stopReason: 'Local' };
    await reportSessionEnded(deps, 't_1', 'ses_1', end);
    await reportSessionEnded(deps, 't_1', 'ses_1', end);
    expect(deps.resumed).toEqual([{ taskToken: 'token-1', output: end }]);
  });

  it('answers the token at once when the session ended before the workflow waited for it', async () => {
    const store = tokenStore(new Set());
    const deps = fakeDeps({
      repositories: {
        sessionLifecycle: store.sessionLifecycle,
        sessions: {
          getSession: async () =>
            ({ ...session, stoppedAt: '2026-03-15T10:00:05Z', stopReason: 'EVDisconnected' }) as never,
        },
      },
    });
    expect(await awaitSessionEnd(deps, 't_1', 'ses_1', 'token-2')).toEqual({ awaiting: false });
    expect(deps.resumed).toEqual([
      { taskToken: 'token-2', output: { endedAt: '2026-03-15T10:00:05Z', stopReason: 'EVDisconnected' } },
    ]);
  });

  it('logs a resume that fails instead of failing the charger’s stop', async () => {
    const store = tokenStore(new Set(['ses_1']));
    const deps = fakeDeps({
      repositories: { sessionLifecycle: store.sessionLifecycle },
      workflows: {
        resume: async () => {
          throw new Error('TaskTimedOut');
        },
      },
    });
    await awaitSessionEnd(deps, 't_1', 'ses_1', 'token-3');
    await reportSessionEnded(deps, 't_1', 'ses_1', { endedAt: '2026-03-15T11:00:00Z' });
    expect(deps.logged).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'Could not resume the session workflow' }),
    );
  });

  it('names an unfaked repository method when a use case reaches for it', async () => {
    const deps = fakeDeps();
    await expect(reportSessionEnded(deps, 't_1', 'ses_1', { endedAt: 'x' })).rejects.toThrow(
      'sessionLifecycle.takeLifecycleToken was called but not faked',
    );
  });
});
