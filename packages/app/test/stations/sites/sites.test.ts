import { ConflictError, NotFoundError } from '@csms/core';
import type { StoredSite } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { createSite } from '../../../src/stations/sites/create-site.ts';
import { deleteSite } from '../../../src/stations/sites/delete-site.ts';
import { readSite } from '../../../src/stations/sites/read-site.ts';
import { updateSite } from '../../../src/stations/sites/update-site.ts';
import { fakeDeps } from '../../support/fake-deps.ts';
import { SITE_ID, site, TENANT } from '../charge-points/registry-world.ts';

/** The tenant's sites in a Map; `inUse` holds those with charge points assigned. */
function sitesWorld(initial: readonly StoredSite[] = [], inUse: readonly string[] = []) {
  const sites = new Map(initial.map((s) => [s.id, s]));
  const reads: string[] = [];
  const deps = fakeDeps({
    now: '2026-03-15T12:00:00Z',
    repositories: {
      sites: {
        createSite: async (s) => void sites.set(s.id, s),
        getSite: async (_tenantId, id) => {
          reads.push(id);
          return sites.get(id);
        },
        updateSite: async (_tenantId, id, patch, at) => {
          const current = sites.get(id);
          if (!current) return undefined;
          const updated = { ...current, ...patch, updatedAt: at } as StoredSite;
          sites.set(id, updated);
          return updated;
        },
        deleteSite: async (_tenantId, id) => {
          if (!sites.has(id)) return 'not-found';
          if (inUse.includes(id)) return 'in-use';
          sites.delete(id);
          return 'deleted';
        },
      },
    },
  });
  return { deps, sites, reads };
}

const depot = site(SITE_ID);
const { id: _id, tenantId: _t, chargePointCount: _c, createdAt: _ca, updatedAt: _ua, ...depotFields } = depot;

describe('sites', () => {
  it('creates a site under a fresh id, with no charge points, stamped by the clock', async () => {
    const world = sitesWorld();
    const created = await createSite(world.deps, TENANT, depotFields);
    expect(created).toEqual({
      ...depotFields,
      id: 's_000001',
      tenantId: TENANT,
      chargePointCount: 0,
      createdAt: '2026-03-15T12:00:00.000Z',
      updatedAt: '2026-03-15T12:00:00.000Z',
    });
    expect(world.sites.get('s_000001')).toEqual(created);
  });

  it('answers 404 for an unknown site, and for an id never minted without reading', async () => {
    const world = sitesWorld([depot]);
    expect((await readSite(world.deps, TENANT, SITE_ID)).name).toBe('Depot');
    await expect(readSite(world.deps, TENANT, 's0000000000000000000z')).rejects.toEqual(
      new NotFoundError('Site'),
    );
    await expect(readSite(world.deps, TENANT, 'CP-1')).rejects.toBeInstanceOf(NotFoundError);
    expect(world.reads).toEqual([SITE_ID, 's0000000000000000000z']);
  });

  it('applies a patch at the clock’s time; an unknown site is 404', async () => {
    const world = sitesWorld([depot]);
    const updated = await updateSite(world.deps, TENANT, SITE_ID, { name: 'Yard' });
    expect(updated).toMatchObject({ name: 'Yard', updatedAt: '2026-03-15T12:00:00.000Z' });
    expect(world.sites.get(SITE_ID)?.name).toBe('Yard');
    await expect(
      updateSite(world.deps, TENANT, 's0000000000000000000z', { name: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses to delete a site that still has charge points', async () => {
    const world = sitesWorld([depot], [SITE_ID]);
    await expect(deleteSite(world.deps, TENANT, SITE_ID)).rejects.toEqual(
      new ConflictError(`Site ${SITE_ID} still has charge points; move or decommission them first`),
    );
    expect(world.sites.has(SITE_ID)).toBe(true);
  });

  it('deletes an unused site; deleting it again or a malformed id is 404', async () => {
    const world = sitesWorld([depot]);
    await deleteSite(world.deps, TENANT, SITE_ID);
    expect(world.sites.has(SITE_ID)).toBe(false);
    await expect(deleteSite(world.deps, TENANT, SITE_ID)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteSite(world.deps, TENANT, 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});
