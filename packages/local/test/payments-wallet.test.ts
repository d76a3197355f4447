import { forfeitExpiredVouchers } from '@csms/app/payments/forfeit-vouchers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { type ApiResponse, apiClient, startTestStack } from './support/local-stack.ts';

/**
 * The wallet through the REST API, without Stripe configured (the local default): operator credits, gift
 * vouchers (P2), discount codes (P3), credit limits (P4), the card routes' 501 naming what to configure, the
 * voucher forfeiting job, roles and tenant isolation.
 */
type Api = ReturnType<typeof apiClient>;
interface Tenant {
  readonly id: string;
  readonly admin: Api;
  readonly operator: Api;
  readonly finance: Api;
}
interface Wallet {
  customerId: string;
  currency: string;
  balance: number;
  vouchers: { code: string; amount: number; remaining: number; expiresAt: string; attachedAt: string }[];
  discounts: { code: string; status: string; usable: boolean; uses: number }[];
  card: unknown;
  creditLimit: number | null;
  creditUsed: number;
  debt: number;
  fundingMeans: string | null;
}

let stack: LocalStack;
let t: Tenant;
let other: Tenant;
let count = 0;

const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function signUp(): Promise<Tenant> {
  count += 1;
  const res = await apiClient(stack)<{ tenant: { id: string }; apiKey: string }>('POST', '/v1/tenants', {
    name: `Wallet Co ${count}`,
    email: `ops${count}@wallet.example`,
    country: 'DE',
    currency: 'EUR',
  });
  const admin = apiClient(stack, res.body.apiKey);
  const keyOf = async (role: string) =>
    apiClient(
      stack,
      (await admin<{ apiKey: string }>('POST', '/v1/api-keys', { role, name: role })).body.apiKey,
    );
  return {
    id: res.body.tenant.id,
    admin,
    operator: await keyOf('operator'),
    finance: await keyOf('finance'),
  };
}

