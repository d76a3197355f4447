import {
  defaultTenantSettings,
  type IdToken,
  normalizeIdTag,
  type TermsDocument,
  type Voucher,
} from '@csms/core';
import type { StoredCustomer, StoredTenant, StoredWallet } from '@csms/db';
import { describe, expect, it } from 'vitest';
import { authorizeIdTag, idTagInfo } from '../../src/authorization/authorize-id-tag.ts';
import { type FakeDeps, fakeDeps } from '../support/fake-deps.ts';

const NOW = new Date('2026-03-15T12:00:00.000Z');
const TENANT = 't_1';

const termsV1: TermsDocument = {
  id: 'trm_1',
  kind: 'terms',
  version: '1.0',
  material: true,
  text: 'Terms',
  effectiveFrom: '2026-01-01T00:00:00.000Z',
  publishedAt: '2026-01-01T00:00:00.000Z',
};

function customer(overrides: Partial<StoredCustomer> = {}): StoredCustomer {
  return {
    tenantId: TENANT,
    revision: 1,
    id: 'cus_1',
    type: 'individual',
    name: 'Ada Driver',
    email: 'ada@example.com',
    status: 'active',
    statusHistory: [{ status: 'active', at: '2026-01-02T00:00:00.000Z' }],
    marketingOptIn: false,
    consentHistory: [],
    termsAcceptances: [
      { termsId: termsV1.id, kind: 'terms', version: '1.0', acceptedAt: '2026-01-02T00:00:00.000Z' },
    ],
    outstandingDebt: 0,
    createdAt: '2026-01-02T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    ...overrides,
  };
}

function token(overrides: Partial<IdToken> = {}): IdToken {
  return {
    idTag: 'CARD-1',
    type: 'RFID',
    customerId: 'cus_1',
    status: 'Accepted',
    createdAt: '2026-01-02T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    ...overrides,
  };
}

function wallet(overrides: Partial<StoredWallet> = {}): StoredWallet {
  return {
    customerId: 'cus_1',
    balance: 0,
    creditUsed: 0,
    vouchers: [],
    discounts: [],
    discountUses: {},
    ...overrides,
  };
}

const activeCard = {
  provider: 'stripe',
  paymentMethodId: 'pm_1',
  setupIntentId: 'seti_1',
  last4: '4242',
  brand: 'visa',
  status: 'active',
  addedAt: '2026-01-03T00:00:00.000Z',
} as const;

const tenant = (overrides: Partial<StoredTenant> = {}): StoredTenant => ({
  id: TENANT,
  name: 'Volt Parking',
  email: 'ops@volt.example',
  country: 'DE',
  currency: 'EUR',
  createdAt: '2026-01-01T00:00:00.000Z',
  settings: defaultTenantSettings,
  ...overrides,
});

interface World {
  readonly tokens?: IdToken[];
  readonly customers?: StoredCustomer[];
  readonly terms?: TermsDocument[];
  readonly wallets?: StoredWallet[];
  readonly vouchers?: Voucher[];
  readonly tenant?: StoredTenant;
  readonly paymentsConfigured?: boolean;
}

/**
 * Fake storage for one tenant, backed by Maps. `calls` lists which repository methods the use case reached
 * for, in order; the funding repositories are faked only when the world has a wallet, so a rule that must
 * refuse before the payment check proves it by not touching them.
 */
function world(state: World): { deps: FakeDeps; calls: string[] } {
  const calls: string[] = [];
  const tokens = new Map((state.tokens ?? []).map((t) => [normalizeIdTag(t.idTag), t]));
  const customers = new Map((state.customers ?? []).map((c) => [c.id, c]));
  const wallets = new Map((state.wallets ?? []).map((w) => [w.customerId, w]));
  const vouchers = new Map((state.vouchers ?? []).map((v) => [v.code, v]));
  const funding = state.wallets
    ? {
        wallets: {
          getWallet: async (_tenantId: string, customerId: string) => {
            calls.push(`wallets.getWallet(${customerId})`);
            return wallets.get(customerId) ?? wallet({ customerId });
          },
        },
        vouchers: {
          getVouchers: async (_tenantId: string, codes: readonly string[]) => {
            calls.push(`vouchers.getVouchers(${codes.join(',')})`);
            return codes.flatMap((code) => vouchers.get(code) ?? []);
          },
        },
        discountCodes: {
          getDiscountCodes: async (_tenantId: string, _codes: readonly string[]) => {
            calls.push('discountCodes.getDiscountCodes');
            return [];
          },
        },
        tenants: {
          getTenant: async (tenantId: string) => {
            calls.push(`tenants.getTenant(${tenantId})`);
            return state.tenant ?? tenant();
          },
        },
      }
    : {};
  const deps = fakeDeps({
    now: NOW,
    settings: { paymentsConfigured: state.paymentsConfigured ?? false },
    repositories: {
      idTokens: {
        getIdToken: async (_tenantId, idTag) => {
          calls.push(`idTokens.getIdToken(${idTag})`);
          return tokens.get(normalizeIdTag(idTag));
        },
      },
      customers: {
        getCustomer: async (_tenantId, customerId) => {
          calls.push(`customers.getCustomer(${customerId})`);
          return customers.get(customerId);
        },
      },
      terms: {
        listAllTermsDocuments: async () => {
          calls.push('terms.listAllTermsDocuments');
          return state.terms ?? [termsV1];
        },
      },
      ...funding,
    },
  });
  return { deps, calls };
}

