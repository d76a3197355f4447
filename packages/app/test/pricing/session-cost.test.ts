import { describe, expect, it } from 'vitest';
import { costOfSession, sessionCostView } from '../../src/pricing/cost-view.ts';
import { sessionCost } from '../../src/pricing/session-cost.ts';
import {
  assigned,
  chargePoint,
  meterValue,
  pricingWorld,
  session,
  TENANT,
  tariff,
  version,
} from './pricing-world.ts';

const JAN = '2026-01-01T00:00:00.000Z';
const energyOnly = tariff('tar_std', [version(1, JAN)], 'Standard');
const tenantDefault = assigned({ level: 'tenant' }, [JAN, 'tar_std']);

/** 10 kWh from 10:00 to 11:00, stopped. */
const stopped = session({
  startedAt: '2026-03-15T10:00:00.000Z',
  stoppedAt: '2026-03-15T11:00:00.000Z',
  meterStartWh: 100_000,
  meterStopWh: 110_000,
  energyWh: 10_000,
  status: 'completed',
});

function world(extra: Parameters<typeof pricingWorld>[0] = {}) {
  return pricingWorld({
    chargePoints: [chargePoint('CP-1')],
    tariffs: [energyOnly],
    assignments: [tenantDefault],
    ...extra,
  });
}

