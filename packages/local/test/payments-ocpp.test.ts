import { settleSession } from '@csms/app/payments/settle-session';
import { sessionCost } from '@csms/app/pricing/session-cost';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import {
  type ChargingTenant,
  chargingTenant,
  createDefaultTariff,
  customerWithToken,
  energyReading,
  minutesFromNow,
  obedientCharger,
} from './support/ocpp16.ts';

/**
 * Payments through real OCPP 1.6 sessions, without Stripe: the local default works with
 * vouchers, balance and credit. A strict ocpp-rpc charger talks to the local gateway; the live cost comes from
 * the pricing engine (`sessionCost`) with a tenant default tariff of 0.30 net/kWh at 20 % VAT (0.36 gross).
 * Settlement is called as the session lifecycle will call it: `settleSession(stack.deps, tenant, session, gross, now)`.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
const open: RPCClient[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  tenant = await chargingTenant(stack, 'CP-pay-1');
  await createDefaultTariff(tenant.api);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close({ force: true })));
});
afterAll(async () => {
  await stack?.stop();
});

interface Wallet {
  balance: number;
  vouchers: { code: string; remaining: number }[];
  debt: number;
  creditLimit: number | null;
  creditUsed: number;
  fundingMeans: string | null;
}

const wallet = async (customerId: string) =>
  (await tenant.api<Wallet>('GET', `/v1/customers/${customerId}/wallet`)).body;

async function issueAndAttach(customerId: string, code: string, amount: number) {
  const issued = await tenant.api('POST', '/v1/vouchers', {
    code,
    amount,
    activateBy: minutesFromNow(60 * 24),
    expiresAt: minutesFromNow(60 * 24 * 30),
  });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  const attached = await tenant.api('POST', `/v1/customers/${customerId}/vouchers`, { code });
  expect(attached.status, JSON.stringify(attached.body)).toBe(201);
}

async function sessionIdOf(transactionId: number): Promise<string> {
  const page = await tenant.api<{ items: { id: string; transactionId: number }[] }>(
    'GET',
    '/v1/sessions?limit=100',
  );
  const id = page.body.items.find((s) => s.transactionId === transactionId)?.id;
  if (!id) throw new Error(`no session for transaction ${transactionId}`);
  return id;
}

/** Prices the stopped session with the one cost function and settles it, as the lifecycle's last step. */
async function settle(sessionId: string) {
  const session = await stack.deps.sessions.getSession(tenant.tenantId, sessionId);
  if (!session) throw new Error('session gone');
  const cost = await sessionCost(stack.deps, tenant.tenantId, session, new Date());
  if (!cost) throw new Error('no tariff applied');
  const gross = cost.breakdown.totalGross;
  return {
    gross,
    result: await settleSession(stack.deps, tenant.tenantId, sessionId, gross, new Date(), {
      vat: cost.breakdown.totalVat,
    }),
  };
}

describe('a voucher-funded session (P2)', () => {
  it('uses vouchers oldest first, is stopped by RemoteStopTransaction when they are spent, and leaves the shortfall as debt that blocks Authorize', async () => {
    const customerId = await customerWithToken(tenant, 'VOUCHER-1', { type: 'individual' });
    const { cp, stops } = await obedientCharger(tenant, 'CP-pay-1', open);
    expect(await cp.call('Authorize', { idTag: 'VOUCHER-1' })).toEqual({ idTagInfo: { status: 'Blocked' } });

    await issueAndAttach(customerId, 'GIFT-OLD-1', 300);
    await issueAndAttach(customerId, 'GIFT-NEW-1', 500);
    expect(await cp.call('Authorize', { idTag: 'VOUCHER-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect((await wallet(customerId)).fundingMeans).toBe('prepaid');

    // First session: 5 kWh = 1.80 gross, stopped by the driver; the older voucher pays it.
    const first = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'VOUCHER-1',
      meterStart: 0,
      timestamp: minutesFromNow(-20),
    })) as { transactionId: number; idTagInfo: { status: string } };
    expect(first.idTagInfo.status).toBe('Accepted');
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: first.transactionId,
      meterValue: [energyReading(5_000)],
    });
    await cp.call('StopTransaction', {
      transactionId: first.transactionId,
      meterStop: 5_000,
      timestamp: minutesFromNow(0),
    });
    expect(stops).toEqual([]);
    const firstSettled = await settle(await sessionIdOf(first.transactionId));
    expect(firstSettled.gross).toBe(180);
    expect(firstSettled.result.plan?.vouchers).toEqual([{ code: 'GIFT-OLD-1', amount: 180 }]);
    expect((await wallet(customerId)).vouchers).toEqual([
      expect.objectContaining({ code: 'GIFT-OLD-1', remaining: 120 }),
      expect.objectContaining({ code: 'GIFT-NEW-1', remaining: 500 }),
    ]);

    // Second session: 6.20 left on vouchers. At 10 kWh (3.60) it goes on; at 18 kWh (6.48) it is stopped.
    const second = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'VOUCHER-1',
      meterStart: 5_000,
      timestamp: minutesFromNow(-10),
    })) as { transactionId: number };
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: second.transactionId,
      meterValue: [energyReading(15_000)],
    });
    expect(stops).toEqual([]);
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: second.transactionId,
      meterValue: [energyReading(23_000)],
    });
    expect(stops).toEqual([second.transactionId]);
    await cp.call('StopTransaction', {
      transactionId: second.transactionId,
      meterStop: 23_000,
      timestamp: minutesFromNow(0),
      reason: 'Remote',
    });

    const secondSettled = await settle(await sessionIdOf(second.transactionId));
    expect(secondSettled.gross).toBe(648);
    expect(secondSettled.result.plan).toMatchObject({
      vouchers: [
        { code: 'GIFT-OLD-1', amount: 120 },
        { code: 'GIFT-NEW-1', amount: 500 },
      ],
      debt: 28,
    });
    const after = await wallet(customerId);
    expect(after).toMatchObject({ vouchers: [], balance: 0, debt: 28, fundingMeans: null });
    // P5: the unpaid rest blocks charging.
    expect(await cp.call('Authorize', { idTag: 'VOUCHER-1' })).toEqual({ idTagInfo: { status: 'Blocked' } });

    // Settling again changes nothing (idempotent per session).
    const again = await settle(await sessionIdOf(second.transactionId));
    expect(again.result).toEqual(secondSettled.result);
    expect((await wallet(customerId)).debt).toBe(28);
  });
});

