import { idempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH } from '@csms/app/payments/idempotency-key';
import { describe, expect, it } from 'vitest';

describe('idempotencyKey', () => {
  it('joins the parts of one operation deterministically', () => {
    expect(idempotencyKey('hold', 't123', 'session-9')).toBe('hold:t123:session-9');
    expect(idempotencyKey('hold', 't123', 'session-9')).toBe(idempotencyKey('hold', 't123', 'session-9'));
  });

  it('keeps different part boundaries apart and stays ASCII', () => {
    expect(idempotencyKey('a:b', 'c')).not.toBe(idempotencyKey('a', 'b:c'));
    expect(idempotencyKey('kunde', 'Ærø')).toMatch(/^[\x21-\x7e]+$/);
  });

  it('hashes keys longer than 255 characters, keeping a readable prefix', () => {
    const long = idempotencyKey('capture', 'x'.repeat(300));
    expect(long.length).toBeLessThanOrEqual(MAX_IDEMPOTENCY_KEY_LENGTH);
    expect(long).toMatch(/^capture:sha256:[0-9a-f]{64}$/);
    expect(idempotencyKey('capture', 'x'.repeat(300))).toBe(long);
    expect(idempotencyKey('capture', `${'x'.repeat(299)}y`)).not.toBe(long);
    const exactly = idempotencyKey('k', 'x'.repeat(253));
    expect(exactly).toHaveLength(255);
  });

  it('refuses no parts and empty parts, which would make unrelated operations collide', () => {
    expect(() => idempotencyKey()).toThrow();
    expect(() => idempotencyKey('hold', '')).toThrow();
  });
});
