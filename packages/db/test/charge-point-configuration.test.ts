import { describe, expect, it } from 'vitest';
import type { StoredChargePoint } from '../src/charge-points.ts';
import { freshTenant, useDynamoDbLocal } from './support/dynamodb.ts';

const local = useDynamoDbLocal();
const AT = '2026-03-15T12:00:00.000Z';
const LATER = '2026-03-15T12:05:00.000Z';

/** A registered charge point of a fresh tenant, as read back (access patterns 4 and 5). */
async function registered(): Promise<StoredChargePoint> {
  const tenantId = freshTenant('config');
  await local.repositories.chargePoints.registerChargePoint({
    tenantId,
    id: 'CP-1',
    passwordHash: 'sha256$old$00',
    createdAt: AT,
  });
  return read(tenantId);
}

async function read(tenantId: string): Promise<StoredChargePoint> {
  const found = await local.repositories.chargePoints.getChargePoint(tenantId, 'CP-1');
  if (!found) throw new Error('not registered');
  return found.chargePoint;
}

describe('a password change against DynamoDB Local', () => {
  it('keeps the new hash pending beside the current one, then promotes it only while it is still the one pending', async () => {
    const repo = local.repositories.chargePoints;
    const cp = await registered();
    expect(await repo.beginPasswordChange(cp, 'sha256$new$11', AT)).toBe('updated');
    expect(await read(cp.tenantId)).toMatchObject({
      passwordHash: 'sha256$old$00',
      pendingPasswordHash: 'sha256$new$11',
      pendingPasswordSince: AT,
    });
    expect(
      await repo.settlePasswordChange(cp.tenantId, 'CP-1', 'sha256$other$22', { promote: true }, LATER),
    ).toBe(false);
    expect(
      await repo.settlePasswordChange(cp.tenantId, 'CP-1', 'sha256$new$11', { promote: true }, LATER),
    ).toBe(true);
    const after = await read(cp.tenantId);
    expect(after.passwordHash).toBe('sha256$new$11');
    expect(after.pendingPasswordHash).toBeUndefined();
    expect(after.pendingPasswordSince).toBeUndefined();
    // Settled once: a second settlement of the same change finds nothing pending.
    expect(
      await repo.settlePasswordChange(cp.tenantId, 'CP-1', 'sha256$new$11', { promote: true }, LATER),
    ).toBe(false);
  });

  it('puts back what was pending before when a change is dropped, and a direct set clears any pending one', async () => {
    const repo = local.repositories.chargePoints;
    const cp = await registered();
    await repo.beginPasswordChange(cp, 'sha256$first$11', AT);
    await repo.beginPasswordChange(await read(cp.tenantId), 'sha256$second$22', LATER);
    const restore = { hash: 'sha256$first$11', since: AT };
    expect(await repo.settlePasswordChange(cp.tenantId, 'CP-1', 'sha256$second$22', { restore }, LATER)).toBe(
      true,
    );
    expect(await read(cp.tenantId)).toMatchObject({
      passwordHash: 'sha256$old$00',
      pendingPasswordHash: 'sha256$first$11',
      pendingPasswordSince: AT,
    });
    expect(
      await repo.settlePasswordChange(cp.tenantId, 'CP-1', 'sha256$first$11', { restore: undefined }, LATER),
    ).toBe(true);
    expect((await read(cp.tenantId)).pendingPasswordHash).toBeUndefined();

    await repo.beginPasswordChange(await read(cp.tenantId), 'sha256$third$33', LATER);
    expect(await repo.setChargePointPassword(await read(cp.tenantId), 'sha256$manual$44', LATER)).toBe(
      'updated',
    );
    const manual = await read(cp.tenantId);
    expect(manual.passwordHash).toBe('sha256$manual$44');
    expect(manual.pendingPasswordHash).toBeUndefined();
  });
});

describe('boot acceptance against DynamoDB Local', () => {
  it('stores the setting on the registration and the answer of each boot on the live item', async () => {
    const repo = local.repositories.chargePoints;
    const cp = await registered();
    expect(await repo.getRegistrationStatus(cp.tenantId, 'CP-1')).toBeUndefined();
    expect(await repo.configureChargePoint(cp, { bootAcceptance: 'Pending' }, AT)).toBe('updated');
    expect((await read(cp.tenantId)).bootAcceptance).toBe('Pending');

    await repo.recordBoot(cp.tenantId, 'CP-1', { vendor: 'Acme', model: 'X', receivedAt: AT }, 'Pending');
    expect(await repo.getRegistrationStatus(cp.tenantId, 'CP-1')).toBe('Pending');
    await repo.recordBoot(cp.tenantId, 'CP-1', { vendor: 'Acme', model: 'X', receivedAt: LATER }, 'Accepted');
    expect(await repo.getRegistrationStatus(cp.tenantId, 'CP-1')).toBe('Accepted');
    expect(await read(cp.tenantId)).toMatchObject({
      registrationStatus: 'Accepted',
      boot: { vendor: 'Acme', model: 'X', receivedAt: LATER },
    });
  });
});

describe('the security profile against DynamoDB Local', () => {
  it('is absent until set, then stored on the registration and read back typed', async () => {
    const repo = local.repositories.chargePoints;
    const cp = await registered();
    expect(cp.securityProfile).toBeUndefined();
    expect(await repo.configureChargePoint(cp, { securityProfile: 3 }, AT)).toBe('updated');
    expect(await read(cp.tenantId)).toMatchObject({ securityProfile: 3, updatedAt: AT });
    // Other changes leave it as it is.
    expect(await repo.configureChargePoint(await read(cp.tenantId), { name: 'Bay 1' }, LATER)).toBe(
      'updated',
    );
    expect((await read(cp.tenantId)).securityProfile).toBe(3);
  });
});
