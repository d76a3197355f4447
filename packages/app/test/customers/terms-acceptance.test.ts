import { ConflictError, ValidationError } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { acceptTerms } from '../../src/customers/accept-terms.ts';
import { getCustomer } from '../../src/customers/get-customer.ts';
import { customerWorld, termsVersion } from './customer-world.ts';

const v1 = termsVersion('tv_1', '1.0', true, '2026-01-01T00:00:00.000Z');
const v2minor = termsVersion('tv_2', '1.1', false, '2026-02-01T00:00:00.000Z');
const v3material = termsVersion('tv_3', '2.0', true, '2026-03-10T00:00:00.000Z');

describe('Terms acceptance', () => {
  it('records a new acceptance and answers the customer up to date', async () => {
    const world = customerWorld({ terms: [v1] });
    world.addCustomer('c_1');
    const result = await acceptTerms(world.deps, 't_1', 'c_1', { termsId: 'tv_1' });
    expect(result).toEqual({
      acceptance: { termsId: 'tv_1', kind: 'terms', version: '1.0', acceptedAt: '2026-03-15T12:00:00.000Z' },
      isNew: true,
      termsStatus: { upToDate: true, missing: [] },
    });
    expect(world.customers.get('c_1')!.termsAcceptances).toEqual([result.acceptance]);
    expect(world.customers.get('c_1')!.updatedAt).toBe('2026-03-15T12:00:00.000Z');
  });

  it('keeps the first acceptance when the same version is accepted again', async () => {
    const world = customerWorld({ terms: [v1] });
    world.addCustomer('c_1');
    await acceptTerms(world.deps, 't_1', 'c_1', { termsId: 'tv_1' });
    world.deps.setNow('2026-03-16T09:00:00Z');
    const again = await acceptTerms(world.deps, 't_1', 'c_1', { termsId: 'tv_1' });
    expect(again.isNew).toBe(false);
    expect(again.acceptance.acceptedAt).toBe('2026-03-15T12:00:00.000Z');
    expect(world.customers.get('c_1')!.termsAcceptances).toHaveLength(1);
  });

  it('a minor version changes nobody’s standing, a material one requires acceptance again', async () => {
    const world = customerWorld({ terms: [v1, v2minor] });
    world.addCustomer('c_1');
    await acceptTerms(world.deps, 't_1', 'c_1', { termsId: 'tv_1' });
    expect((await getCustomer(world.deps, 't_1', 'c_1')).customer.termsAcceptances).toHaveLength(1);

    world.terms.set(v3material.id, v3material);
    const before = await acceptTerms(world.deps, 't_1', 'c_1', { termsId: 'tv_2' });
    expect(before.termsStatus).toEqual({
      upToDate: false,
      missing: [{ kind: 'terms', version: '2.0', termsId: 'tv_3' }],
    });
    const after = await acceptTerms(world.deps, 't_1', 'c_1', { termsId: 'tv_3' });
    expect(after.termsStatus).toEqual({ upToDate: true, missing: [] });
  });

  it('refuses an unknown Terms document (422) and a closed customer (409)', async () => {
    const world = customerWorld({ terms: [v1] });
    world.addCustomer('c_open');
    world.addCustomer('c_closed', { status: 'closed' });
    await expect(acceptTerms(world.deps, 't_1', 'c_open', { termsId: 'tv_nope' })).rejects.toThrow(
      new ValidationError([{ field: 'termsId', message: 'Unknown Terms document tv_nope' }]),
    );
    await expect(acceptTerms(world.deps, 't_1', 'c_closed', { termsId: 'tv_1' })).rejects.toThrow(
      new ConflictError('Customer c_closed is closed'),
    );
    expect(world.customers.get('c_closed')!.termsAcceptances).toEqual([]);
  });
});
