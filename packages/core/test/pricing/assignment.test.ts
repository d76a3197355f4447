import { describe, expect, it } from 'vitest';
import {
  assignmentScopeKey,
  chooseTariff,
  type TariffAssignment,
  type TariffContext,
  tariffAssignmentSchema,
} from '../../src/pricing/assignment.ts';

const all: TariffAssignment[] = [
  { level: 'tenant', tariffId: 'tenant' },
  { level: 'tenant', currentType: 'DC', tariffId: 'tenant-dc' },
  { level: 'site', siteId: 'airport', tariffId: 'site' },
  { level: 'site', siteId: 'airport', currentType: 'DC', tariffId: 'site-dc' },
  { level: 'chargePoint', chargePointId: 'CP-1', tariffId: 'charge-point' },
  { level: 'connector', chargePointId: 'CP-1', connectorId: 2, tariffId: 'connector' },
  { level: 'customerGroup', customerGroupId: 'fleet', tariffId: 'group' },
  { level: 'customerGroup', customerGroupId: 'fleet', currentType: 'DC', tariffId: 'group-dc' },
  { level: 'customer', customerId: 'alice', tariffId: 'customer' },
];

const context: TariffContext = {
  customerId: 'alice',
  customerGroupId: 'fleet',
  siteId: 'airport',
  chargePointId: 'CP-1',
  connectorId: 2,
  currentType: 'DC',
};

/** Removes assignments level by level, most specific first, and records who wins each time. */
function winnersAsScopesDisappear(ctx: TariffContext): string[] {
  const remaining = [...all];
  const winners: string[] = [];
  for (;;) {
    const choice = chooseTariff(remaining, ctx);
    if (!choice) return winners;
    winners.push(choice.tariffId);
    remaining.splice(remaining.indexOf(choice.assignment), 1);
  }
}

describe('T2: which tariff applies — most specific assignment wins', () => {
  it('T2 precedence: customer > customer group (DC, then any) > connector > charge point > site (DC, then any) > tenant (DC, then any)', () => {
    expect(winnersAsScopesDisappear(context)).toEqual([
      'customer',
      'group-dc',
      'group',
      'connector',
      'charge-point',
      'site-dc',
      'site',
      'tenant-dc',
      'tenant',
    ]);
  });

  it('T2 an individual customer price beats everything', () => {
    expect(chooseTariff(all, context)?.tariffId).toBe('customer');
  });

  it('T2 a customer group (company fleet) price applies at every station', () => {
    expect(chooseTariff(all, { ...context, customerId: 'bob', chargePointId: 'CP-9' })?.tariffId).toBe(
      'group-dc',
    );
    expect(chooseTariff(all, { ...context, customerId: 'bob', currentType: 'AC' })?.tariffId).toBe('group');
  });

  it('T2 a station price applies to drivers without a contract', () => {
    const anonymous = { ...context, customerId: undefined, customerGroupId: undefined };
    expect(chooseTariff(all, anonymous)?.tariffId).toBe('connector');
    expect(chooseTariff(all, { ...anonymous, connectorId: 1 })?.tariffId).toBe('charge-point');
  });

  it('T2 AC/DC refines a level instead of overriding a site: the airport stays the airport at its DC chargers', () => {
    const atAirport = { chargePointId: 'CP-7', connectorId: 1, siteId: 'airport' } as const;
    expect(chooseTariff(all, { ...atAirport, currentType: 'DC' })?.tariffId).toBe('site-dc');
    expect(chooseTariff(all, { ...atAirport, currentType: 'AC' })?.tariffId).toBe('site');
    const elsewhere = { chargePointId: 'CP-8', connectorId: 1, siteId: 'harbour' } as const;
    expect(chooseTariff(all, { ...elsewhere, currentType: 'DC' })?.tariffId).toBe('tenant-dc');
    expect(chooseTariff(all, { ...elsewhere, currentType: 'AC' })?.tariffId).toBe('tenant');
  });

  it('returns nothing when not even a tenant default exists, and says which assignment decided otherwise', () => {
    expect(chooseTariff([], context)).toBeUndefined();
    expect(chooseTariff(all, context)?.assignment).toEqual({
      level: 'customer',
      customerId: 'alice',
      tariffId: 'customer',
    });
  });

  it('gives each scope one key, so a store can keep one assignment per scope', () => {
    expect(all.map(assignmentScopeKey)).toEqual([
      'tenant#*',
      'tenant#DC',
      'site#airport#*',
      'site#airport#DC',
      'chargePoint#CP-1#*',
      'connector#CP-1#2#*',
      'customerGroup#fleet#*',
      'customerGroup#fleet#DC',
      'customer#alice#*',
    ]);
  });

  it('validates assignments in API requests', () => {
    expect(
      tariffAssignmentSchema.safeParse({ level: 'site', siteId: 's1', tariffId: 't1', currentType: 'DC' })
        .success,
    ).toBe(true);
    const wrong = tariffAssignmentSchema.safeParse({ level: 'planet', tariffId: 't1' });
    expect(wrong.error?.issues[0]?.message).toMatch(/level: one of customer/);
    const missing = tariffAssignmentSchema.safeParse({
      level: 'connector',
      chargePointId: 'CP-1',
      tariffId: 't1',
    });
    expect(missing.error?.issues[0]?.path).toEqual(['connectorId']);
  });
});
