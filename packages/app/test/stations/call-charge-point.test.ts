import {
  ConflictError,
  NotFoundError,
  UpstreamError,
  UpstreamTimeoutError,
  ValidationError,
} from '@csms/core';
import { describe, expect, it } from 'vitest';
import { callChargePoint } from '../../src/stations/commands/call-charge-point.ts';
import { answering, chargerWorld, fastTimeouts, result, TENANT } from './charger-world.ts';

const fast = { timeoutMs: 150, pollIntervalMs: 5 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('callChargePoint', () => {
  it('refuses a charger that is not connected with a ConflictError, sending nothing', async () => {
    const world = chargerWorld({ chargePoints: [{ connectionId: undefined }] });
    const error = await rejection(callChargePoint(world.deps, TENANT, 'CP-1', 'ClearCache', {}, fast));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('Charge point CP-1 is not connected');
    expect(world.deps.sent.frames).toEqual([]);
    expect(world.slots.size).toBe(0);
  });

  it('answers NotFoundError for a charge point of another tenant', async () => {
    const world = chargerWorld();
    await expect(callChargePoint(world.deps, 't_other', 'CP-1', 'ClearCache', {}, fast)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('refuses an action the charger initiates (not CSMS-initiated), naming the field `action`', async () => {
    const world = chargerWorld();
    const error = await rejection(callChargePoint(world.deps, TENANT, 'CP-1', 'Heartbeat', {}, fast));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'action', in: 'path', message: 'Heartbeat is not a CSMS-initiated ocpp1.6 action' },
    ]);
    expect(world.deps.sent.frames).toEqual([]);
  });

  it('refuses a payload that breaks the action’s request schema, naming the offending field', async () => {
    const world = chargerWorld();
    const error = await rejection(
      callChargePoint(
        world.deps,
        TENANT,
        'CP-1',
        'ChangeAvailability',
        { connectorId: 0, type: 'Off' },
        fast,
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toHaveLength(1);
    expect((error as ValidationError).issues[0]?.field).toBe('type');
    expect(world.deps.sent.frames).toEqual([]);
    expect(world.slots.size).toBe(0);
  });

  it('sends a valid OCPP CALL [2, id, action, payload] on the charger’s connection', async () => {
    const world = chargerWorld({ answer: answering({ Reset: result({ status: 'Accepted' }) }) });
    await callChargePoint(world.deps, TENANT, 'CP-1', 'Reset', { type: 'Soft' }, fast);
    expect(world.deps.sent.frames).toHaveLength(1);
    const { connectionId, frame } = world.deps.sent.frames[0]!;
    expect(connectionId).toBe('conn-CP-1');
    const decoded = JSON.parse(frame) as unknown[];
    expect(decoded).toHaveLength(4);
    expect(decoded[0]).toBe(2);
    expect(typeof decoded[1]).toBe('string');
    expect((decoded[1] as string).length).toBeGreaterThan(0);
    expect((decoded[1] as string).length).toBeLessThanOrEqual(36);
    expect(decoded.slice(2)).toEqual(['Reset', { type: 'Soft' }]);
  });

  it('returns the reply stored on the pending call, and releases the slot', async () => {
    const world = chargerWorld({
      answer: answering({
        GetConfiguration: result({
          configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
        }),
      }),
      replyDelayMs: 20,
    });
    const answer = await callChargePoint(
      world.deps,
      TENANT,
      'CP-1',
      'GetConfiguration',
      { key: ['HeartbeatInterval'] },
      fast,
    );
    expect(answer).toEqual({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
    });
    expect(world.slots.size).toBe(0);
    expect(world.released).toEqual([world.calls[0]!.messageId]);
    expect(world.deps.logged).toContainEqual({
      level: 'info',
      message: 'ocpp frame',
      fields: {
        tenantId: TENANT,
        chargePointId: 'CP-1',
        direction: 'out',
        type: 'CALL',
        messageId: world.calls[0]!.messageId,
        action: 'GetConfiguration',
      },
    });
  });

  it('refuses a second call to the same charger while the first still waits, and frees the slot after', async () => {
    const world = chargerWorld({
      answer: answering({ ClearCache: result({ status: 'Accepted' }) }),
      replyDelayMs: 60,
    });
    const first = callChargePoint(world.deps, TENANT, 'CP-1', 'ClearCache', {}, fast);
    // Let the first claim its slot and send.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(world.slots.size).toBe(1);
    const second = await rejection(callChargePoint(world.deps, TENANT, 'CP-1', 'ClearCache', {}, fast));
    expect(second).toBeInstanceOf(ConflictError);
    expect((second as Error).message).toBe('Another command to CP-1 is still waiting for its answer');
    expect(await first).toEqual({ status: 'Accepted' });
    // Only the first CALL reached the charger; the refused one did not release the first one's slot.
    expect(world.calls).toHaveLength(1);
    expect(world.released).toEqual([world.calls[0]!.messageId]);
    // Once answered, the next command goes through.
    expect(await callChargePoint(world.deps, TENANT, 'CP-1', 'ClearCache', {}, fast)).toEqual({
      status: 'Accepted',
    });
    expect(world.calls).toHaveLength(2);
  });

  it('turns a CALLERROR reply into an UpstreamError carrying its code and details', async () => {
    const world = chargerWorld({
      answer: answering({
        UnlockConnector: {
          kind: 'error',
          code: 'NotSupported',
          description: 'No lock',
          details: { hint: 'fixed cable' },
        },
      }),
    });
    const error = await rejection(
      callChargePoint(world.deps, TENANT, 'CP-1', 'UnlockConnector', { connectorId: 1 }, fast),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe('NotSupported');
    expect((error as UpstreamError).details).toEqual({ hint: 'fixed cable' });
    expect((error as Error).message).toBe('CP-1 answered UnlockConnector with NotSupported: No lock');
    expect(world.slots.size).toBe(0);
  });

  it('turns a reply that breaks the response schema into an UpstreamError', async () => {
    const world = chargerWorld({ answer: answering({ ClearCache: result({ status: 'Maybe' }) }) });
    const error = await rejection(callChargePoint(world.deps, TENANT, 'CP-1', 'ClearCache', {}, fast));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(/^CP-1 answered ClearCache with an invalid payload/);
    expect(world.slots.size).toBe(0);
  });

  it('gives up with UpstreamTimeoutError after settings.timeouts.callMs of silence, and releases the slot', async () => {
    const world = chargerWorld({ settings: { timeouts: { ...fastTimeouts, callMs: 80 } } });
    const started = Date.now();
    const error = await rejection(
      callChargePoint(world.deps, TENANT, 'CP-1', 'ClearCache', {}, { pollIntervalMs: 5 }),
    );
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(waited).toBeGreaterThanOrEqual(75);
    expect(waited).toBeLessThan(1_000);
    expect(world.calls).toHaveLength(1);
    expect(world.slots.size).toBe(0);
    expect(world.released).toEqual([world.calls[0]!.messageId]);
  });

  it('claims the slot with an expiry just past the timeout, so a crashed caller frees it by TTL', async () => {
    const claims: { messageId: string; action: string; expiresAt: number }[] = [];
    const world = chargerWorld({
      answer: answering({ ClearCache: result({ status: 'Accepted' }) }),
      repositories: {
        pendingCalls: {
          claimCallSlot: async (_tenantId, _chargePointId, call) => {
            claims.push(call);
            return true;
          },
          readCallReply: async () => ({ kind: 'result', payload: { status: 'Accepted' } }),
          releaseCallSlot: async () => undefined,
        },
      },
    });
    const before = Date.now();
    await callChargePoint(world.deps, TENANT, 'CP-1', 'ClearCache', {}, { timeoutMs: 10_000 });
    expect(claims).toHaveLength(1);
    expect(claims[0]!.action).toBe('ClearCache');
    expect(claims[0]!.messageId).toBe(world.calls[0]!.messageId);
    const expiresMs = claims[0]!.expiresAt * 1000;
    expect(expiresMs).toBeGreaterThanOrEqual(before + 10_000);
    expect(expiresMs).toBeLessThanOrEqual(Date.now() + 12_000);
  });

  it('answers ConflictError when the connection turns out to be gone, and releases the slot', async () => {
    const world = chargerWorld({ delivered: false });
    const error = await rejection(callChargePoint(world.deps, TENANT, 'CP-1', 'ClearCache', {}, fast));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('Charge point CP-1 is not connected');
    expect(world.deps.sent.frames).toHaveLength(1);
    expect(world.slots.size).toBe(0);
  });

  it('checks actions against the version the charger negotiated (OCPP 2.0.1)', async () => {
    const world = chargerWorld({
      chargePoints: [{ ocppVersion: 'ocpp2.0.1' }],
      answer: answering({ RequestStartTransaction: result({ status: 'Accepted' }) }),
    });
    const legacy = await rejection(
      callChargePoint(world.deps, TENANT, 'CP-1', 'RemoteStartTransaction', { idTag: 'A' }, fast),
    );
    expect(legacy).toBeInstanceOf(ValidationError);
    expect((legacy as ValidationError).issues[0]?.message).toBe(
      'RemoteStartTransaction is not a CSMS-initiated ocpp2.0.1 action',
    );
    const answer = await callChargePoint(
      world.deps,
      TENANT,
      'CP-1',
      'RequestStartTransaction',
      { idToken: { idToken: 'A', type: 'ISO14443' }, remoteStartId: 1 },
      fast,
    );
    expect(answer).toEqual({ status: 'Accepted' });
  });

  // The last wait is capped at the time left and the slot is read once more at the deadline, so a reply stored
  // within the timeout counts even when the poll interval is longer than what was left.
  it('returns a reply stored before the deadline even when the poll interval overshoots it', async () => {
    const world = chargerWorld({
      answer: answering({ ClearCache: result({ status: 'Accepted' }) }),
      replyDelayMs: 10,
    });
    const answer = await callChargePoint(
      world.deps,
      TENANT,
      'CP-1',
      'ClearCache',
      {},
      {
        timeoutMs: 100,
        pollIntervalMs: 150,
      },
    );
    expect(answer).toEqual({ status: 'Accepted' });
  });
});
