import { describe, expect, it } from 'vitest';
import { type ChargeContext, chargeContextOf, resolveTariff } from '../../src/pricing/tariff-resolution.ts';
import {
  acConnector,
  assigned,
  chargePoint,
  dcConnector,
  pricingCustomer,
  pricingWorld,
  TENANT,
  tariff,
  version,
} from './pricing-world.ts';

const JAN = '2026-01-01T00:00:00.000Z';
const tariffs = [
  'tar_tenant',
  'tar_site',
  'tar_cp',
  'tar_conn',
  'tar_dc',
  'tar_cust',
  'tar_group',
  'tar_new',
].map((id) => tariff(id, [version(1, JAN)]));

/** Every scope level assigned at once, each to its own tariff. */
const everyLevel = [
  assigned({ level: 'tenant' }, [JAN, 'tar_tenant']),
  assigned({ level: 'site', siteId: 's_1' }, [JAN, 'tar_site']),
  assigned({ level: 'chargePoint', chargePointId: 'CP-1' }, [JAN, 'tar_cp']),
  assigned({ level: 'connector', chargePointId: 'CP-1', connectorId: 2 }, [JAN, 'tar_conn']),
  assigned({ level: 'customer', customerId: 'cus_ind' }, [JAN, 'tar_cust']),
  assigned({ level: 'customerGroup', customerGroupId: 'cus_co' }, [JAN, 'tar_group']),
];

async function tariffIdFor(context: ChargeContext, assignments = everyLevel, asOf?: Date) {
  const { deps } = pricingWorld({ tariffs, assignments });
  const resolved = await resolveTariff(deps, TENANT, context, asOf);
  return resolved?.record.tariff.id;
}

describe('resolveTariff (T2 precedence)', () => {
  it('picks the most specific scope that has an assignment: customer > group > connector > charge point > site > tenant', async () => {
    const place = { chargePointId: 'CP-1', siteId: 's_1' };
    expect(await tariffIdFor({ chargePointId: 'CP-9' })).toBe('tar_tenant');
    expect(await tariffIdFor({ chargePointId: 'CP-9', siteId: 's_1' })).toBe('tar_site');
    expect(await tariffIdFor({ ...place, connectorId: 1 })).toBe('tar_cp');
    expect(await tariffIdFor({ ...place, connectorId: 2 })).toBe('tar_conn');
    expect(
      await tariffIdFor({ ...place, connectorId: 2, customerId: 'cus_co', customerGroupId: 'cus_co' }),
    ).toBe('tar_group');
    expect(await tariffIdFor({ ...place, connectorId: 2, customerId: 'cus_ind' })).toBe('tar_cust');
  });

  it('says which assignment decided and returns the stored tariff record', async () => {
    const { deps, calls } = pricingWorld({ tariffs, assignments: everyLevel });
    const resolved = await resolveTariff(deps, TENANT, { chargePointId: 'CP-1', siteId: 's_1' });
    expect(resolved?.choice).toEqual({
      tariffId: 'tar_cp',
      assignment: { level: 'chargePoint', chargePointId: 'CP-1', tariffId: 'tar_cp' },
    });
    expect(resolved?.record.versions).toHaveLength(1);
    // One batch read of the candidate scopes, then one read of the winning tariff only.
    expect(calls).toEqual(['tariffAssignments.assignmentsOfScopes', 'tariffs.getTariff(tar_cp)']);
  });

  it('prefers an AC/DC-qualified assignment at the same level, and applies it only to that current type', async () => {
    const assignments = [
      assigned({ level: 'tenant' }, [JAN, 'tar_tenant']),
      assigned({ level: 'tenant', currentType: 'DC' }, [JAN, 'tar_dc']),
      assigned({ level: 'site', siteId: 's_1' }, [JAN, 'tar_site']),
    ];
    expect(await tariffIdFor({ chargePointId: 'CP-1', currentType: 'DC' }, assignments)).toBe('tar_dc');
    expect(await tariffIdFor({ chargePointId: 'CP-1', currentType: 'AC' }, assignments)).toBe('tar_tenant');
    // "This site" beats "DC anywhere": the qualifier refines a level, it is not a level of its own.
    expect(await tariffIdFor({ chargePointId: 'CP-1', siteId: 's_1', currentType: 'DC' }, assignments)).toBe(
      'tar_site',
    );
  });

  it('ignores qualified assignments for a connector of unknown current type, and does not even ask for them', async () => {
    const assignments = [
      assigned({ level: 'tenant' }, [JAN, 'tar_tenant']),
      assigned({ level: 'tenant', currentType: 'DC' }, [JAN, 'tar_dc']),
    ];
    const { deps, askedScopes } = pricingWorld({ tariffs, assignments });
    const resolved = await resolveTariff(deps, TENANT, { chargePointId: 'CP-1', connectorId: 1 });
    expect(resolved?.record.tariff.id).toBe('tar_tenant');
    expect(askedScopes).toEqual([['tenant#*', 'chargePoint#CP-1#*', 'connector#CP-1#1#*']]);
  });

  it('answers undefined when nothing is assigned, or the assigned tariff cannot be read or has no version', async () => {
    expect(await tariffIdFor({ chargePointId: 'CP-1' }, [])).toBeUndefined();

    const { deps } = pricingWorld({
      tariffs: [tariff('tar_empty', [])],
      assignments: [assigned({ level: 'tenant' }, [JAN, 'tar_empty'])],
    });
    expect(await resolveTariff(deps, TENANT, { chargePointId: 'CP-1' })).toBeUndefined();

    const missing = pricingWorld({ assignments: [assigned({ level: 'tenant' }, [JAN, 'tar_deleted'])] });
    expect(await resolveTariff(missing.deps, TENANT, { chargePointId: 'CP-1' })).toBeUndefined();
  });
});

