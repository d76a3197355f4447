import { describe, expect, it } from 'vitest';
import { listChargePoints } from '../../../src/stations/charge-points/list-charge-points.ts';
import { registered, registryWorld, SITE_ID, TENANT } from './registry-world.ts';

const ids = (page: Awaited<ReturnType<typeof listChargePoints>>) =>
  page.items.map(({ found, connected }) => `${found.chargePoint.id}:${connected}`);

describe('listing charge points', () => {
  // CP-1 spoke 100 s ago, CP-2 300 s ago, CP-3 has no connection; the heartbeat interval is 60 s.
  const world = () =>
    registryWorld({
      now: '2026-03-15T12:00:00Z',
      heartbeatIntervalSeconds: 60,
      chargePoints: [
        registered({ id: 'CP-1', connectionId: 'c1', siteId: SITE_ID }),
        registered({ id: 'CP-2', connectionId: 'c2', maintenance: true }),
        registered({ id: 'CP-3' }),
        registered({ id: 'CP-4', decommissionedAt: '2026-02-01T00:00:00.000Z' }),
      ],
      chargers: {
        describe: async (connectionId) => ({
          lastActiveAt: new Date(
            Date.parse('2026-03-15T12:00:00Z') - (connectionId === 'c1' ? 100 : 300) * 1000,
          ),
        }),
      },
    });

  it('counts a charger offline once silent past twice the tenant’s heartbeat interval', async () => {
    expect(ids(await listChargePoints(world().deps, TENANT, { limit: 50 }))).toEqual([
      'CP-1:true',
      'CP-2:false',
      'CP-3:false',
    ]);
  });

  it('filters the page by connection and by the statuses as shown (maintenance = Unavailable)', async () => {
    const deps = world().deps;
    expect(ids(await listChargePoints(deps, TENANT, { limit: 50, connected: false }))).toEqual([
      'CP-2:false',
      'CP-3:false',
    ]);
    expect(
      ids(await listChargePoints(deps, TENANT, { limit: 50, status: new Set(['Unavailable']) })),
    ).toEqual(['CP-2:false']);
    expect(ids(await listChargePoints(deps, TENANT, { limit: 50, status: new Set(['Unknown']) }))).toEqual([
      'CP-1:true',
      'CP-3:false',
    ]);
    expect(ids(await listChargePoints(deps, TENANT, { limit: 50, siteId: SITE_ID }))).toEqual(['CP-1:true']);
  });
});
