import { describe, expect, it } from 'vitest';
import {
  applyIdTokenPatch,
  idTokenCreateSchema,
  idTokenPatchSchema,
  isIdTokenExpired,
  newIdToken,
  normalizeIdTag,
} from '../src/id-token.ts';

const now = new Date('2025-06-01T00:00:00Z');
const fields = (result: { error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join('.'));

describe('ID tokens (I1, I3)', () => {
  it('takes OCPP 1.6 idTags of 1–20 printable characters, compared in any case', () => {
    const base = { customerId: 'c1', type: 'RFID' };
    expect(idTokenCreateSchema.safeParse({ ...base, idTag: '04A2B3C4D5E6F7' }).success).toBe(true);
    expect(fields(idTokenCreateSchema.safeParse({ ...base, idTag: 'x'.repeat(21) }))).toEqual(['idTag']);
    expect(fields(idTokenCreateSchema.safeParse({ ...base, idTag: 'with space' }))).toEqual(['idTag']);
    expect(normalizeIdTag('abCD12')).toBe(normalizeIdTag('ABcd12'));
  });

  it('registers a vehicle for Autocharge only as VID:<MAC> with the customer opt-in (I3)', () => {
    const vehicle = { idTag: 'VID:0A1B2C3D4E5F', customerId: 'c1', type: 'VehicleId' };
    expect(fields(idTokenCreateSchema.safeParse(vehicle))).toEqual(['vehicle']);
    expect(
      fields(idTokenCreateSchema.safeParse({ ...vehicle, vehicle: { label: 'e-Golf', optIn: false } })),
    ).toEqual(['vehicle.optIn']);
    expect(
      fields(
        idTokenCreateSchema.safeParse({
          ...vehicle,
          idTag: 'ABC',
          vehicle: { label: 'e-Golf', optIn: true },
        }),
      ),
    ).toEqual(['idTag']);
    const ok = idTokenCreateSchema.parse({ ...vehicle, vehicle: { label: 'e-Golf', optIn: true } });
    expect(newIdToken(ok, now).vehicle).toEqual({ label: 'e-Golf', optIn: true, optInAt: now.toISOString() });
    expect(
      fields(
        idTokenCreateSchema.safeParse({ ...vehicle, type: 'RFID', vehicle: { label: 'x', optIn: true } }),
      ),
    ).toEqual(['vehicle']);
  });

  it('blocks with a reason and unblocks without the old one; moves updatedAt on every change', () => {
    const token = newIdToken(idTokenCreateSchema.parse({ idTag: 'A1', customerId: 'c1', type: 'RFID' }), now);
    const later = new Date('2025-06-02T00:00:00Z');
    const blocked = applyIdTokenPatch(
      token,
      idTokenPatchSchema.parse({ status: 'Blocked', reason: 'lost' }),
      later,
    );
    expect(blocked).toMatchObject({
      status: 'Blocked',
      statusReason: 'lost',
      updatedAt: later.toISOString(),
    });
    const back = applyIdTokenPatch(blocked, idTokenPatchSchema.parse({ status: 'Accepted' }), later);
    expect(back.statusReason).toBeUndefined();
  });

  it('expires at its expiry instant; null removes the expiry', () => {
    const token = newIdToken(
      idTokenCreateSchema.parse({
        idTag: 'A1',
        customerId: 'c1',
        type: 'RFID',
        expiresAt: '2025-06-01T02:00:00+02:00',
      }),
      now,
    );
    expect(token.expiresAt).toBe('2025-06-01T00:00:00.000Z');
    expect(isIdTokenExpired(token, now)).toBe(true);
    const unlimited = applyIdTokenPatch(token, idTokenPatchSchema.parse({ expiresAt: null }), now);
    expect(isIdTokenExpired(unlimited, now)).toBe(false);
    expect(fields(idTokenPatchSchema.safeParse({}))).toEqual(['']);
  });
});
