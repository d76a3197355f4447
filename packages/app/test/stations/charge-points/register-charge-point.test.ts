import { ConflictError, ValidationError, verifySecret } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { registerChargePoint } from '../../../src/stations/charge-points/register-charge-point.ts';
import { OTHER_SITE_ID, registered, registryWorld, SITE_ID, TENANT } from './registry-world.ts';

describe('registering a charge point', () => {
  it('stores the password hashed and answers it once with the OCPP URL to configure', async () => {
    const world = registryWorld({ now: '2026-03-15T12:00:00Z' });
    const credentials = await registerChargePoint(world.deps, TENANT, {
      id: 'CP 7',
      name: 'Bay 7',
      siteId: SITE_ID,
      ocppVersion: 'ocpp1.6',
    });
    expect(credentials.id).toBe('CP 7');
    expect(credentials.ocppUrl).toBe('wss://csms.example/ocpp/t_1/CP%207');
    const stored = world.chargePoints.get('CP 7')?.chargePoint;
    expect(stored).toMatchObject({
      tenantId: TENANT,
      id: 'CP 7',
      name: 'Bay 7',
      siteId: SITE_ID,
      preferredOcppVersion: 'ocpp1.6',
      createdAt: '2026-03-15T12:00:00.000Z',
    });
    expect(stored?.passwordHash).not.toContain(credentials.password);
    expect(verifySecret(credentials.password, stored?.passwordHash ?? '')).toBe(true);
  });

  it('refuses an identity already registered in the tenant', async () => {
    const world = registryWorld({ chargePoints: [registered({ id: 'CP-1' })] });
    await expect(registerChargePoint(world.deps, TENANT, { id: 'CP-1' })).rejects.toEqual(
      new ConflictError('Charge point CP-1 already exists'),
    );
  });

  it('keeps the identity of a decommissioned charge point taken, saying so', async () => {
    const world = registryWorld({
      chargePoints: [registered({ id: 'CP-1', decommissionedAt: '2026-02-01T00:00:00.000Z' })],
    });
    const error = await registerChargePoint(world.deps, TENANT, { id: 'CP-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(
      'Charge point CP-1 was decommissioned; its identity cannot be reused',
    );
    expect(world.chargePoints.get('CP-1')?.chargePoint.passwordHash).toBe('sha256$old$00');
  });

  it('answers an unknown site as a field error, without writing', async () => {
    const world = registryWorld();
    const error = await registerChargePoint(world.deps, TENANT, { id: 'CP-2', siteId: OTHER_SITE_ID }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'siteId', in: 'body', message: 'No such site in this tenant' },
    ]);
    expect(world.chargePoints.has('CP-2')).toBe(false);
  });

  it('refuses a site id that was never minted before any write', async () => {
    const world = registryWorld({
      repositories: {
        chargePoints: {
          registerChargePoint: async () => {
            throw new Error('must not be written');
          },
        },
      },
    });
    const error = await registerChargePoint(world.deps, TENANT, { id: 'CP-2', siteId: 'not-a-site' }).catch(
      (e: unknown) => e,
    );
    expect((error as ValidationError).issues).toEqual([
      { field: 'siteId', in: 'body', message: 'No such site in this tenant' },
    ]);
  });
});
