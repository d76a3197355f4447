import { describe, expect, it } from 'vitest';
import { ANONYMIZED, anonymizeCustomer, anonymizeDriver, anonymizeIdToken } from '../src/anonymization.ts';
import { applyCustomerPatch, customerCreateSchema, newCustomer } from '../src/customer.ts';
import { newDriver } from '../src/driver.ts';
import { ConflictError } from '../src/errors.ts';
import { idTokenCreateSchema, newIdToken } from '../src/id-token.ts';

const t0 = new Date('2025-01-01T00:00:00Z');
const t1 = new Date('2025-02-01T00:00:00Z');
const customer = applyCustomerPatch(
  newCustomer(
    customerCreateSchema.parse({
      type: 'company',
      name: 'Jane Doe Consulting',
      email: 'jane@doe.example',
      phone: '+4915112345678',
      vatId: 'DE123456789',
      marketingOptIn: true,
    }),
    'c1',
    t0,
  ),
  { status: 'suspended', reason: 'Jane Doe gave a false address' },
  t0,
);

describe('GDPR erasure (A5)', () => {
  it('replaces personal data, switches marketing off, closes the account and keeps ids and histories', () => {
    const erased = anonymizeCustomer(customer, t1);
    expect(erased).toMatchObject({
      id: 'c1',
      type: 'company',
      name: ANONYMIZED.customerName,
      email: ANONYMIZED.email('c1'),
      status: 'closed',
      marketingOptIn: false,
      anonymizedAt: t1.toISOString(),
    });
    expect(erased.phone).toBeUndefined();
    expect(erased.vatId).toBeUndefined();
    expect(JSON.stringify(erased)).not.toMatch(/Jane|doe\.example|4915112345678|DE123456789/);
    expect(erased.consentHistory.at(-1)).toMatchObject({ granted: false, source: 'anonymization' });
    expect(erased.statusHistory.map((s) => s.status)).toEqual(['active', 'suspended', 'closed']);
  });

  it('is refused while debt is outstanding, and changes nothing the second time', () => {
    expect(() => anonymizeCustomer({ ...customer, outstandingDebt: 1 }, t1)).toThrow(ConflictError);
    const once = anonymizeCustomer(customer, t1);
    expect(anonymizeCustomer(once, new Date('2026-01-01T00:00:00Z'))).toBe(once);
  });

  it("scrubs drivers and blocks tokens, dropping vehicle names; idTags stay for past sessions' sake", () => {
    const driver = newDriver({ name: 'John Roe', email: 'john@roe.example' }, 'd1', 'c1', t0);
    expect(anonymizeDriver(driver, t1)).toEqual({
      ...driver,
      name: ANONYMIZED.driverName,
      email: undefined,
      updatedAt: t1.toISOString(),
    });
    const token = newIdToken(
      idTokenCreateSchema.parse({
        idTag: 'VID:0A1B2C3D4E5F',
        customerId: 'c1',
        type: 'VehicleId',
        vehicle: { label: "John's Tesla", optIn: true },
      }),
      t0,
    );
    const blocked = anonymizeIdToken(token, t1);
    expect(blocked).toMatchObject({
      idTag: 'VID:0A1B2C3D4E5F',
      status: 'Blocked',
      statusReason: ANONYMIZED.reason,
    });
    expect(blocked.vehicle?.label).toBe(ANONYMIZED.vehicleLabel);
    expect(anonymizeIdToken(blocked, t1)).toBe(blocked);
  });
});