describe('balance and credit', () => {
  it('a balance-funded session gets its discount first, then takes the rest from the balance', async () => {
    const customerId = await customerWithToken(tenant, 'BALANCE-1', { type: 'individual' });
    const credited = await tenant.api<Wallet>('POST', `/v1/customers/${customerId}/balance/credits`, {
      amount: 1000,
      reason: 'welcome credit',
    });
    expect(credited.status, JSON.stringify(credited.body)).toBe(201);
    expect(credited.body).toMatchObject({ balance: 1000, fundingMeans: 'prepaid' });
    const discount = await tenant.api('POST', '/v1/discount-codes', {
      code: 'TEN-PERCENT',
      kind: 'percentage',
      value: 10,
      expiresAt: minutesFromNow(60 * 24 * 30),
      conditions: { maxUsesPerCustomer: 1 },
    });
    expect(discount.status, JSON.stringify(discount.body)).toBe(201);
    expect(
      (await tenant.api('POST', `/v1/customers/${customerId}/discount-codes`, { code: 'TEN-PERCENT' }))
        .status,
    ).toBe(201);
    const { cp, stops } = await obedientCharger(tenant, 'CP-pay-2', open);
    const started = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'BALANCE-1',
      meterStart: 100_000,
      timestamp: minutesFromNow(-5),
    })) as { transactionId: number; idTagInfo: { status: string } };
    expect(started.idTagInfo.status).toBe('Accepted');
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: started.transactionId,
      meterValue: [energyReading(110_000)],
    });
    await cp.call('StopTransaction', {
      transactionId: started.transactionId,
      meterStop: 110_000,
      timestamp: minutesFromNow(0),
    });
    expect(stops).toEqual([]);
    const { gross, result } = await settle(await sessionIdOf(started.transactionId));
    expect(gross).toBe(360);
    // 10 % off 3.60 (of which 0.06 VAT), the rest from the balance.
    expect(result.plan).toMatchObject({
      discount: { code: 'TEN-PERCENT', amount: 36, vat: 6 },
      balance: 324,
      debt: 0,
    });
    const after = await tenant.api<Wallet & { discounts: { uses: number; usable: boolean }[] }>(
      'GET',
      `/v1/customers/${customerId}/wallet`,
    );
    expect(after.body).toMatchObject({ balance: 676, debt: 0, fundingMeans: 'prepaid' });
    expect(after.body.discounts).toEqual([expect.objectContaining({ uses: 1, usable: false })]);
  });

  it('a company on credit is never stopped, may finish past its limit, then is refused until the invoice is paid (P4)', async () => {
    const customerId = await customerWithToken(tenant, 'FLEET-1', { type: 'company' });
    const limited = await tenant.api<Wallet>('PUT', `/v1/customers/${customerId}/credit-limit`, {
      creditLimit: 500,
    });
    expect(limited.status, JSON.stringify(limited.body)).toBe(200);
    expect(limited.body).toMatchObject({ creditLimit: 500, creditUsed: 0, fundingMeans: 'credit' });
    const { cp, stops } = await obedientCharger(tenant, 'CP-pay-3', open);
    const started = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'FLEET-1',
      meterStart: 0,
      timestamp: minutesFromNow(-30),
    })) as { transactionId: number };
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: started.transactionId,
      meterValue: [energyReading(20_000)],
    });
    await cp.call('StopTransaction', {
      transactionId: started.transactionId,
      meterStop: 20_000,
      timestamp: minutesFromNow(0),
    });
    expect(stops).toEqual([]);
    const { result } = await settle(await sessionIdOf(started.transactionId));
    expect(result.plan).toMatchObject({ gross: 720, credit: 720, debt: 0 });
    expect(await wallet(customerId)).toMatchObject({ creditUsed: 720, debt: 0, fundingMeans: null });
    expect(await cp.call('Authorize', { idTag: 'FLEET-1' })).toEqual({ idTagInfo: { status: 'Blocked' } });

    const paid = await tenant.api<Wallet>('POST', `/v1/customers/${customerId}/credit/payments`, {
      amount: 720,
      reference: 'INV-2026-0001',
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body).toMatchObject({ creditUsed: 0, fundingMeans: 'credit' });
    expect(await cp.call('Authorize', { idTag: 'FLEET-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
  });
});
