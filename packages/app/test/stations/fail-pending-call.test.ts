import { UpstreamError } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { callChargePoint } from '../../src/stations/commands/call-charge-point.ts';
import { DISCONNECTED, failPendingCall } from '../../src/stations/commands/fail-pending-call.ts';
import { fakeDeps } from '../support/fake-deps.ts';
import { answering, chargerWorld, result, TENANT, type World } from './charger-world.ts';

// A call timeout far beyond what any test here waits: ending early can only come from the failed slot.
const patient = { timeoutMs: 10_000, pollIntervalMs: 5 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Starts a Reset the charger does not answer, and resolves once the CALL has gone out. */
async function unansweredReset(world: World) {
  const started = Date.now();
  const call = callChargePoint(world.deps, TENANT, 'CP-1', 'Reset', { type: 'Soft' }, patient);
  while (world.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  return { call, started };
}

describe('failPendingCall', () => {
  it('on $disconnect, fails the call sent on that connection: the waiter ends at once with a 502 error', async () => {
    const world = chargerWorld();
    const { call, started } = await unansweredReset(world);

    const failed = await failPendingCall(world.deps, TENANT, 'CP-1', { closed: 'conn-CP-1' });

    const error = await rejection(call);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(failed).toBe(world.calls[0]!.messageId);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe('upstream-error');
    expect((error as UpstreamError).code).toBe(DISCONNECTED);
    expect((error as Error).message).toBe('CP-1 disconnected before answering Reset');
    // Released as after any reply, so the next command is not refused.
    expect(world.slots.size).toBe(0);
    expect(world.released).toEqual([failed]);
    expect(world.deps.logged).toContainEqual({
      level: 'info',
      message: 'Failed a pending call: the charger left its connection',
      fields: {
        tenantId: TENANT,
        chargePointId: 'CP-1',
        messageId: failed,
        action: 'Reset',
        connectionId: 'conn-CP-1',
      },
    });
  });

  it('on $connect of a new connection, fails the call still waiting on the old one', async () => {
    const world = chargerWorld();
    const { call, started } = await unansweredReset(world);

    await failPendingCall(world.deps, TENANT, 'CP-1', { opened: 'conn-CP-1-again' });

    const error = await rejection(call);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((error as UpstreamError).code).toBe(DISCONNECTED);
    expect((error as Error).message).toBe('CP-1 reconnected on a new connection before answering Reset');
    expect(world.slots.size).toBe(0);
  });

  it('leaves a call on the current connection alone when a stale $disconnect of an older one arrives', async () => {
    const world = chargerWorld({
      answer: answering({ Reset: result({ status: 'Accepted' }) }),
      replyDelayMs: 50,
    });
    const call = callChargePoint(world.deps, TENANT, 'CP-1', 'Reset', { type: 'Soft' }, patient);
    while (world.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));

    expect(await failPendingCall(world.deps, TENANT, 'CP-1', { closed: 'conn-older' })).toBeUndefined();
    // Nor does the $connect of the connection the call was sent on fail it.
    expect(await failPendingCall(world.deps, TENANT, 'CP-1', { opened: 'conn-CP-1' })).toBeUndefined();

    expect(await call).toEqual({ status: 'Accepted' });
  });

  it('keeps a reply the charger sent just before closing: the answer wins over the disconnect', async () => {
    const world = chargerWorld({ answer: answering({ Reset: result({ status: 'Accepted' }) }) });
    let failed: string | undefined = 'not tried';
    const deps = {
      ...world.deps,
      chargers: {
        ...world.deps.chargers,
        // The reply is stored while `send` runs; the connection closes right after.
        send: async (connectionId: string, frame: string) => {
          const sent = await world.deps.chargers.send(connectionId, frame);
          failed = await failPendingCall(world.deps, TENANT, 'CP-1', { closed: connectionId });
          return sent;
        },
      },
    };

    expect(await callChargePoint(deps, TENANT, 'CP-1', 'Reset', { type: 'Soft' }, patient)).toEqual({
      status: 'Accepted',
    });
    expect(failed).toBeUndefined();
  });

  it('does nothing when no call is pending', async () => {
    const world = chargerWorld();
    expect(await failPendingCall(world.deps, TENANT, 'CP-1', { closed: 'conn-CP-1' })).toBeUndefined();
    expect(world.deps.logged).toEqual([]);
  });

  it('stores an error reply conditioned on the connection: the closed one, or every one but the new one', async () => {
    const asked: unknown[] = [];
    const deps = fakeDeps({
      now: '2026-03-15T12:00:00Z',
      repositories: {
        pendingCalls: {
          failUnansweredCall: async (...args) => {
            asked.push(args);
            return undefined;
          },
        },
      },
    });
    await failPendingCall(deps, TENANT, 'CP-1', { closed: 'conn-a' });
    await failPendingCall(deps, TENANT, 'CP-1', { opened: 'conn-b' });
    expect(asked).toEqual([
      [
        TENANT,
        'CP-1',
        { sentOn: 'conn-a' },
        {
          kind: 'error',
          code: 'Disconnected',
          description: 'CP-1 disconnected before answering',
          details: {},
        },
        '2026-03-15T12:00:00.000Z',
      ],
      [
        TENANT,
        'CP-1',
        { notSentOn: 'conn-b' },
        {
          kind: 'error',
          code: 'Disconnected',
          description: 'CP-1 reconnected on a new connection before answering',
          details: {},
        },
        '2026-03-15T12:00:00.000Z',
      ],
    ]);
  });

  it('never fails the connect or disconnect: a storage error is logged as a warning', async () => {
    const deps = fakeDeps({
      repositories: {
        pendingCalls: {
          failUnansweredCall: async () => {
            throw new Error('ProvisionedThroughputExceededException');
          },
        },
      },
    });
    expect(await failPendingCall(deps, TENANT, 'CP-1', { closed: 'conn-a' })).toBeUndefined();
    expect(deps.logged).toEqual([
      {
        level: 'warn',
        message: 'Could not fail the pending call of a connection the charger left',
        fields: {
          tenantId: TENANT,
          chargePointId: 'CP-1',
          error: 'Error: ProvisionedThroughputExceededException',
        },
      },
    ]);
  });
});
