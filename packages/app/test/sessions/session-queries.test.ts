import { NotFoundError, type Session } from '@csms/core';
import type { SessionQuery } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { getSessionWithCost, listSessions } from '../../src/sessions/session-queries.ts';
import {
  assigned,
  chargePoint,
  meterValue,
  pricingWorld,
  session,
  TENANT,
  tariff,
  version,
} from '../pricing/pricing-world.ts';
import { fakeDeps } from '../support/fake-deps.ts';

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('should have been refused'),
    (error: unknown) => error,
  );
}

/** A session id as minted (`ses` + 20 characters). */
const SES = `ses${'a'.repeat(20)}`;
const TARIFF = `tar${'a'.repeat(20)}`;

/** A pricing world (0.30 EUR/kWh net, 20 % VAT, as the tenant default) that also stores sessions. */
function sessionWorld(sessions: Session[]) {
  const world = pricingWorld({
    chargePoints: [chargePoint('CP-1')],
    tariffs: [tariff(TARIFF, [version(1, '2026-01-01T00:00:00.000Z')], 'Standard')],
    assignments: [assigned({ level: 'tenant' }, ['2026-01-01T00:00:00.000Z', TARIFF])],
    meterValues: { [SES]: [meterValue('2026-03-15T11:00:00.000Z', 110_000)] },
  });
  const stored = new Map(sessions.map((s) => [s.id, s]));
  const deps = {
    ...world.deps,
    sessions: {
      ...world.deps.sessions,
      getSession: async (_tenantId: string, id: string) => {
        world.calls.push(`sessions.getSession(${id})`);
        return stored.get(id);
      },
    },
  };
  return { deps, calls: world.calls };
}

describe('listSessions', () => {
  it('asks for the page with the filters as given', async () => {
    const asked: SessionQuery[] = [];
    const page = { items: [session({ id: SES })], nextCursor: 'next' };
    const deps = fakeDeps({
      repositories: {
        sessions: {
          listSessions: async (_tenantId, query) => {
            asked.push(query);
            return page;
          },
        },
      },
    });
    const query = { chargePointId: 'CP-1', customerId: 'c1', from: '2026-03-01T00:00:00.000Z', limit: 20 };
    expect(await listSessions(deps, TENANT, query)).toEqual(page);
    expect(asked).toEqual([query]);
  });
});

describe('getSessionWithCost', () => {
  it('answers a running session with its meter values and a live cost up to now, reading them once', async () => {
    const { deps, calls } = sessionWorld([session({ id: SES })]);
    const { session: found, meterValues, cost } = await getSessionWithCost(deps, TENANT, SES);
    expect(found.id).toBe(SES);
    expect(meterValues).toEqual([meterValue('2026-03-15T11:00:00.000Z', 110_000)]);
    // 10 kWh since the start at 100 000 Wh, at 0.30 net: 3.00 + 20 % VAT, priced up to the clock's now.
    expect(cost).toMatchObject({
      currency: 'EUR',
      totalNet: 300,
      totalVat: 60,
      totalGross: 360,
      final: false,
      pricedUntil: '2026-03-15T12:00:00.000Z',
      tariff: { id: TARIFF, name: 'Standard', version: 1 },
    });
    expect(calls.filter((c) => c.startsWith('sessions.meterSamplesOf'))).toEqual([
      `sessions.meterSamplesOf(${SES})`,
    ]);
  });

  it('answers a null cost when no tariff applies', async () => {
    const world = pricingWorld({ chargePoints: [chargePoint('CP-1')] });
    const deps = {
      ...world.deps,
      sessions: { ...world.deps.sessions, getSession: async () => session({ id: SES }) },
    };
    expect((await getSessionWithCost(deps, TENANT, SES)).cost).toBeNull();
  });

  it('is 404 for an unknown session, and for an id never minted without a read', async () => {
    const { deps, calls } = sessionWorld([]);
    const unknown = await rejection(getSessionWithCost(deps, TENANT, `ses${'z'.repeat(20)}`));
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((unknown as Error).message).toBe('Session not found');
    expect(calls).toEqual([`sessions.getSession(ses${'z'.repeat(20)})`]);

    expect(await rejection(getSessionWithCost(deps, TENANT, 'ses_1'))).toBeInstanceOf(NotFoundError);
    expect(calls).toHaveLength(1);
  });
});
