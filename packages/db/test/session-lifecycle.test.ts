import { chargerInstant, type Session, startedSessionId } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { keys } from '../src/keys.ts';
import { freshTenant, useDynamoDbLocal } from './support/dynamodb.ts';

const local = useDynamoDbLocal();

const RECEIVED = new Date('2025-03-01T08:00:05.000Z');

/** A session recorded the way StartTransaction records it: derived id, fresh transaction id, status active. */
async function startSession(tenantId: string, connectorId = 1): Promise<Session> {
  const { sessions } = local.repositories;
  const start = {
    chargePointId: 'CP-1',
    connectorId,
    idTag: 'TAG-1',
    timestamp: '2025-03-01T08:00:00Z',
    meterStartWh: 1_000,
  };
  const transactionId = await sessions.nextTransactionId(tenantId);
  const session: Session & { readonly transactionId: number } = {
    id: startedSessionId(tenantId, start),
    tenantId,
    chargePointId: start.chargePointId,
    connectorId: start.connectorId,
    idTag: start.idTag,
    customerId: 'c1',
    transactionId,
    startedAt: chargerInstant(start.timestamp),
    meterStartWh: start.meterStartWh,
    status: 'active',
    flags: [],
    createdAt: RECEIVED.toISOString(),
  };
  expect(await sessions.createSession(session)).toEqual({ sessionId: session.id, transactionId });
  return session;
}

async function sessionItem(tenantId: string, sessionId: string) {
  const { Item } = await local.table.get({ Key: keys.session(tenantId, sessionId), ConsistentRead: true });
  return Item;
}

async function complete(session: Session) {
  const completed = await local.repositories.sessions.completeSession(session, {
    stoppedAt: '2025-03-01T09:00:00.000Z',
    meterStopWh: 12_000,
    energyWh: 11_000,
    stopReason: 'Local',
    flags: [],
  });
  expect(completed).toBe(true);
}

describe('the session lifecycle token', () => {
  it('is kept on an active session', async () => {
    const tenantId = freshTenant('life');
    const session = await startSession(tenantId);

    expect(
      await local.repositories.sessionLifecycle.keepLifecycleToken(tenantId, session.id, 'token-1'),
    ).toBe('kept');

    expect(await sessionItem(tenantId, session.id)).toMatchObject({
      type: 'Session',
      status: 'active',
      lifecycleToken: 'token-1',
    });
    // The session itself is untouched, and the token is not part of what a session read returns.
    const read = await local.repositories.sessions.getSession(tenantId, session.id);
    expect(read).toEqual(session);
    expect(read).not.toHaveProperty('lifecycleToken');
  });

  it('a later keep on the active session replaces the token', async () => {
    const tenantId = freshTenant('life');
    const session = await startSession(tenantId);
    const { sessionLifecycle } = local.repositories;
    await sessionLifecycle.keepLifecycleToken(tenantId, session.id, 'token-1');

    expect(await sessionLifecycle.keepLifecycleToken(tenantId, session.id, 'token-2')).toBe('kept');
    expect((await sessionItem(tenantId, session.id))?.lifecycleToken).toBe('token-2');
  });

  it('is not kept on a session that already ended', async () => {
    const tenantId = freshTenant('life');
    const session = await startSession(tenantId);
    await complete(session);

    expect(
      await local.repositories.sessionLifecycle.keepLifecycleToken(tenantId, session.id, 'token-1'),
    ).toBe('session-not-active');
    const item = await sessionItem(tenantId, session.id);
    expect(item?.status).toBe('completed');
    expect(item).not.toHaveProperty('lifecycleToken');
  });

  it('is not kept for a session that does not exist, and no item is created', async () => {
    const tenantId = freshTenant('life');

    expect(await local.repositories.sessionLifecycle.keepLifecycleToken(tenantId, 'no-such', 'token-1')).toBe(
      'session-not-active',
    );
    expect(await sessionItem(tenantId, 'no-such')).toBeUndefined();
  });

  it('is taken once: the first take returns it and removes it, the next finds none', async () => {
    const tenantId = freshTenant('life');
    const session = await startSession(tenantId);
    const { sessionLifecycle } = local.repositories;
    await sessionLifecycle.keepLifecycleToken(tenantId, session.id, 'token-1');

    expect(await sessionLifecycle.takeLifecycleToken(tenantId, session.id)).toBe('token-1');
    const item = await sessionItem(tenantId, session.id);
    expect(item).not.toHaveProperty('lifecycleToken');
    expect(item).toMatchObject({ type: 'Session', status: 'active', transactionId: session.transactionId });

    expect(await sessionLifecycle.takeLifecycleToken(tenantId, session.id)).toBeUndefined();
  });

  it('is taken from a session that ended after the token was kept (the StopTransaction path)', async () => {
    const tenantId = freshTenant('life');
    const session = await startSession(tenantId);
    const { sessionLifecycle } = local.repositories;
    await sessionLifecycle.keepLifecycleToken(tenantId, session.id, 'token-1');
    await complete(session);

    expect(await sessionLifecycle.takeLifecycleToken(tenantId, session.id)).toBe('token-1');
    expect(await sessionItem(tenantId, session.id)).toMatchObject({ status: 'completed', energyWh: 11_000 });
    expect(await sessionItem(tenantId, session.id)).not.toHaveProperty('lifecycleToken');
    expect(await sessionLifecycle.takeLifecycleToken(tenantId, session.id)).toBeUndefined();
  });

  it('nothing to take from a session without a token or from no session, and nothing is created', async () => {
    const tenantId = freshTenant('life');
    const session = await startSession(tenantId);
    const { sessionLifecycle } = local.repositories;

    expect(await sessionLifecycle.takeLifecycleToken(tenantId, session.id)).toBeUndefined();
    expect(await sessionLifecycle.takeLifecycleToken(tenantId, 'no-such')).toBeUndefined();
    expect(await sessionItem(tenantId, 'no-such')).toBeUndefined();
    expect(await sessionItem(tenantId, session.id)).toMatchObject({ status: 'active' });
  });

  it('of concurrent takes, exactly one gets the token', async () => {
    const tenantId = freshTenant('life');
    const session = await startSession(tenantId);
    const { sessionLifecycle } = local.repositories;
    await sessionLifecycle.keepLifecycleToken(tenantId, session.id, 'token-1');

    const taken = await Promise.all(
      Array.from({ length: 4 }, () => sessionLifecycle.takeLifecycleToken(tenantId, session.id)),
    );

    expect(taken.filter((t) => t === 'token-1')).toHaveLength(1);
    expect(taken.filter((t) => t === undefined)).toHaveLength(3);
  });
});
