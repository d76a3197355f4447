import type { Session } from '@csms/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  answering,
  chargerWorld,
  fastTimeouts,
  result,
  TENANT,
} from '../../app/test/stations/charger-world.ts';
import { create } from '../src/workflows/tasks/check-session.ts';

/**
 * CheckSession asks a charger whose session has not ended for a long time to report its meter — in the
 * version it speaks, for the connector (2.0.1: the EVSE) the session runs on. The stop reading is never
 * invented; an answer only says the transaction still runs.
 */
const running = (overrides: Partial<Session>): Session => ({
  id: 'ses_1',
  tenantId: TENANT,
  chargePointId: 'CP-1',
  connectorId: 2,
  idTag: 'CARD-1',
  transactionId: 7,
  startedAt: '2026-03-15T10:00:00.000Z',
  meterStartWh: 0,
  status: 'active',
  flags: [],
  createdAt: '2026-03-15T10:00:00.000Z',
  ...overrides,
});

function check(version: 'ocpp1.6' | 'ocpp2.0.1', session: Session) {
  const world = chargerWorld({
    chargePoints: [{ ocppVersion: version }],
    settings: { timeouts: fastTimeouts },
    answer: answering({ TriggerMessage: result({ status: 'Accepted' }) }),
    repositories: { sessions: { getSession: async () => session } },
  });
  const run = create(world.deps);
  const input = {
    tenantId: TENANT,
    chargePointId: 'CP-1',
    sessionId: session.id,
    startedAt: session.startedAt,
  };
  return { world, outcome: run(input, {} as Context) };
}

describe('CheckSession', () => {
  it('asks an OCPP 1.6 charger for MeterValues of the session’s connector', async () => {
    const { world, outcome } = check('ocpp1.6', running({}));
    expect(await outcome).toMatchObject({ state: 'active' });
    expect(world.calls.map((c) => [c.action, c.payload])).toEqual([
      ['TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 2 }],
    ]);
  });

  it('asks an OCPP 2.0.1 charger for MeterValues of the session’s EVSE', async () => {
    const { world, outcome } = check('ocpp2.0.1', running({ transactionId: 'tx-2' }));
    expect(await outcome).toMatchObject({ state: 'active' });
    expect(world.calls.map((c) => [c.action, c.payload])).toEqual([
      ['TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 2 } }],
    ]);
  });
});
