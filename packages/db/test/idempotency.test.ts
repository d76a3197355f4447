import { describe, expect, it } from 'vitest';
import { IN_PROGRESS_LOCK_MS } from '../src/idempotency.ts';
import { keys } from '../src/keys.ts';
import { freshTenant, useDynamoDbLocal } from './support/dynamodb.ts';

const local = useDynamoDbLocal();

const T0 = new Date('2025-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const RETENTION_SECONDS = 24 * 60 * 60;

async function storedItem(tenantId: string, key: string) {
  const { Item } = await local.table.get({ Key: keys.idempotencyKey(tenantId, key), ConsistentRead: true });
  return Item;
}

describe('idempotency keys against DynamoDB Local', () => {
  it('the first claim runs the request and stores the key as in progress, locked for 60 s', async () => {
    const tenantId = freshTenant('idem');
    const { idempotency } = local.repositories;

    expect(await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', T0)).toEqual({
      state: 'claimed',
    });

    expect(IN_PROGRESS_LOCK_MS).toBe(60_000);
    expect(await storedItem(tenantId, 'key-1')).toMatchObject({
      type: 'IdempotencyKey',
      fingerprint: 'fp-a',
      state: 'in-progress',
      lockedUntil: T0.getTime() + 60_000,
      expiresAt: Math.floor(T0.getTime() / 1000) + RETENTION_SECONDS,
    });
  });

  it('a retry with the same request while the first still runs is told it is in progress', async () => {
    const tenantId = freshTenant('idem');
    const { idempotency } = local.repositories;
    await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', T0);

    expect(await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', later(59_999))).toEqual({
      state: 'in-progress',
    });
    // The retry did not extend the lock.
    expect((await storedItem(tenantId, 'key-1'))?.lockedUntil).toBe(T0.getTime() + 60_000);
  });

  it('the same key with a different request is a mismatch, and the stored fingerprint stays', async () => {
    const tenantId = freshTenant('idem');
    const { idempotency } = local.repositories;
    await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', T0);

    expect(await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-b', later(1_000))).toEqual({
      state: 'mismatch',
    });
    // Even once the lock expired, a different request never takes the key over.
    expect(await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-b', later(61_000))).toEqual({
      state: 'mismatch',
    });
    expect(await storedItem(tenantId, 'key-1')).toMatchObject({
      fingerprint: 'fp-a',
      state: 'in-progress',
      lockedUntil: T0.getTime() + 60_000,
    });
  });

  it('after completion the same request replays the stored response', async () => {
    const tenantId = freshTenant('idem');
    const { idempotency } = local.repositories;
    const response = { status: 201, body: '{"id":"cus_1"}', contentType: 'application/json' };
    await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', T0);
    await idempotency.completeIdempotencyKey(tenantId, 'key-1', 'fp-a', response, later(2_000));

    expect(await storedItem(tenantId, 'key-1')).toMatchObject({
      type: 'IdempotencyKey',
      fingerprint: 'fp-a',
      state: 'done',
      response,
      expiresAt: Math.floor(later(2_000).getTime() / 1000) + RETENTION_SECONDS,
    });
    expect(await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', later(3_000))).toEqual({
      state: 'replay',
      response,
    });
    // A completed key is replayed, not taken over, long after the in-progress lock would have expired.
    expect(await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', later(3_600_000))).toEqual({
      state: 'replay',
      response,
    });
    expect(await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-b', later(3_000))).toEqual({
      state: 'mismatch',
    });
  });

  it('a released key can be claimed again, even by a different request', async () => {
    const tenantId = freshTenant('idem');
    const { idempotency } = local.repositories;
    await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', T0);
    await idempotency.releaseIdempotencyKey(tenantId, 'key-1');

    expect(await storedItem(tenantId, 'key-1')).toBeUndefined();
    expect(await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-b', later(1_000))).toEqual({
      state: 'claimed',
    });
    expect(await storedItem(tenantId, 'key-1')).toMatchObject({
      fingerprint: 'fp-b',
      state: 'in-progress',
      lockedUntil: later(1_000).getTime() + 60_000,
    });
  });

  it('keys are scoped to the tenant', async () => {
    const a = freshTenant('idem');
    const b = freshTenant('idem');
    const { idempotency } = local.repositories;
    await idempotency.claimIdempotencyKey(a, 'shared', 'fp-a', T0);

    expect(await idempotency.claimIdempotencyKey(b, 'shared', 'fp-b', T0)).toEqual({ state: 'claimed' });
    expect((await storedItem(a, 'shared'))?.fingerprint).toBe('fp-a');
    expect((await storedItem(b, 'shared'))?.fingerprint).toBe('fp-b');
  });

  it('a key still in progress whose lock expired is taken over by the next claim, with a fresh lock', async () => {
    const tenantId = freshTenant('idem');
    const { idempotency } = local.repositories;
    await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', T0);

    const retryAt = later(61_000);
    expect(await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', retryAt)).toEqual({
      state: 'claimed',
    });
    expect(await storedItem(tenantId, 'key-1')).toMatchObject({
      fingerprint: 'fp-a',
      state: 'in-progress',
      lockedUntil: retryAt.getTime() + IN_PROGRESS_LOCK_MS,
    });
    // The new holder's lock now holds off the next retry.
    expect(await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', later(62_000))).toEqual({
      state: 'in-progress',
    });
  });

  it('of two concurrent claims after the lock expired, only one runs the request', async () => {
    const tenantId = freshTenant('idem');
    const { idempotency } = local.repositories;
    await idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', T0);

    const retryAt = later(61_000);
    const claims = await Promise.all([
      idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', retryAt),
      idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', retryAt),
    ]);

    expect(claims.map((c) => c.state).sort()).toEqual(['claimed', 'in-progress']);
    expect(await storedItem(tenantId, 'key-1')).toMatchObject({
      state: 'in-progress',
      lockedUntil: retryAt.getTime() + IN_PROGRESS_LOCK_MS,
    });
  });

  it('of many concurrent first claims of a new key, exactly one runs the request', async () => {
    const tenantId = freshTenant('idem');
    const { idempotency } = local.repositories;

    const claims = await Promise.all(
      Array.from({ length: 5 }, () => idempotency.claimIdempotencyKey(tenantId, 'key-1', 'fp-a', T0)),
    );

    expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.state === 'in-progress')).toHaveLength(4);
  });
});