describe('sessionCost', () => {
  it('prices a stopped session from its meter: 10 kWh at 0.30 net + 20 % VAT', async () => {
    const { deps, calls } = world();
    const cost = await sessionCost(deps, TENANT, stopped, new Date('2026-03-16T00:00:00Z'));
    expect(cost?.tariffId).toBe('tar_std');
    expect(cost?.tariffName).toBe('Standard');
    expect(cost?.tariffVersion).toBe(1);
    expect(cost?.breakdown).toMatchObject({
      currency: 'EUR',
      totalNet: 300,
      totalVat: 60,
      totalGross: 360,
      final: true,
      pricedUntil: new Date('2026-03-15T11:00:00Z'),
    });
    expect(cost?.breakdown.lines).toEqual([
      expect.objectContaining({
        type: 'ENERGY',
        unit: 'kWh',
        unitPriceNet: '0.30',
        amountNet: 300,
        vatRate: '20',
      }),
    ]);
    expect(cost?.breakdown.usage.energyWh).toBe(10_000);
    expect(calls).toEqual(
      expect.arrayContaining([
        'chargePoints.getChargePoint(CP-1)',
        'sessions.meterSamplesOf(ses_1)',
        'sessionStatuses.sessionStatusesOf(ses_1)',
      ]),
    );
  });

  it('uses the tariff version in force at the start (T3), even when the session runs past a price change', async () => {
    const changing = tariff('tar_std', [
      version(1, JAN),
      version(2, '2026-03-10T00:00:00.000Z', {
        elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.40' }] }],
      }),
    ]);
    const { deps } = world({ tariffs: [changing] });
    const overnight = session({
      ...stopped,
      startedAt: '2026-03-09T23:30:00.000Z',
      stoppedAt: '2026-03-10T00:30:00.000Z',
    });
    const before = await sessionCost(deps, TENANT, overnight, new Date('2026-03-16T00:00:00Z'));
    expect(before?.tariffVersion).toBe(1);
    expect(before?.breakdown.totalNet).toBe(300);

    const after = await sessionCost(deps, TENANT, stopped, new Date('2026-03-16T00:00:00Z'));
    expect(after?.tariffVersion).toBe(2);
    expect(after?.breakdown.totalNet).toBe(400);
  });

  it('prices a running session live, up to now, from the meter values read so far', async () => {
    const running = session({ startedAt: '2026-03-15T10:00:00.000Z', meterStartWh: 100_000 });
    const { deps } = world({
      meterValues: {
        ses_1: [
          meterValue('2026-03-15T10:15:00.000Z', 102_500),
          meterValue('2026-03-15T10:30:00.000Z', 105_000),
        ],
      },
    });
    const cost = await sessionCost(deps, TENANT, running, new Date('2026-03-15T10:30:00Z'));
    expect(cost?.breakdown).toMatchObject({
      final: false,
      pricedUntil: new Date('2026-03-15T10:30:00Z'),
      totalNet: 150,
      totalGross: 180,
    });
    expect(cost?.breakdown.usage).toMatchObject({ energyWh: 5_000, durationSeconds: 1_800 });
  });

  it('uses meter values the caller already read instead of reading them again', async () => {
    const running = session({ startedAt: '2026-03-15T10:00:00.000Z', meterStartWh: 100_000 });
    const { deps, calls } = world();
    const cost = await sessionCost(deps, TENANT, running, new Date('2026-03-15T10:30:00Z'), [
      meterValue('2026-03-15T10:30:00.000Z', 101_000),
    ]);
    expect(cost?.breakdown.totalNet).toBe(30);
    expect(calls).not.toContain('sessions.meterSamplesOf(ses_1)');
  });

  it('never prices a running session up to before its own start when the charger’s clock runs ahead', async () => {
    const ahead = session({ startedAt: '2026-03-15T12:05:00.000Z' });
    const { deps } = world();
    const cost = await sessionCost(deps, TENANT, ahead, new Date('2026-03-15T12:00:00Z'));
    expect(cost?.breakdown.pricedUntil).toEqual(new Date('2026-03-15T12:05:00Z'));
    expect(cost?.breakdown.totalNet).toBe(0);
    expect(cost?.breakdown.usage.durationSeconds).toBe(0);
  });

  it('bills exactly the energy the stop settled when the charger’s meter was reset (S2)', async () => {
    // The charger reported meterStart 0 under a full register; the stop settled 5 kWh.
    const reset = session({ ...stopped, meterStartWh: 0, meterStopWh: 50_000, energyWh: 5_000 });
    const { deps } = world();
    const cost = await sessionCost(deps, TENANT, reset, new Date('2026-03-16T00:00:00Z'));
    expect(cost?.breakdown.usage.energyWh).toBe(5_000);
    expect(cost?.breakdown.totalNet).toBe(150);
  });

  it('charges the idle fee after the grace period and ends the priced window at the first Available (T1)', async () => {
    const withIdleFee = tariff('tar_std', [
      version(1, JAN, { idleFee: { pricePerMinute: '0.10', graceMinutes: 10 } }),
    ]);
    const { deps } = world({
      tariffs: [withIdleFee],
      meterValues: {
        ses_1: [
          meterValue('2026-03-15T10:10:00.000Z', 103_333),
          meterValue('2026-03-15T10:20:00.000Z', 106_667),
          meterValue('2026-03-15T10:30:00.000Z', 110_000),
          meterValue('2026-03-15T10:40:00.000Z', 110_000),
        ],
      },
      statuses: {
        ses_1: [
          { at: '2026-03-15T10:00:05.000Z', status: 'Charging' },
          { at: '2026-03-15T10:30:00.000Z', status: 'SuspendedEV' },
          // The car left at 10:45; the stop was only reported at 11:00.
          { at: '2026-03-15T10:45:00.000Z', status: 'Available' },
        ],
      },
    });
    const cost = await sessionCost(deps, TENANT, stopped, new Date('2026-03-16T00:00:00Z'));
    const breakdown = cost?.breakdown;
    expect(breakdown?.pricedUntil).toEqual(new Date('2026-03-15T10:45:00Z'));
    expect(breakdown?.lines.map((line) => [line.type, line.amountNet])).toEqual([
      ['ENERGY', 300],
      // 15 idle minutes, 10 of them free: 5 × 0.10.
      ['IDLE_FEE', 50],
    ]);
    expect(breakdown?.totalGross).toBe(420);
    expect(breakdown?.usage.idleSeconds).toBe(15 * 60);
  });

  it('answers undefined when no tariff applies, not even a tenant default', async () => {
    const { deps } = world({ assignments: [] });
    expect(await sessionCost(deps, TENANT, stopped, new Date('2026-03-16T00:00:00Z'))).toBeUndefined();
  });
});

describe('costOfSession (the API view)', () => {
  it('shows totals, the tariff version, ISO timestamps and net lines, valid against the published schema', async () => {
    const { deps } = world();
    const view = await costOfSession(deps, TENANT, stopped, new Date('2026-03-16T00:00:00Z'));
    expect(view).toMatchObject({
      currency: 'EUR',
      totalNet: 300,
      totalVat: 60,
      totalGross: 360,
      final: true,
      pricedUntil: '2026-03-15T11:00:00.000Z',
      tariff: { id: 'tar_std', name: 'Standard', version: 1 },
      usage: { energyWh: 10_000, durationSeconds: 3_600 },
    });
    expect(view?.lines).toEqual([
      {
        type: 'ENERGY',
        quantity: expect.any(String),
        unit: 'kWh',
        unitPriceNet: '0.30',
        amountNet: 300,
        vatRate: '20',
      },
    ]);
    expect(Number(view?.lines[0]?.quantity)).toBe(10);
    expect(sessionCostView.parse(view)).toEqual(view);
  });

  it('is null when no tariff applies', async () => {
    const { deps } = world({ assignments: [] });
    expect(await costOfSession(deps, TENANT, stopped, new Date('2026-03-16T00:00:00Z'))).toBeNull();
  });
});