describe('resolveTariff (assignment history)', () => {
  const reassigned = [
    assigned({ level: 'tenant' }, [JAN, 'tar_tenant']),
    assigned(
      { level: 'chargePoint', chargePointId: 'CP-1' },
      ['2026-02-01T00:00:00.000Z', 'tar_cp'],
      ['2026-03-01T00:00:00.000Z', 'tar_new'],
    ),
  ];
  const cp = { chargePointId: 'CP-1' };

  it('prices a session by what was assigned at its start, so a reassignment never reprices the past', async () => {
    expect(await tariffIdFor(cp, reassigned, new Date('2026-01-15T00:00:00Z'))).toBe('tar_tenant');
    expect(await tariffIdFor(cp, reassigned, new Date('2026-02-15T00:00:00Z'))).toBe('tar_cp');
    expect(await tariffIdFor(cp, reassigned, new Date('2026-03-01T00:00:00Z'))).toBe('tar_new');
    // Without a date: what is assigned now.
    expect(await tariffIdFor(cp, reassigned)).toBe('tar_new');
  });

  it('falls back to the wider scope once a charge point was unassigned', async () => {
    const unassigned = [
      assigned({ level: 'tenant' }, [JAN, 'tar_tenant']),
      assigned(
        { level: 'chargePoint', chargePointId: 'CP-1' },
        [JAN, 'tar_cp'],
        ['2026-02-01T00:00:00.000Z', null],
      ),
    ];
    expect(await tariffIdFor(cp, unassigned, new Date('2026-01-20T00:00:00Z'))).toBe('tar_cp');
    expect(await tariffIdFor(cp, unassigned, new Date('2026-02-20T00:00:00Z'))).toBe('tar_tenant');
    expect(await tariffIdFor(cp, unassigned)).toBe('tar_tenant');
  });

  it('prices a session that started before any assignment by the first assignments made, not the current ones', async () => {
    const late = [
      assigned(
        { level: 'tenant' },
        ['2026-02-01T00:00:00.000Z', 'tar_tenant'],
        ['2026-03-01T00:00:00.000Z', 'tar_new'],
      ),
    ];
    expect(await tariffIdFor(cp, late, new Date('2025-12-24T00:00:00Z'))).toBe('tar_tenant');
  });

  // A session that started while every one of its scopes was unassigned (an offline charger's queued session,
  // started after the tenant default was removed and before a new one was set) keeps the tariff the next
  // assignment gave it: later reassignments do not reprice it.
  it('does not reprice a session that started in an assignment gap when the scope is reassigned later', async () => {
    const startedInGap = new Date('2026-02-15T00:00:00Z');
    const gap: [string, string | null][] = [
      [JAN, 'tar_tenant'],
      ['2026-02-01T00:00:00.000Z', null],
      ['2026-03-01T00:00:00.000Z', 'tar_cp'],
    ];
    const before = await tariffIdFor(cp, [assigned({ level: 'tenant' }, ...gap)], startedInGap);
    const after = await tariffIdFor(
      cp,
      [assigned({ level: 'tenant' }, ...gap, ['2026-04-01T00:00:00.000Z', 'tar_new'])],
      startedInGap,
    );
    expect(before).toBeDefined();
    expect(after).toBe(before);
  });
});

describe('chargeContextOf', () => {
  it('takes the site and the connector’s current type from the charge point, and the group from a company customer', async () => {
    const { deps } = pricingWorld({
      chargePoints: [chargePoint('CP-1', { siteId: 's_1', connectors: [acConnector(1), dcConnector(2)] })],
      customers: [pricingCustomer('cus_co', 'company'), pricingCustomer('cus_ind', 'individual')],
    });
    expect(await chargeContextOf(deps, TENANT, 'CP-1', 2, 'cus_co')).toEqual({
      chargePointId: 'CP-1',
      connectorId: 2,
      siteId: 's_1',
      currentType: 'DC',
      customerId: 'cus_co',
      customerGroupId: 'cus_co',
    });
    expect(await chargeContextOf(deps, TENANT, 'CP-1', 1, 'cus_ind')).toEqual({
      chargePointId: 'CP-1',
      connectorId: 1,
      siteId: 's_1',
      currentType: 'AC',
      customerId: 'cus_ind',
    });
    // Before a connector is chosen, a charge point with AC and DC connectors has no single current type.
    expect(await chargeContextOf(deps, TENANT, 'CP-1', undefined, undefined)).toEqual({
      chargePointId: 'CP-1',
      siteId: 's_1',
    });
  });

  it('still prices at an unknown charge point, by charge point id and connector only', async () => {
    const { deps, calls } = pricingWorld();
    expect(await chargeContextOf(deps, TENANT, 'CP-X', 3, undefined)).toEqual({
      chargePointId: 'CP-X',
      connectorId: 3,
    });
    expect(calls).toEqual(['chargePoints.getChargePoint(CP-X)']);
  });
});
