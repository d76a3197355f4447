import { ConflictError, NotFoundError, ValidationError } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { addTariffVersion } from '../../../src/pricing/tariffs/add-tariff-version.ts';
import { archiveTariff } from '../../../src/pricing/tariffs/archive-tariff.ts';
import { createTariff } from '../../../src/pricing/tariffs/create-tariff.ts';
import { TENANT, tariff, version } from '../pricing-world.ts';
import { tariffId, tariffWorld } from './tariff-world.ts';

const energy = (price: string) => [{ priceComponents: [{ type: 'ENERGY' as const, price }] }];
const A = tariffId('a');
/** Version 1 at 0.30/kWh, in force since January. */
const existing = () => tariff(A, [version(1, '2026-01-01T00:00:00.000Z')]);

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('should have been refused'),
    (error: unknown) => error,
  );
}

describe('createTariff', () => {
  it('stores version 1 in force at once with the tenant currency and VAT rate, as the default when asked', async () => {
    const world = tariffWorld();
    const record = await createTariff(world.deps, TENANT, {
      name: 'Standard',
      default: true,
      elements: energy('0.35'),
    });
    expect(record.tariff).toMatchObject({
      id: 'tar_000001',
      name: 'Standard',
      status: 'active',
      latestVersion: 1,
      assignmentCount: 1,
      createdAt: '2026-03-15T12:00:00.000Z',
    });
    expect(record.versions).toEqual([
      {
        version: 1,
        effectiveFrom: '2026-03-15T12:00:00.000Z',
        createdAt: '2026-03-15T12:00:00.000Z',
        noticeWaived: false,
        currency: 'EUR',
        vatRate: '20',
        timeZone: 'UTC',
        elements: energy('0.35'),
      },
    ]);
    expect(world.created).toEqual([{ record, defaultScope: { level: 'tenant' } }]);
  });

  it('refuses another currency than the tenant’s, and local-time restrictions without a time zone', async () => {
    const world = tariffWorld();
    const error = await rejection(
      createTariff(world.deps, TENANT, {
        name: 'Night',
        currency: 'USD',
        elements: [{ ...energy('0.20')[0]!, restrictions: { startTime: '22:00', endTime: '06:00' } }],
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'currency', message: 'Prices are in the tenant currency, EUR' },
      { field: 'timeZone', message: 'Local-time restrictions need the IANA time zone they are read in' },
    ]);
    expect(world.created).toEqual([]);
  });
});

describe('addTariffVersion', () => {
  it('never takes effect in the past', async () => {
    const world = tariffWorld({ tariffs: [existing()] });
    const error = await rejection(
      addTariffVersion(world.deps, TENANT, A, {
        effectiveFrom: '2026-03-15T11:00:00.000Z',
        elements: energy('0.20'),
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      {
        field: 'effectiveFrom',
        message: 'effectiveFrom 2026-03-15T11:00:00.000Z is in the past; prices never change retroactively',
      },
    ]);
    expect(world.tariffs.get(A)?.versions).toHaveLength(1);
  });

  it('refuses a price increase before the tenant’s notice period, naming the earliest instant', async () => {
    const world = tariffWorld({ tariffs: [existing()] });
    const error = await rejection(
      addTariffVersion(world.deps, TENANT, A, {
        effectiveFrom: '2026-04-01T00:00:00.000Z',
        elements: energy('0.40'),
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const [issue] = (error as ValidationError).issues;
    expect(issue?.field).toBe('effectiveFrom');
    expect(issue?.message).toContain("after 30 days' notice, from 2026-04-14T12:00:00.000Z");
    expect(world.tariffs.get(A)?.versions).toHaveLength(1);
  });

  it('appends an increase after the notice period, and lets a decrease take effect at once', async () => {
    const world = tariffWorld({ tariffs: [existing()] });
    const decrease = await addTariffVersion(world.deps, TENANT, A, {
      effectiveFrom: '2026-03-15T12:00:00.000Z',
      elements: energy('0.25'),
    });
    expect(decrease).toMatchObject({
      version: 2,
      effectiveFrom: '2026-03-15T12:00:00.000Z',
      noticeWaived: true,
      vatRate: '20',
    });
    const increase = await addTariffVersion(world.deps, TENANT, A, {
      effectiveFrom: '2026-05-01T00:00:00+02:00',
      elements: energy('0.45'),
    });
    expect(increase).toMatchObject({
      version: 3,
      effectiveFrom: '2026-04-30T22:00:00.000Z',
      createdAt: '2026-03-15T12:00:00.000Z',
      noticeWaived: false,
    });
    expect(world.tariffs.get(A)?.versions.map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it('refuses a new version of an archived tariff, and an unknown tariff is 404', async () => {
    const archived = existing();
    const world = tariffWorld({
      tariffs: [{ ...archived, tariff: { ...archived.tariff, status: 'archived' } }],
    });
    const command = { effectiveFrom: '2026-05-01T00:00:00.000Z', elements: energy('0.45') };
    const error = await rejection(addTariffVersion(world.deps, TENANT, A, command));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(`Tariff ${A} is archived; create a new tariff instead`);
    await expect(addTariffVersion(world.deps, TENANT, tariffId('b'), command)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('archiveTariff', () => {
  it('archives a tariff assigned nowhere, at the clock’s now', async () => {
    const world = tariffWorld({ tariffs: [existing()] });
    const record = await archiveTariff(world.deps, TENANT, A);
    expect(record.tariff).toMatchObject({ status: 'archived', archivedAt: '2026-03-15T12:00:00.000Z' });
  });

  it('refuses while the tariff is still assigned', async () => {
    const world = tariffWorld({ tariffs: [existing()], inUse: [A] });
    const error = await rejection(archiveTariff(world.deps, TENANT, A));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(
      `Tariff ${A} is still assigned; assign another tariff to those scopes first`,
    );
    expect(world.tariffs.get(A)?.tariff.status).toBe('active');
  });
});
