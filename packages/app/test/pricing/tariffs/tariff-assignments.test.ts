import { ConflictError, NotFoundError, ValidationError } from '@csms/core';
import type { StoredChargePoint } from '@csms/db';
import { describe, expect, it } from 'vitest';
import {
  assignChargePointTariff,
  assignCustomerTariff,
  assignDefaultTariff,
  unassignChargePointTariff,
} from '../../../src/pricing/tariffs/tariff-assignments.ts';
import { chargePoint, pricingCustomer, TENANT, tariff, version } from '../pricing-world.ts';
import { tariffId, tariffWorld } from './tariff-world.ts';

const A = tariffId('a');
const B = tariffId('b');
const active = tariff(A, [version(1, '2026-01-01T00:00:00.000Z')]);
const archivedBase = tariff(B, [version(1, '2026-01-01T00:00:00.000Z')]);
const archived = { ...archivedBase, tariff: { ...archivedBase.tariff, status: 'archived' as const } };

function world(chargePoints: StoredChargePoint[] = []) {
  const byId = new Map(chargePoints.map((cp) => [cp.id, cp]));
  const customers = new Map([
    ['c_ind', pricingCustomer('c_ind', 'individual')],
    ['c_co', pricingCustomer('c_co', 'company')],
  ]);
  return tariffWorld({
    tariffs: [active, archived],
    extra: {
      repositories: {
        chargePoints: {
          getChargePoint: async (_t, id) => {
            const found = byId.get(id);
            return found ? { chargePoint: found, connectors: [] } : undefined;
          },
        },
        customers: { getCustomer: async (_t, id) => customers.get(id) },
      },
    },
  });
}

const unusable = [{ field: 'tariffId', message: 'No active tariff with this id in this tenant' }];

describe('tariff assignment', () => {
  it('sets the tenant default for DC only, at the clock’s now', async () => {
    const w = world();
    const stored = await assignDefaultTariff(w.deps, TENANT, { tariffId: A, currentType: 'DC' });
    expect(stored).toMatchObject({
      scope: { level: 'tenant', currentType: 'DC' },
      tariffId: A,
      history: [{ from: '2026-03-15T12:00:00.000Z', tariffId: A }],
    });
  });

  it('refuses an archived tariff, and an id never minted without a write', async () => {
    const w = world();
    const archivedError = await assignDefaultTariff(w.deps, TENANT, { tariffId: B }).catch((e) => e);
    expect(archivedError).toBeInstanceOf(ValidationError);
    expect(archivedError.issues).toEqual(unusable);
    const bogus = await assignDefaultTariff(w.deps, TENANT, { tariffId: 'nope' }).catch((e) => e);
    expect(bogus).toBeInstanceOf(ValidationError);
    expect(w.assignments.size).toBe(0);
  });

  it('assigns to one connector of an active charge point', async () => {
    const w = world([chargePoint('CP-1')]);
    const stored = await assignChargePointTariff(w.deps, TENANT, 'CP-1', { tariffId: A, connectorId: 2 });
    expect(stored.scope).toEqual({ level: 'connector', chargePointId: 'CP-1', connectorId: 2 });
    expect(stored.tariffId).toBe(A);
  });

  it('refuses a decommissioned charge point (409) before any write, and an unknown one is 404', async () => {
    const w = world([{ ...chargePoint('CP-OLD'), decommissionedAt: '2026-02-01T00:00:00.000Z' }]);
    const error = await assignChargePointTariff(w.deps, TENANT, 'CP-OLD', { tariffId: A }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Charge point CP-OLD is decommissioned and can no longer be changed');
    await expect(assignChargePointTariff(w.deps, TENANT, 'CP-NONE', { tariffId: A })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(w.assignments.size).toBe(0);
  });

  it('still lets a decommissioned charge point’s tariff be removed', async () => {
    const w = world([{ ...chargePoint('CP-OLD'), decommissionedAt: '2026-02-01T00:00:00.000Z' }]);
    await unassignChargePointTariff(w.deps, TENANT, 'CP-OLD', { currentType: 'AC' });
    expect([...w.assignments.values()]).toEqual([
      {
        scope: { level: 'chargePoint', chargePointId: 'CP-OLD', currentType: 'AC' },
        tariffId: null,
        at: '2026-03-15T12:00:00.000Z',
      },
    ]);
  });

  it('assigns a company’s tariff to its customer group, an individual’s to the customer', async () => {
    const w = world();
    const company = await assignCustomerTariff(w.deps, TENANT, 'c_co', { tariffId: A });
    const individual = await assignCustomerTariff(w.deps, TENANT, 'c_ind', { tariffId: A });
    expect(company.scope).toEqual({ level: 'customerGroup', customerGroupId: 'c_co' });
    expect(individual.scope).toEqual({ level: 'customer', customerId: 'c_ind' });
    await expect(assignCustomerTariff(w.deps, TENANT, 'c_none', { tariffId: A })).rejects.toThrow(
      'Customer c_none',
    );
  });
});