describe('authorizeIdTag (I4)', () => {
  it('accepts a known token of an active customer with a working card and says which token and customer it was', async () => {
    const { deps, calls } = world({
      tokens: [token()],
      customers: [customer()],
      wallets: [wallet({ card: activeCard })],
      tenant: tenant({
        payoutAccount: { provider: 'stripe', accountId: 'acct_1', createdAt: '2026-01-01T00:00:00.000Z' },
      }),
      paymentsConfigured: true,
    });
    const result = await authorizeIdTag(deps, TENANT, 'card-1', NOW);
    expect(result.decision).toEqual({ status: 'Accepted', reason: 'accepted' });
    expect(result.token?.idTag).toBe('CARD-1');
    expect(result.customer?.id).toBe('cus_1');
    expect(idTagInfo(result.decision)).toEqual({ status: 'Accepted' });
    expect(calls).toEqual(
      expect.arrayContaining([
        'idTokens.getIdToken(card-1)',
        'customers.getCustomer(cus_1)',
        'terms.listAllTermsDocuments',
        'wallets.getWallet(cus_1)',
        `tenants.getTenant(${TENANT})`,
      ]),
    );
  });

  it('answers Invalid for an unknown token without looking up any customer', async () => {
    const { deps, calls } = world({ tokens: [], customers: [customer()] });
    const result = await authorizeIdTag(deps, TENANT, 'NOPE', NOW);
    expect(result).toEqual({ decision: { status: 'Invalid', reason: 'unknown-token' } });
    expect(calls).toEqual(['idTokens.getIdToken(NOPE)']);
  });

  it('answers Invalid for a token whose customer no longer exists, and reads no Terms for nobody', async () => {
    const { deps, calls } = world({ tokens: [token({ customerId: 'cus_gone' })], customers: [] });
    const result = await authorizeIdTag(deps, TENANT, 'CARD-1', NOW);
    expect(result.decision).toEqual({ status: 'Invalid', reason: 'unknown-customer' });
    expect(result.customer).toBeUndefined();
    expect(calls).toEqual(['idTokens.getIdToken(CARD-1)', 'customers.getCustomer(cus_gone)']);
  });

  it('blocks a blocked token before any payment check', async () => {
    // No wallet in the world: touching the funding repositories would throw "not faked".
    const { deps, calls } = world({
      tokens: [token({ status: 'Blocked', statusReason: 'card lost' })],
      customers: [customer()],
    });
    const result = await authorizeIdTag(deps, TENANT, 'CARD-1', NOW);
    expect(result.decision).toEqual({ status: 'Blocked', reason: 'token-blocked' });
    expect(calls).not.toContain('wallets.getWallet(cus_1)');
  });

  it('answers Expired for a token past its expiry, and still tells the charger the expiry', async () => {
    const { deps } = world({
      tokens: [token({ expiresAt: '2026-03-15T11:59:59.000Z' })],
      customers: [customer()],
    });
    const result = await authorizeIdTag(deps, TENANT, 'CARD-1', NOW);
    expect(result.decision.status).toBe('Expired');
    expect(result.decision.reason).toBe('token-expired');
    expect(idTagInfo(result.decision)).toEqual({ status: 'Expired', expiryDate: '2026-03-15T11:59:59.000Z' });
  });

  it('treats a token expiring exactly now as expired, and one expiring later as valid with its expiry cached', async () => {
    const atNow = world({ tokens: [token({ expiresAt: NOW.toISOString() })], customers: [customer()] });
    expect((await authorizeIdTag(atNow.deps, TENANT, 'CARD-1', NOW)).decision.status).toBe('Expired');

    const later = world({
      tokens: [token({ expiresAt: '2026-12-31T00:00:00.000Z' })],
      customers: [customer({ type: 'company' })],
      wallets: [],
    });
    const result = await authorizeIdTag(later.deps, TENANT, 'CARD-1', NOW);
    expect(idTagInfo(result.decision)).toEqual({
      status: 'Accepted',
      expiryDate: '2026-12-31T00:00:00.000Z',
    });
  });

  it('blocks the token of a suspended customer, naming the account status as the reason', async () => {
    const { deps } = world({ tokens: [token()], customers: [customer({ status: 'suspended' })] });
    const result = await authorizeIdTag(deps, TENANT, 'CARD-1', NOW);
    expect(result.decision).toEqual({ status: 'Blocked', reason: 'customer-suspended' });
  });

  it('blocks a customer who has not accepted the material Terms version now in force (A2)', async () => {
    const termsV2: TermsDocument = {
      ...termsV1,
      id: 'trm_2',
      version: '2.0',
      effectiveFrom: '2026-03-01T00:00:00.000Z',
      publishedAt: '2026-02-20T00:00:00.000Z',
    };
    const { deps } = world({ tokens: [token()], customers: [customer()], terms: [termsV1, termsV2] });
    const result = await authorizeIdTag(deps, TENANT, 'CARD-1', NOW);
    expect(result.decision).toEqual({ status: 'Blocked', reason: 'terms-not-accepted' });
  });

  it('blocks a customer with outstanding debt without reading the wallet (P5)', async () => {
    const { deps, calls } = world({ tokens: [token()], customers: [customer({ outstandingDebt: 1250 })] });
    const result = await authorizeIdTag(deps, TENANT, 'CARD-1', NOW);
    expect(result.decision).toEqual({ status: 'Blocked', reason: 'outstanding-debt' });
    expect(calls.some((call) => call.startsWith('wallets.'))).toBe(false);
  });

  it('blocks an individual without card, balance or voucher (no payment means)', async () => {
    const { deps, calls } = world({ tokens: [token()], customers: [customer()], wallets: [wallet()] });
    const result = await authorizeIdTag(deps, TENANT, 'CARD-1', NOW);
    expect(result.decision).toEqual({ status: 'Blocked', reason: 'no-payment-means' });
    expect(calls).toContain('wallets.getWallet(cus_1)');
  });

  it('does not count a saved card when the tenant cannot take card payments', async () => {
    // The deployment has Stripe, but the tenant never created its payout account: cards cannot be charged.
    const { deps } = world({
      tokens: [token()],
      customers: [customer()],
      wallets: [wallet({ card: activeCard })],
      paymentsConfigured: true,
    });
    const result = await authorizeIdTag(deps, TENANT, 'CARD-1', NOW);
    expect(result.decision).toEqual({ status: 'Blocked', reason: 'no-payment-means' });
  });

  it("accepts an individual on an unexpired voucher of their own, but not on someone else's", async () => {
    const voucher = (customerId: string): Voucher => ({
      code: 'GIFT-1',
      amount: 2000,
      remaining: 1500,
      activateBy: '2026-06-01T00:00:00.000Z',
      expiresAt: '2027-01-01T00:00:00.000Z',
      customerId,
      attachedAt: '2026-02-01T00:00:00.000Z',
      createdAt: '2026-01-15T00:00:00.000Z',
    });
    const pointer = {
      code: 'GIFT-1',
      attachedAt: '2026-02-01T00:00:00.000Z',
      expiresAt: '2027-01-01T00:00:00.000Z',
    };

    const own = world({
      tokens: [token()],
      customers: [customer()],
      wallets: [wallet({ vouchers: [pointer] })],
      vouchers: [voucher('cus_1')],
    });
    expect((await authorizeIdTag(own.deps, TENANT, 'CARD-1', NOW)).decision.status).toBe('Accepted');
    expect(own.calls).toContain('vouchers.getVouchers(GIFT-1)');

    const foreign = world({
      tokens: [token()],
      customers: [customer()],
      wallets: [wallet({ vouchers: [pointer] })],
      vouchers: [voucher('cus_other')],
    });
    expect((await authorizeIdTag(foreign.deps, TENANT, 'CARD-1', NOW)).decision).toEqual({
      status: 'Blocked',
      reason: 'no-payment-means',
    });
  });

  it('lets a company without any payment setup charge on unlimited credit, until finance sets a limit it reached (P4)', async () => {
    const company = customer({ id: 'cus_co', type: 'company', name: 'Fleet GmbH' });
    const open = world({
      tokens: [token({ customerId: 'cus_co' })],
      customers: [company],
      wallets: [wallet({ customerId: 'cus_co', creditUsed: 900_000 })],
    });
    expect((await authorizeIdTag(open.deps, TENANT, 'CARD-1', NOW)).decision.status).toBe('Accepted');

    const limited = world({
      tokens: [token({ customerId: 'cus_co' })],
      customers: [company],
      wallets: [wallet({ customerId: 'cus_co', creditLimit: 50_000, creditUsed: 50_000 })],
    });
    expect((await authorizeIdTag(limited.deps, TENANT, 'CARD-1', NOW)).decision).toEqual({
      status: 'Blocked',
      reason: 'no-payment-means',
    });
  });

  it('passes a group token’s parent tag to the charger as parentIdTag', async () => {
    const { deps } = world({
      tokens: [token({ idTag: 'DRIVER-7', customerId: 'cus_co', groupIdTag: 'FLEET', driverId: 'drv_7' })],
      customers: [customer({ id: 'cus_co', type: 'company' })],
      wallets: [],
    });
    const result = await authorizeIdTag(deps, TENANT, 'driver-7', NOW);
    expect(result.decision).toEqual({ status: 'Accepted', reason: 'accepted', groupIdTag: 'FLEET' });
    expect(idTagInfo(result.decision)).toEqual({ status: 'Accepted', parentIdTag: 'FLEET' });
  });
});
