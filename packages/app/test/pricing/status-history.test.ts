import { describe, expect, it } from 'vitest';
import { recordStatusForActiveSession } from '../../src/pricing/status-history.ts';
import { fakeDeps } from '../support/fake-deps.ts';

/** Connector → active session, and the status history each session accumulates. */
function store(active: Record<string, string>) {
  const lookups: string[] = [];
  const history = new Map<string, { at: string; status: string }[]>();
  const deps = fakeDeps({
    repositories: {
      sessions: {
        connectorSessionId: async (_tenantId, chargePointId, connectorId) => {
          lookups.push(`${chargePointId}/${connectorId}`);
          return active[`${chargePointId}/${connectorId}`];
        },
      },
      sessionStatuses: {
        recordSessionStatus: async (_tenantId, sessionId, change) => {
          history.set(sessionId, [...(history.get(sessionId) ?? []), change]);
        },
      },
    },
  });
  return { deps, lookups, history };
}

describe('recordStatusForActiveSession', () => {
  it('appends pricing-relevant statuses to the session occupying the connector, with the charger’s timestamp', async () => {
    const { deps, history } = store({ 'CP-1/1': 'ses_1' });
    await recordStatusForActiveSession(deps, 't_1', 'CP-1', 1, 'Charging', '2026-03-15T10:00:05.000Z');
    await recordStatusForActiveSession(deps, 't_1', 'CP-1', 1, 'SuspendedEV', '2026-03-15T10:30:00.000Z');
    expect(history.get('ses_1')).toEqual([
      { at: '2026-03-15T10:00:05.000Z', status: 'Charging' },
      { at: '2026-03-15T10:30:00.000Z', status: 'SuspendedEV' },
    ]);
  });

  it('costs no read for connector 0 or for statuses pricing ignores, and no write without an active session', async () => {
    const { deps, lookups, history } = store({});
    await recordStatusForActiveSession(deps, 't_1', 'CP-1', 0, 'Charging', '2026-03-15T10:00:00.000Z');
    await recordStatusForActiveSession(deps, 't_1', 'CP-1', 1, 'Faulted', '2026-03-15T10:00:00.000Z');
    await recordStatusForActiveSession(deps, 't_1', 'CP-1', 1, 'Preparing', '2026-03-15T10:00:00.000Z');
    expect(lookups).toEqual([]);
    await recordStatusForActiveSession(deps, 't_1', 'CP-1', 2, 'Available', '2026-03-15T10:00:00.000Z');
    expect(lookups).toEqual(['CP-1/2']);
    expect(history.size).toBe(0);
  });
});
