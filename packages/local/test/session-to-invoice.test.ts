import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import {
  type ChargingTenant,
  chargingTenant,
  createDefaultTariff,
  customerWithToken,
} from './support/ocpp16.ts';

/**
 * The session-to-invoice lifecycle end to end: real OCPP sessions from a strict charger through the
 * local gateway start Step Functions executions (the same ASL the stack deploys, run by the local endpoint);
 * the individual's receipt appears right after the stop, the company's sessions wait for the monthly close.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
let charger: RPCClient;
let individual: string;
let company: string;

interface InvoiceSummary {
  id: string;
  number: string;
  kind: string;
  customerId: string;
  issueDate: string;
  dueDate: string;
  totalNet: number;
  totalVat: number;
  totalGross: number;
}

const iso = (date: Date) => date.toISOString();
const lastMonth = (day: number, hour: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, day, hour));
};
const period = iso(lastMonth(1, 0)).slice(0, 7);

async function charge(idTag: string, start: Date, minutes: number, energyWh: number, connectorId = 1) {
  const started = (await charger.call('StartTransaction', {
    connectorId,
    idTag,
    meterStart: 0,
    timestamp: iso(start),
  })) as { transactionId: number; idTagInfo: { status: string } };
  expect(started.idTagInfo.status).toBe('Accepted');
  await charger.call('StopTransaction', {
    transactionId: started.transactionId,
    meterStop: energyWh,
    timestamp: iso(new Date(start.getTime() + minutes * 60_000)),
    reason: 'EVDisconnected',
  });
  return started.transactionId;
}

async function documents(query: string): Promise<InvoiceSummary[]> {
  const res = await tenant.api<{ items: InvoiceSummary[] }>('GET', `/v1/invoices?${query}`);
  expect(res.status).toBe(200);
  return res.body.items;
}

beforeAll(async () => {
  stack = await startTestStack();
  tenant = await chargingTenant(stack, 'CP-E2E');
  const settings = await tenant.api('PATCH', '/v1/tenant/settings', {
    legalName: 'Volt Parking GmbH',
    address: { line1: 'Ladestraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
    vatId: 'DE123456789',
    defaultVatRate: '20',
    invoiceDueDays: 14,
  });
  expect(settings.status).toBe(200);
  await createDefaultTariff(tenant.api);
  individual = await customerWithToken(tenant, 'IND-0001', { type: 'individual' });
  const credited = await tenant.api('POST', `/v1/customers/${individual}/balance/credits`, {
    amount: 10_000,
    reason: 'Welcome credit',
  });
  expect(credited.status).toBe(201);
  company = await customerWithToken(tenant, 'FLEET-0001');
  charger = await tenant.charger('CP-E2E');
});

afterAll(async () => {
  await charger?.close({ force: true });
  await stack?.stop();
});

describe('session to invoice', () => {
  it("issues the individual's receipt right after the stop, numbered consecutively", async () => {
    await charge('IND-0001', new Date(Date.now() - 40 * 60_000), 20, 10_000);
    await expect
      .poll(async () => (await documents(`customerId=${individual}&kind=receipt`)).length, {
        timeout: 20_000,
      })
      .toBe(1);
    const [receipt] = await documents(`customerId=${individual}&kind=receipt`);
    // 10 kWh × 0.30 = 3.00 net, 20 % VAT.
    expect(receipt).toMatchObject({ totalNet: 300, totalVat: 60, totalGross: 360 });
    expect(receipt?.number).toMatch(/^R-\d{4}-000001$/);

    await charge('IND-0001', new Date(Date.now() - 15 * 60_000), 10, 5_000);
    await expect
      .poll(async () => (await documents(`customerId=${individual}&kind=receipt`)).length, {
        timeout: 20_000,
      })
      .toBe(2);
    const numbers = (await documents(`customerId=${individual}&kind=receipt`)).map((d) => d.number).sort();
    expect(numbers[1]).toBe(numbers[0]?.replace(/000001$/, '000002'));

    // The workflow recorded the completion as a tenant event, with the price it settled.
    const events = await tenant.api<{ items: { type: string; data: { cost: { totalGross: number } } }[] }>(
      'GET',
      '/v1/events',
    );
    expect(
      events.body.items
        .filter((e) => e.type === 'session.completed')
        .map((e) => e.data.cost.totalGross)
        .sort(),
    ).toEqual([180, 360]);
  });

  it("puts the company's sessions on one invoice dated the last day of the month, once", async () => {
    await charge('FLEET-0001', lastMonth(3, 8), 60, 20_000, 2);
    await charge('FLEET-0001', lastMonth(17, 18), 30, 10_000, 2);
    // The company got no receipt: its sessions wait for the monthly invoice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await documents(`customerId=${company}&kind=receipt`)).toEqual([]);

    const closed = await tenant.api<{ invoices: { id: string; created: boolean }[] }>(
      'POST',
      '/v1/billing/close-month',
      {
        period,
      },
    );
    expect(closed.status).toBe(200);
    expect(closed.body.invoices).toHaveLength(1);
    const [invoice] = await documents(`customerId=${company}&kind=invoice`);
    const lastDay = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0));
    expect(invoice).toMatchObject({
      issueDate: iso(lastDay).slice(0, 10),
      totalNet: 900,
      totalVat: 180,
      totalGross: 1080,
    });
    expect(invoice?.number).toMatch(/^I-\d{4}-000001$/);
    const due = new Date(lastDay.getTime() + 14 * 86_400_000);
    expect(invoice?.dueDate).toBe(iso(due).slice(0, 10));

    const again = await tenant.api<{ invoices: { id: string; created: boolean }[] }>(
      'POST',
      '/v1/billing/close-month',
      {
        period,
      },
    );
    expect(again.body.invoices).toEqual([expect.objectContaining({ id: invoice?.id, created: false })]);
    expect(await documents(`customerId=${company}&kind=invoice`)).toHaveLength(1);
  });

  it('corrects a receipt with a credit note, never by editing it', async () => {
    const [receipt] = await documents(`customerId=${individual}&kind=receipt`);
    const credit = await tenant.api<{ number: string; kind: string; totalGross: number }>(
      'POST',
      `/v1/invoices/${receipt?.id}/credit-notes`,
      { reason: 'Charger fault: session ended early' },
    );
    expect(credit.status).toBe(201);
    expect(credit.body.number).toMatch(/^C-\d{4}-000001$/);
    expect(Math.abs(credit.body.totalGross)).toBe(receipt?.totalGross);
    const again = await tenant.api('POST', `/v1/invoices/${receipt?.id}/credit-notes`, { reason: 'twice' });
    expect(again.status).toBe(409);
  });
});
