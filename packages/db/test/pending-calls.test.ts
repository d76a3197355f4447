import { describe, expect, it } from 'vitest';
import { keys } from '../src/keys.ts';
import type { CallErrorReply, PendingCall } from '../src/pending-calls.ts';
import { freshTenant, useDynamoDbLocal } from './support/dynamodb.ts';

const local = useDynamoDbLocal();

const AT = '2026-03-15T12:00:00.000Z';
const CP = 'CP-1';
const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

const call = (messageId: string, connectionId: string, expiresAt = inAMinute()): PendingCall => ({
  messageId,
  action: 'Reset',
  sentAt: AT,
  expiresAt,
  connectionId,
});

const disconnected: CallErrorReply = {
  kind: 'error',
  code: 'Disconnected',
  description: 'CP-1 disconnected before answering',
  details: {},
};

async function storedSlot(tenantId: string) {
  const { Item } = await local.table.get({ Key: keys.pendingCall(tenantId, CP), ConsistentRead: true });
  return Item;
}

/** A tenant whose charger is connected on `connectionId` (access pattern 6). */
async function connectedOn(connectionId: string) {
  const tenantId = freshTenant('calls');
  await local.repositories.chargePoints.recordConnected(tenantId, CP, connectionId, 'ocpp1.6', AT);
  return tenantId;
}

