import { ConflictError, NotFoundError, type ValidationError, verifySecret } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { decommissionChargePoint } from '../../../src/stations/charge-points/decommission-charge-point.ts';
import { rotateChargePointPassword } from '../../../src/stations/charge-points/rotate-password.ts';
import { updateChargePoint } from '../../../src/stations/charge-points/update-charge-point.ts';
import { OTHER_SITE_ID, registered, registryWorld, SITE_ID, TENANT } from './registry-world.ts';

const decommissioned = registered({ id: 'CP-1', decommissionedAt: '2026-02-01T00:00:00.000Z' });

describe('configuring a charge point', () => {
  it('applies the patch at the clock’s time and answers the charge point as read afterwards, with its site', async () => {
    const world = registryWorld({ chargePoints: [registered({ name: 'Old' })], now: '2026-03-15T12:00:00Z' });
    const details = await updateChargePoint(world.deps, TENANT, 'CP-1', { name: 'New', siteId: SITE_ID });
    expect(details.found.chargePoint).toMatchObject({
      name: 'New',
      siteId: SITE_ID,
      updatedAt: '2026-03-15T12:00:00.000Z',
    });
    expect(details.site?.name).toBe('Depot');
    expect(details.live).toEqual({ connected: false });
    expect(world.intents).toEqual([]);
  });

  it('records the maintenance wish for a charger that is offline (told at its next boot)', async () => {
    const world = registryWorld({ chargePoints: [registered()], now: '2026-03-15T12:00:00Z' });
    const details = await updateChargePoint(world.deps, TENANT, 'CP-1', { maintenance: true });
    expect(details.found.chargePoint.maintenance).toBe(true);
    expect(world.intents).toEqual([
      {
        chargePointId: 'CP-1',
        intent: { type: 'Inoperative', requestedAt: '2026-03-15T12:00:00.000Z', state: 'pending' },
      },
    ]);
    expect(world.deps.sent.frames).toEqual([]);
  });

  it('sends nothing when maintenance does not change', async () => {
    const world = registryWorld({ chargePoints: [registered({ maintenance: true })] });
    await updateChargePoint(world.deps, TENANT, 'CP-1', { maintenance: true });
    expect(world.intents).toEqual([]);
  });

  it('refuses any change to a decommissioned charge point', async () => {
    const world = registryWorld({ chargePoints: [decommissioned] });
    await expect(updateChargePoint(world.deps, TENANT, 'CP-1', { name: 'x' })).rejects.toEqual(
      new ConflictError('Charge point CP-1 is decommissioned and can no longer be changed'),
    );
    expect(world.chargePoints.get('CP-1')?.chargePoint.name).toBeUndefined();
  });

  it('answers an unknown charge point 404 and an unknown site as a field error', async () => {
    const world = registryWorld({ chargePoints: [registered()] });
    await expect(updateChargePoint(world.deps, TENANT, 'CP-9', { name: 'x' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    for (const siteId of [OTHER_SITE_ID, 'not-a-site']) {
      const error = await updateChargePoint(world.deps, TENANT, 'CP-1', { siteId }).catch((e: unknown) => e);
      expect((error as ValidationError).issues).toEqual([
        { field: 'siteId', in: 'body', message: 'No such site in this tenant' },
      ]);
    }
    expect(world.chargePoints.get('CP-1')?.chargePoint.siteId).toBeUndefined();
  });

  it('reports a concurrent change as a conflict to retry', async () => {
    const world = registryWorld({ chargePoints: [registered()] });
    world.conflictOn.add('CP-1');
    await expect(updateChargePoint(world.deps, TENANT, 'CP-1', { name: 'x' })).rejects.toEqual(
      new ConflictError('Charge point CP-1 changed meanwhile; read it and retry'),
    );
  });
});

describe('rotating a charge point’s password', () => {
  it('answers a new secret once and stores only its hash', async () => {
    const world = registryWorld({ chargePoints: [registered()], now: '2026-03-15T12:00:00Z' });
    const first = await rotateChargePointPassword(world.deps, TENANT, 'CP-1');
    const stored = world.chargePoints.get('CP-1')?.chargePoint;
    expect(first.ocppUrl).toBe('wss://csms.example/ocpp/t_1/CP-1');
    expect(stored?.passwordHash).not.toBe('sha256$old$00');
    expect(stored?.passwordHash).not.toContain(first.password);
    expect(verifySecret(first.password, stored?.passwordHash ?? '')).toBe(true);
    expect(stored?.updatedAt).toBe('2026-03-15T12:00:00.000Z');

    const second = await rotateChargePointPassword(world.deps, TENANT, 'CP-1');
    expect(second.password).not.toBe(first.password);
    const after = world.chargePoints.get('CP-1')?.chargePoint.passwordHash ?? '';
    expect(verifySecret(first.password, after)).toBe(false);
    expect(verifySecret(second.password, after)).toBe(true);
  });

  it('refuses a decommissioned charge point', async () => {
    const world = registryWorld({ chargePoints: [decommissioned] });
    await expect(rotateChargePointPassword(world.deps, TENANT, 'CP-1')).rejects.toBeInstanceOf(ConflictError);
    expect(world.chargePoints.get('CP-1')?.chargePoint.passwordHash).toBe('sha256$old$00');
  });
});

describe('decommissioning a charge point', () => {
  it('marks it for good, takes it off its site and closes its connection', async () => {
    const world = registryWorld({
      chargePoints: [registered({ siteId: SITE_ID, connectionId: 'conn-1' })],
      now: '2026-03-15T12:00:00Z',
    });
    expect(await decommissionChargePoint(world.deps, TENANT, 'CP-1')).toBe('decommissioned');
    const stored = world.chargePoints.get('CP-1')?.chargePoint;
    expect(stored?.decommissionedAt).toBe('2026-03-15T12:00:00.000Z');
    expect(stored?.siteId).toBeUndefined();
    expect(world.closed).toEqual(['conn-1']);
  });

  it('changes nothing when repeated', async () => {
    const world = registryWorld({ chargePoints: [{ ...decommissioned, connectionId: 'conn-1' }] });
    expect(await decommissionChargePoint(world.deps, TENANT, 'CP-1')).toBe('already-decommissioned');
    expect(world.chargePoints.get('CP-1')?.chargePoint.decommissionedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(world.closed).toEqual([]);
  });

  it('closes nothing for a charger without a connection and answers 404 for an unknown one', async () => {
    const world = registryWorld({ chargePoints: [registered()] });
    await decommissionChargePoint(world.deps, TENANT, 'CP-1');
    expect(world.closed).toEqual([]);
    await expect(decommissionChargePoint(world.deps, TENANT, 'CP-9')).rejects.toBeInstanceOf(NotFoundError);
  });
});
