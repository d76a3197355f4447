import { type IdToken, NotFoundError, ValidationError } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { previewPrice } from '../../src/pricing/price-preview.ts';
import {
  acConnector,
  assigned,
  chargePoint,
  dcConnector,
  type PricingWorld,
  pricingCustomer,
  pricingWorld,
  TENANT,
  tariff,
  version,
} from './pricing-world.ts';

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('should have been refused'),
    (error: unknown) => error,
  );
}

const STANDARD = `tar${'s'.repeat(20)}`;
const FLEET = `tar${'f'.repeat(20)}`;
const RAPID = `tar${'r'.repeat(20)}`;
const JAN = '2026-01-01T00:00:00.000Z';
const energy = (price: string) => ({ elements: [{ priceComponents: [{ type: 'ENERGY' as const, price }] }] });

function token(idTag: string, customerId: string): IdToken {
  return {
    idTag,
    type: 'RFID',
    customerId,
    status: 'Accepted',
    createdAt: JAN,
    updatedAt: JAN,
  };
}

/**
 * CP-1 has an AC and a DC connector, CP-AC two AC ones. The tenant default is 0.30/kWh net (0.36 with VAT),
 * the fleet's company tariff 0.25, DC at CP-1 0.50.
 */
function previewWorld(state: PricingWorld = {}, tokens: IdToken[] = []) {
  const world = pricingWorld({
    chargePoints: [
      chargePoint('CP-1', { siteId: 'site_1', connectors: [acConnector(1), dcConnector(2)] }),
      chargePoint('CP-AC', { connectors: [acConnector(1), acConnector(2)] }),
    ],
    customers: [pricingCustomer('c_fleet', 'company'), pricingCustomer('c_ada', 'individual')],
    tariffs: [
      tariff(STANDARD, [version(1, JAN)], 'Standard'),
      tariff(FLEET, [version(1, JAN, energy('0.25'))], 'Fleet'),
      tariff(RAPID, [version(1, JAN, energy('0.50'))], 'Rapid'),
    ],
    assignments: [
      assigned({ level: 'tenant' }, [JAN, STANDARD]),
      assigned({ level: 'customerGroup', customerGroupId: 'c_fleet' }, [JAN, FLEET]),
      assigned({ level: 'chargePoint', chargePointId: 'CP-1', currentType: 'DC' }, [JAN, RAPID]),
    ],
    ...state,
  });
  const byTag = new Map(tokens.map((t) => [t.idTag, t]));
  const deps = {
    ...world.deps,
    idTokens: {
      ...world.deps.idTokens,
      getIdToken: async (_tenantId: string, idTag: string) => {
        world.calls.push(`idTokens.getIdToken(${idTag})`);
        return byTag.get(idTag);
      },
    },
  };
  return { deps, calls: world.calls };
}

describe('previewPrice', () => {
  it('answers the tariff in force now with its VAT-inclusive prices and display text', async () => {
    const { deps } = previewWorld();
    const preview = await previewPrice(deps, TENANT, { chargePointId: 'CP-AC' });
    expect(preview).toEqual({
      chargePointId: 'CP-AC',
      connectorId: undefined,
      // Both connectors are AC: the charge point has one current type even without a connector chosen.
      currentType: 'AC',
      customerId: undefined,
      tariff: { id: STANDARD, name: 'Standard', version: 1, effectiveFrom: new Date(JAN) },
      assignment: { level: 'tenant', tariffId: STANDARD },
      sheet: {
        currency: 'EUR',
        vatRate: '20',
        entries: [{ type: 'ENERGY', unit: 'kWh', net: '0.30', gross: '0.36' }],
      },
      text: '€0.36/kWh, incl. 20% VAT',
      upcoming: undefined,
    });
  });

  it('prices by the connector’s current type when a connector is chosen', async () => {
    const { deps } = previewWorld();
    const dc = await previewPrice(deps, TENANT, { chargePointId: 'CP-1', connectorId: 2 });
    expect(dc).toMatchObject({
      connectorId: 2,
      currentType: 'DC',
      tariff: { id: RAPID },
      assignment: { level: 'chargePoint', currentType: 'DC' },
    });
    // Without a connector CP-1 mixes AC and DC: only unqualified assignments apply.
    const any = await previewPrice(deps, TENANT, { chargePointId: 'CP-1' });
    expect(any).toMatchObject({ currentType: undefined, tariff: { id: STANDARD } });
  });

  it('prices a company driver’s token by the company tariff, naming the customer', async () => {
    const { deps, calls } = previewWorld({}, [token('CARD-F', 'c_fleet'), token('CARD-A', 'c_ada')]);
    const fleet = await previewPrice(deps, TENANT, { chargePointId: 'CP-AC', idTag: 'CARD-F' });
    expect(fleet).toMatchObject({
      customerId: 'c_fleet',
      tariff: { id: FLEET, name: 'Fleet' },
      assignment: { level: 'customerGroup', customerGroupId: 'c_fleet' },
      text: '€0.30/kWh, incl. 20% VAT',
    });
    expect(calls).toContain('idTokens.getIdToken(CARD-F)');
    // An individual belongs to no group: the tenant default applies.
    const ada = await previewPrice(deps, TENANT, { chargePointId: 'CP-AC', idTag: 'CARD-A' });
    expect(ada).toMatchObject({ customerId: 'c_ada', tariff: { id: STANDARD } });
  });

  it('announces a scheduled price change', async () => {
    const { deps } = previewWorld({
      tariffs: [
        tariff(
          STANDARD,
          [version(1, JAN), version(2, '2026-04-01T00:00:00.000Z', energy('0.35'))],
          'Standard',
        ),
      ],
    });
    const preview = await previewPrice(deps, TENANT, { chargePointId: 'CP-AC' });
    expect(preview.tariff.version).toBe(1);
    expect(preview.upcoming).toEqual({
      version: 2,
      effectiveFrom: '2026-04-01T00:00:00.000Z',
      text: '€0.42/kWh, incl. 20% VAT',
    });
  });

  it('is 404 for an unknown charge point, and for an id that cannot be one without a read', async () => {
    const { deps, calls } = previewWorld();
    const unknown = await rejection(previewPrice(deps, TENANT, { chargePointId: 'CP-9' }));
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((unknown as Error).message).toBe('Charge point not found');
    expect(calls).toEqual(['chargePoints.getChargePoint(CP-9)']);

    expect(await rejection(previewPrice(deps, TENANT, { chargePointId: 'not an id!' }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(calls).toHaveLength(1);
  });

  it('refuses an unknown token as a query field error, before any tariff is read', async () => {
    const { deps, calls } = previewWorld();
    const error = await rejection(previewPrice(deps, TENANT, { chargePointId: 'CP-AC', idTag: 'NOPE' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'idTag', in: 'query', message: 'No such token in this tenant' },
    ]);
    expect(calls).toEqual(['chargePoints.getChargePoint(CP-AC)', 'idTokens.getIdToken(NOPE)']);
  });

  it('is 404 when no tariff applies, not even a tenant default', async () => {
    const { deps } = previewWorld({ assignments: [] });
    const error = await rejection(previewPrice(deps, TENANT, { chargePointId: 'CP-AC' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe(
      'Tariff for this charge point (no assignment, no tenant default) not found',
    );
  });
});