describe('pending-call slots against DynamoDB Local', () => {
  it('records the connection a call is sent on, and refuses a second call while that connection is current', async () => {
    const tenantId = await connectedOn('conn-a');
    const { pendingCalls } = local.repositories;

    expect(await pendingCalls.claimCallSlot(tenantId, CP, call('m1', 'conn-a'))).toBe(true);
    expect(await storedSlot(tenantId)).toMatchObject({
      type: 'PendingCall',
      messageId: 'm1',
      connectionId: 'conn-a',
    });
    expect(await pendingCalls.claimCallSlot(tenantId, CP, call('m2', 'conn-a'))).toBe(false);
    expect((await storedSlot(tenantId))?.messageId).toBe('m1');
  });

  it('lets a call on a new connection take over a slot held by an unanswered call on the old one', async () => {
    const tenantId = await connectedOn('conn-a');
    const { pendingCalls, chargePoints } = local.repositories;
    await pendingCalls.claimCallSlot(tenantId, CP, call('m1', 'conn-a'));
    await chargePoints.recordConnected(tenantId, CP, 'conn-b', 'ocpp1.6', AT);

    expect(await pendingCalls.claimCallSlot(tenantId, CP, call('m2', 'conn-b'))).toBe(true);
    expect(await storedSlot(tenantId)).toMatchObject({ messageId: 'm2', connectionId: 'conn-b' });
    // The replaced call's waiter finds nothing for it, and its release leaves the new call's slot alone.
    expect(await pendingCalls.readCallReply(tenantId, CP, 'm1')).toBeUndefined();
    await pendingCalls.releaseCallSlot(tenantId, CP, 'm1');
    expect((await storedSlot(tenantId))?.messageId).toBe('m2');
    // The new call, on the current connection, is protected in turn.
    expect(await pendingCalls.claimCallSlot(tenantId, CP, call('m3', 'conn-b'))).toBe(false);
  });

  it('takes over a slot whose connection was closed with no reconnect since', async () => {
    const tenantId = await connectedOn('conn-a');
    const { pendingCalls, chargePoints } = local.repositories;
    await pendingCalls.claimCallSlot(tenantId, CP, call('m1', 'conn-a'));
    await chargePoints.recordDisconnected(tenantId, CP, 'conn-a', AT);

    expect(await pendingCalls.claimCallSlot(tenantId, CP, call('m2', 'conn-a'))).toBe(true);
    expect((await storedSlot(tenantId))?.messageId).toBe('m2');
  });

  it('does not take over a call already answered: its waiter is about to read the reply', async () => {
    const tenantId = await connectedOn('conn-a');
    const { pendingCalls, chargePoints } = local.repositories;
    await pendingCalls.claimCallSlot(tenantId, CP, call('m1', 'conn-a'));
    await pendingCalls.recordCallReply(tenantId, CP, 'm1', {
      kind: 'result',
      payload: { status: 'Accepted' },
    });
    await chargePoints.recordConnected(tenantId, CP, 'conn-b', 'ocpp1.6', AT);

    expect(await pendingCalls.claimCallSlot(tenantId, CP, call('m2', 'conn-b'))).toBe(false);
    expect(await pendingCalls.readCallReply(tenantId, CP, 'm1')).toEqual({
      kind: 'result',
      payload: { status: 'Accepted' },
    });
  });

  it('still takes over an expired slot, and a free one', async () => {
    const tenantId = await connectedOn('conn-a');
    const { pendingCalls } = local.repositories;
    expect(await pendingCalls.claimCallSlot(tenantId, CP, call('m1', 'conn-a', 1))).toBe(true);
    expect(await pendingCalls.claimCallSlot(tenantId, CP, call('m2', 'conn-a'))).toBe(true);
    await pendingCalls.releaseCallSlot(tenantId, CP, 'm2');
    expect(await storedSlot(tenantId)).toBeUndefined();
    expect(await pendingCalls.claimCallSlot(tenantId, CP, call('m3', 'conn-a'))).toBe(true);
  });

  it('fails the unanswered call sent on a closed connection, once; a late reply changes nothing', async () => {
    const tenantId = await connectedOn('conn-a');
    const { pendingCalls } = local.repositories;
    await pendingCalls.claimCallSlot(tenantId, CP, call('m1', 'conn-a'));

    // A $disconnect of some other connection (an older one, delivered late) is not this call's.
    expect(
      await pendingCalls.failUnansweredCall(tenantId, CP, { sentOn: 'conn-old' }, disconnected, AT),
    ).toBeUndefined();
    expect(await pendingCalls.readCallReply(tenantId, CP, 'm1')).toBeUndefined();

    expect(
      await pendingCalls.failUnansweredCall(tenantId, CP, { sentOn: 'conn-a' }, disconnected, AT),
    ).toEqual({ ...call('m1', 'conn-a'), expiresAt: expect.any(Number), reply: disconnected, repliedAt: AT });
    expect(await pendingCalls.readCallReply(tenantId, CP, 'm1')).toEqual(disconnected);
    expect(
      await pendingCalls.failUnansweredCall(tenantId, CP, { sentOn: 'conn-a' }, disconnected, AT),
    ).toBeUndefined();
    expect(
      await pendingCalls.recordCallReply(tenantId, CP, 'm1', {
        kind: 'result',
        payload: { status: 'Accepted' },
      }),
    ).toBe(false);
    expect(await pendingCalls.readCallReply(tenantId, CP, 'm1')).toEqual(disconnected);
  });

  it('on a new connection, fails a call sent on any other, never one sent on the new one', async () => {
    const tenantId = await connectedOn('conn-b');
    const { pendingCalls } = local.repositories;
    await pendingCalls.claimCallSlot(tenantId, CP, call('m1', 'conn-b'));
    expect(
      await pendingCalls.failUnansweredCall(tenantId, CP, { notSentOn: 'conn-b' }, disconnected, AT),
    ).toBeUndefined();
    expect(await pendingCalls.readCallReply(tenantId, CP, 'm1')).toBeUndefined();

    expect(
      (await pendingCalls.failUnansweredCall(tenantId, CP, { notSentOn: 'conn-c' }, disconnected, AT))
        ?.messageId,
    ).toBe('m1');
    expect(await pendingCalls.readCallReply(tenantId, CP, 'm1')).toEqual(disconnected);
  });

  it('keeps a reply stored before the connection closed', async () => {
    const tenantId = await connectedOn('conn-a');
    const { pendingCalls } = local.repositories;
    const accepted = { kind: 'result', payload: { status: 'Accepted' } } as const;
    await pendingCalls.claimCallSlot(tenantId, CP, call('m1', 'conn-a'));
    await pendingCalls.recordCallReply(tenantId, CP, 'm1', accepted);

    expect(
      await pendingCalls.failUnansweredCall(tenantId, CP, { sentOn: 'conn-a' }, disconnected, AT),
    ).toBeUndefined();
    expect(await pendingCalls.readCallReply(tenantId, CP, 'm1')).toEqual(accepted);
  });

  it('creates no slot when none is pending', async () => {
    const tenantId = await connectedOn('conn-a');
    const { pendingCalls } = local.repositories;
    expect(
      await pendingCalls.failUnansweredCall(tenantId, CP, { sentOn: 'conn-a' }, disconnected, AT),
    ).toBeUndefined();
    expect(
      await pendingCalls.failUnansweredCall(tenantId, CP, { notSentOn: 'conn-b' }, disconnected, AT),
    ).toBeUndefined();
    expect(await storedSlot(tenantId)).toBeUndefined();
  });

  it('leaves a slot claimed before connections were recorded to its expiry', async () => {
    const tenantId = await connectedOn('conn-b');
    const { pendingCalls } = local.repositories;
    const { connectionId: _none, ...legacy } = call('m1', 'conn-a');
    await local.table.put({ Item: { ...keys.pendingCall(tenantId, CP), type: 'PendingCall', ...legacy } });

    expect(
      await pendingCalls.failUnansweredCall(tenantId, CP, { notSentOn: 'conn-b' }, disconnected, AT),
    ).toBeUndefined();
    expect(await pendingCalls.claimCallSlot(tenantId, CP, call('m2', 'conn-b'))).toBe(false);
    expect((await storedSlot(tenantId))?.messageId).toBe('m1');
  });
});