async function customer(tenant: Tenant, type: 'individual' | 'company' = 'individual'): Promise<string> {
  const res = await tenant.operator<{ id: string }>('POST', '/v1/customers', {
    type,
    name: 'Wallet Holder',
    email: `holder${++count}@wallet.example`,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

const wallet = async (tenant: Tenant, id: string) =>
  (await tenant.finance<Wallet>('GET', `/v1/customers/${id}/wallet`)).body;

function expectProblem(res: ApiResponse<unknown>, status: number, field?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.contentType).toContain('application/problem+json');
  if (field)
    expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
}

beforeAll(async () => {
  stack = await startTestStack({
    environment: { STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined },
  });
  t = await signUp();
  other = await signUp();
});
afterAll(async () => {
  await stack?.stop();
});

describe('the wallet', () => {
  it('starts empty: an individual has no means to charge, a company charges on credit without limit', async () => {
    const individual = await customer(t);
    expect(await wallet(t, individual)).toEqual({
      customerId: individual,
      currency: 'EUR',
      balance: 0,
      vouchers: [],
      discounts: [],
      card: null,
      creditLimit: 0,
      creditUsed: 0,
      debt: 0,
      fundingMeans: null,
      customerType: 'individual',
    });
    const company = await customer(t, 'company');
    expect(await wallet(t, company)).toMatchObject({ creditLimit: null, fundingMeans: 'credit' });
  });

  it('takes operator credits from finance only, in integer minor units, with a reason', async () => {
    const id = await customer(t);
    expectProblem(
      await t.operator('POST', `/v1/customers/${id}/balance/credits`, { amount: 500, reason: 'x' }),
      403,
    );
    expectProblem(
      await t.finance('POST', `/v1/customers/${id}/balance/credits`, { amount: 5.5, reason: 'x' }),
      422,
      'amount',
    );
    expectProblem(
      await t.finance('POST', `/v1/customers/${id}/balance/credits`, { amount: 500 }),
      422,
      'reason',
    );
    const res = await t.finance<Wallet>('POST', `/v1/customers/${id}/balance/credits`, {
      amount: 500,
      reason: 'goodwill',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ balance: 500, fundingMeans: 'prepaid' });
  });

  it('sets and removes credit limits (finance), and a zero limit means no credit', async () => {
    const id = await customer(t);
    expectProblem(await t.operator('PUT', `/v1/customers/${id}/credit-limit`, { creditLimit: 1000 }), 403);
    expectProblem(
      await t.finance('PUT', `/v1/customers/${id}/credit-limit`, { creditLimit: -1 }),
      422,
      'creditLimit',
    );
    expect(
      (await t.finance<Wallet>('PUT', `/v1/customers/${id}/credit-limit`, { creditLimit: 1000 })).body,
    ).toMatchObject({
      creditLimit: 1000,
      fundingMeans: 'credit',
    });
    expect(
      (await t.finance<Wallet>('PUT', `/v1/customers/${id}/credit-limit`, { creditLimit: null })).body
        .creditLimit,
    ).toBeNull();
    expect(
      (await t.finance<Wallet>('PUT', `/v1/customers/${id}/credit-limit`, { creditLimit: 0 })).body,
    ).toMatchObject({
      creditLimit: 0,
      fundingMeans: null,
    });
  });
});

describe('gift vouchers (P2)', () => {
  it('are issued with a unique code in any letter case and booked in the ledger', async () => {
    const body = { code: 'gift-2026-a', amount: 2500, activateBy: iso(10), expiresAt: iso(365) };
    const res = await t.operator<{ code: string; remaining: number }>('POST', '/v1/vouchers', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ code: 'GIFT-2026-A', amount: 2500, remaining: 2500, customerId: null });
    expectProblem(await t.operator('POST', '/v1/vouchers', { ...body, code: 'GIFT-2026-A' }), 409);
    expectProblem(await t.operator('POST', '/v1/vouchers', { ...body, code: 'x' }), 422, 'code');
    expectProblem(
      await t.operator('POST', '/v1/vouchers', { ...body, code: 'LATE-1', expiresAt: iso(5) }),
      422,
      'expiresAt',
    );
    expect((await t.finance('GET', '/v1/vouchers/gift-2026-a')).status).toBe(200);
    const issued = await stack.deps.ledger.getLedgerTransaction(t.id, 'voucher-issue:GIFT-2026-A');
    expect(issued?.lines).toEqual([
      { account: 'voucher-issuance', side: 'debit', amount: 2500 },
      { account: 'voucher:GIFT-2026-A', side: 'credit', amount: 2500 },
    ]);
  });

  it('attach once, to one customer, before the activation deadline; they are not transferable', async () => {
    const first = await customer(t);
    const second = await customer(t);
    await t.operator('POST', '/v1/vouchers', {
      code: 'ONCE-1',
      amount: 1000,
      activateBy: iso(1),
      expiresAt: iso(30),
    });
    const attached = await t.operator<Wallet>('POST', `/v1/customers/${first}/vouchers`, { code: 'once-1' });
    expect(attached.status, JSON.stringify(attached.body)).toBe(201);
    expect(attached.body.vouchers).toEqual([expect.objectContaining({ code: 'ONCE-1', remaining: 1000 })]);
    expect(attached.body.fundingMeans).toBe('prepaid');
    expectProblem(await t.operator('POST', `/v1/customers/${first}/vouchers`, { code: 'ONCE-1' }), 409);
    expectProblem(await t.operator('POST', `/v1/customers/${second}/vouchers`, { code: 'ONCE-1' }), 409);
    expectProblem(
      await t.operator('POST', `/v1/customers/${second}/vouchers`, { code: 'NO-SUCH-CODE' }),
      404,
    );
    expectProblem(await t.finance('POST', `/v1/customers/${second}/vouchers`, { code: 'ONCE-1' }), 403);
    // Another tenant knows neither the customer nor the voucher.
    expectProblem(await other.operator('POST', `/v1/customers/${first}/vouchers`, { code: 'ONCE-1' }), 404);
    expectProblem(await other.finance('GET', '/v1/vouchers/ONCE-1'), 404);
    expectProblem(await other.finance('GET', `/v1/customers/${first}/wallet`), 404);
  });

  it('forfeit what is left at expiry by a ledger entry, once', async () => {
    const id = await customer(t);
    await t.operator('POST', '/v1/vouchers', {
      code: 'SHORT-1',
      amount: 700,
      activateBy: iso(1),
      expiresAt: iso(2),
    });
    await t.operator('POST', `/v1/customers/${id}/vouchers`, { code: 'SHORT-1' });
    await t.operator('POST', '/v1/vouchers', {
      code: 'UNUSED-1',
      amount: 300,
      activateBy: iso(1),
      expiresAt: iso(2),
    });
    await t.operator('POST', '/v1/vouchers', {
      code: 'LONG-1',
      amount: 900,
      activateBy: iso(1),
      expiresAt: iso(60),
    });

    expect((await forfeitExpiredVouchers(stack.deps, t.id, new Date())).forfeited).toEqual([]);
    const later = new Date(Date.now() + 3 * 86_400_000);
    const result = await forfeitExpiredVouchers(stack.deps, t.id, later);
    expect(result.forfeited).toEqual(
      expect.arrayContaining([
        { code: 'SHORT-1', amount: 700 },
        { code: 'UNUSED-1', amount: 300 },
      ]),
    );
    expect(result.forfeited.map((f) => f.code)).not.toContain('LONG-1');
    expect((await forfeitExpiredVouchers(stack.deps, t.id, later)).forfeited).toEqual([]);
    const voucher = await t.finance<{ remaining: number; forfeitedAt: string | null }>(
      'GET',
      '/v1/vouchers/SHORT-1',
    );
    expect(voucher.body).toMatchObject({ remaining: 0, forfeitedAt: later.toISOString() });
    expect((await stack.deps.ledger.getLedgerTransaction(t.id, 'voucher-forfeit:SHORT-1'))?.lines).toEqual([
      { account: 'voucher:SHORT-1', side: 'debit', amount: 700 },
      { account: 'forfeited-vouchers', side: 'credit', amount: 700 },
    ]);
  });
});

describe('discount codes (P3)', () => {
  it('are created, attached, suspended, resumed and cancelled for good', async () => {
    const id = await customer(t);
    const body = {
      code: 'spring-10',
      kind: 'percentage',
      value: 10,
      expiresAt: iso(90),
      conditions: { maxDiscountAmount: 500, maxUsesPerCustomer: 3 },
    };
    const created = await t.operator('POST', '/v1/discount-codes', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ code: 'SPRING-10', status: 'active' });
    expectProblem(await t.operator('POST', '/v1/discount-codes', body), 409);
    expectProblem(
      await t.operator('POST', '/v1/discount-codes', { ...body, code: 'PCT-200', value: 200 }),
      422,
      'value',
    );

    const attached = await t.operator<Wallet>('POST', `/v1/customers/${id}/discount-codes`, {
      code: 'SPRING-10',
    });
    expect(attached.status).toBe(201);
    expect(attached.body.discounts).toEqual([
      expect.objectContaining({ code: 'SPRING-10', usable: true, uses: 0 }),
    ]);
    expectProblem(await t.operator('POST', `/v1/customers/${id}/discount-codes`, { code: 'SPRING-10' }), 409);

    const suspended = await t.operator('PATCH', '/v1/discount-codes/spring-10', { status: 'suspended' });
    expect(suspended.body).toMatchObject({ status: 'suspended' });
    expect((await wallet(t, id)).discounts[0]).toMatchObject({ status: 'suspended', usable: false });
    expect(
      (await t.operator('PATCH', '/v1/discount-codes/SPRING-10', { status: 'active' })).body,
    ).toMatchObject({
      status: 'active',
    });
    expect((await t.operator('PATCH', '/v1/discount-codes/SPRING-10', { status: 'cancelled' })).status).toBe(
      200,
    );
    expectProblem(await t.operator('PATCH', '/v1/discount-codes/SPRING-10', { status: 'active' }), 409);
    expectProblem(
      await other.operator('PATCH', '/v1/discount-codes/SPRING-10', { status: 'suspended' }),
      404,
    );
    expectProblem(await t.operator('POST', `/v1/customers/${id}/discount-codes`, { code: 'NOPE-1' }), 404);
  });
});

describe('without Stripe configured', () => {
  it('answers card routes with 501 naming what to set; balance, vouchers and credit keep working', async () => {
    const id = await customer(t);
    for (const [path, body] of [
      [`/v1/customers/${id}/cards/setup`, undefined],
      [`/v1/customers/${id}/cards/confirm`, { setupIntentId: 'seti_123' }],
      [`/v1/customers/${id}/balance/top-ups`, { amount: 1000 }],
    ] as const) {
      const res = await t.operator<{ detail: string }>('POST', path, body);
      expectProblem(res, 501);
      expect(res.body.detail).toContain('STRIPE_SECRET_KEY');
    }
    // Nothing owed: nothing to collect, even without a card processor.
    expect((await t.operator('POST', `/v1/customers/${id}/debt/pay`)).body).toMatchObject({
      status: 'nothing-to-collect',
    });
    const webhook = await apiClient(stack)<{ detail: string }>('POST', '/v1/webhooks/stripe', '{}', {
      'stripe-signature': 't=1,v1=00',
    });
    expectProblem(webhook, 501);
    expect(webhook.body.detail).toContain('STRIPE_WEBHOOK_SECRET');
  });
});
