import { ConflictError, NotFoundError, ValidationError } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { addDriver } from '../../src/customers/add-driver.ts';
import { changeIdToken } from '../../src/customers/change-id-token.ts';
import { issueIdToken } from '../../src/customers/issue-id-token.ts';
import { removeDriver } from '../../src/customers/remove-driver.ts';
import { customerWorld } from './customer-world.ts';

const rfid = (idTag: string, customerId: string, driverId?: string) => ({
  idTag,
  customerId,
  type: 'RFID' as const,
  ...(driverId === undefined ? {} : { driverId }),
});

describe('ID tokens', () => {
  it('issues a token to an open customer, unique in any letter case', async () => {
    const world = customerWorld();
    world.addCustomer('c_1');
    const { token, at } = await issueIdToken(world.deps, 't_1', rfid('CARD-1', 'c_1'));
    expect(token).toMatchObject({ idTag: 'CARD-1', customerId: 'c_1', status: 'Accepted' });
    expect(at.toISOString()).toBe('2026-03-15T12:00:00.000Z');
    await expect(issueIdToken(world.deps, 't_1', rfid('card-1', 'c_1'))).rejects.toThrow(
      new ConflictError('ID token card-1 already exists (idTags are compared in any case)'),
    );
  });

  it('refuses an unknown customer (422), a closed one (409) and a driver of another customer (422)', async () => {
    const world = customerWorld();
    world.addCustomer('c_1');
    world.addCustomer('c_2');
    world.addCustomer('c_closed', { status: 'closed' });
    const other = await addDriver(world.deps, 't_1', 'c_2', { name: 'Other' });
    await expect(issueIdToken(world.deps, 't_1', rfid('CARD-1', 'c_nope'))).rejects.toThrow(
      new ValidationError([{ field: 'customerId', message: 'Unknown customer c_nope' }]),
    );
    await expect(issueIdToken(world.deps, 't_1', rfid('CARD-1', 'c_closed'))).rejects.toThrow(
      new ConflictError('Customer c_closed is closed'),
    );
    await expect(issueIdToken(world.deps, 't_1', rfid('CARD-1', 'c_1', other.id))).rejects.toThrow(
      new ValidationError([{ field: 'driverId', message: `Customer c_1 has no driver ${other.id}` }]),
    );
    expect(world.tokens.size).toBe(0);
  });

  it('blocks a token with its reason and pushes the block to the chargers’ local lists once', async () => {
    const world = customerWorld();
    world.addCustomer('c_1');
    await issueIdToken(world.deps, 't_1', rfid('CARD-1', 'c_1'));
    world.deps.setNow('2026-03-15T13:00:00Z');
    const { token } = await changeIdToken(world.deps, 't_1', 'card-1', {
      status: 'Blocked',
      reason: 'Lost card',
    });
    expect(token).toMatchObject({
      idTag: 'CARD-1',
      status: 'Blocked',
      statusReason: 'Lost card',
      updatedAt: '2026-03-15T13:00:00.000Z',
    });
    expect(world.pushes).toEqual(['t_1']);
    // Blocking it again changes nothing on the chargers.
    await changeIdToken(world.deps, 't_1', 'CARD-1', { status: 'Blocked', reason: 'Still lost' });
    expect(world.pushes).toEqual(['t_1']);
  });

  it('a blocked token of a closed customer cannot be accepted again (409); of an open one it can', async () => {
    const world = customerWorld();
    world.addCustomer('c_1');
    await issueIdToken(world.deps, 't_1', rfid('CARD-1', 'c_1'));
    await changeIdToken(world.deps, 't_1', 'CARD-1', { status: 'Blocked', reason: 'Lost' });
    world.customers.set('c_1', { ...world.customers.get('c_1')!, status: 'closed' });
    await expect(changeIdToken(world.deps, 't_1', 'CARD-1', { status: 'Accepted' })).rejects.toThrow(
      new ConflictError('The customer of ID token CARD-1 is closed'),
    );
    expect([...world.tokens.values()].find((t) => t.idTag === 'CARD-1')!.status).toBe('Blocked');

    world.customers.set('c_1', { ...world.customers.get('c_1')!, status: 'active' });
    const { token } = await changeIdToken(world.deps, 't_1', 'CARD-1', { status: 'Accepted' });
    expect(token.status).toBe('Accepted');
  });

  it('answers 404 for an unknown or malformed idTag', async () => {
    const world = customerWorld();
    await expect(changeIdToken(world.deps, 't_1', 'NOPE', { status: 'Blocked' })).rejects.toThrow(
      new NotFoundError('ID token NOPE'),
    );
    await expect(changeIdToken(world.deps, 't_1', 'has space', { status: 'Blocked' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('drivers', () => {
  it('adds drivers only to open company customers', async () => {
    const world = customerWorld();
    world.addCustomer('c_co');
    world.addCustomer('c_ind', { type: 'individual' });
    world.addCustomer('c_closed', { status: 'closed' });
    const driver = await addDriver(world.deps, 't_1', 'c_co', { name: 'Ann' });
    expect(world.drivers.get(driver.id)).toEqual({
      id: driver.id,
      customerId: 'c_co',
      name: 'Ann',
      createdAt: '2026-03-15T12:00:00.000Z',
      updatedAt: '2026-03-15T12:00:00.000Z',
    });
    await expect(addDriver(world.deps, 't_1', 'c_ind', { name: 'Bob' })).rejects.toThrow(
      new ValidationError([
        {
          field: 'id',
          in: 'path',
          message: 'Only company customers hold drivers; this one is an individual',
        },
      ]),
    );
    await expect(addDriver(world.deps, 't_1', 'c_closed', { name: 'Bob' })).rejects.toThrow(
      new ConflictError('Customer c_closed is closed'),
    );
    await expect(addDriver(world.deps, 't_1', 'c_nope', { name: 'Bob' })).rejects.toThrow(
      new NotFoundError('Customer c_nope'),
    );
  });

  it('removing a driver blocks the driver’s tokens ("Driver removed") and leaves the others alone', async () => {
    const world = customerWorld();
    world.addCustomer('c_co');
    const ann = await addDriver(world.deps, 't_1', 'c_co', { name: 'Ann' });
    const bob = await addDriver(world.deps, 't_1', 'c_co', { name: 'Bob' });
    await issueIdToken(world.deps, 't_1', rfid('ANN-1', 'c_co', ann.id));
    await issueIdToken(world.deps, 't_1', rfid('BOB-1', 'c_co', bob.id));
    world.deps.setNow('2026-03-20T08:00:00Z');
    await removeDriver(world.deps, 't_1', 'c_co', ann.id);
    expect(world.drivers.has(ann.id)).toBe(false);
    const byTag = new Map([...world.tokens.values()].map((t) => [t.idTag, t]));
    expect(byTag.get('ANN-1')).toMatchObject({
      status: 'Blocked',
      statusReason: 'Driver removed',
      updatedAt: '2026-03-20T08:00:00.000Z',
    });
    expect(byTag.get('BOB-1')!.status).toBe('Accepted');
    await expect(removeDriver(world.deps, 't_1', 'c_co', ann.id)).rejects.toThrow(
      new NotFoundError(`Driver ${ann.id}`),
    );
  });
});
