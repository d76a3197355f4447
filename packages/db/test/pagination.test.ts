import { ValidationError } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/pagination.ts';

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('pagination cursors', () => {
  it('round-trips a key of the calling tenant', () => {
    const key = { pk: 'T#tabc', sk: 'CUST#1', gsi1pk: 'T#tabc#CUSTOMERS', gsi1sk: 'x' };
    expect(decodeCursor(encodeCursor(key) ?? undefined, 'tabc')).toEqual(key);
  });

  it('has no next cursor after the last page', () => {
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, 'tabc')).toBeUndefined();
  });

  it.each([
    ['another tenant', { pk: 'T#tother', sk: 'x' }],
    ['a tenant whose id starts like ours', { pk: 'T#tabcd', sk: 'x' }],
    ['another tenant in the index key', { pk: 'T#tabc', gsi1pk: 'T#tother#CPS' }],
    ['a platform item', { pk: 'PLATFORM#RATE#signup#1.2.3.4', sk: '1' }],
    ['no key at all', {}],
    ['a non-string value', { pk: 'T#tabc', sk: 1 }],
  ])('refuses a cursor pointing into %s', (_, key) => {
    expect(() => decodeCursor(cursorOf(key), 'tabc')).toThrow(ValidationError);
  });

  it('refuses garbage', () => {
    expect(() => decodeCursor('%%%', 'tabc')).toThrow(ValidationError);
    expect(() => decodeCursor(cursorOf([1, 2]), 'tabc')).toThrow(ValidationError);
  });
});
