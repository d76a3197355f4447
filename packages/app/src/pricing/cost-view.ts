import type { Session, SessionMeterValue } from '@csms/core';
import * as z from 'zod';
import { type SessionCost, type SessionCostDeps, sessionCost } from './session-cost.ts';

/**
 * The `cost` of a session in API answers (N1: energy, duration and the cost breakdown). Amounts are integers
 * in minor units of `currency`; lines are net, VAT is computed on their sum per EN 16931.
 */
export const sessionCostView = z
  .object({
    currency: z.string().describe('ISO 4217, the tenant currency'),
    totalNet: z.number().int().describe('Minor units'),
    totalVat: z.number().int().describe('Minor units'),
    totalGross: z.number().int().describe('Minor units: what the customer pays'),
    final: z.boolean().describe('false while the session runs: a live cost up to `pricedUntil`'),
    pricedUntil: z
      .string()
      .describe('ISO 8601: the stop, now (running), or when the connector became Available'),
    tariff: z.object({ id: z.string(), name: z.string(), version: z.number().int() }),
    lines: z.array(
      z.object({
        type: z
          .string()
          .describe(
            'ENERGY, TIME, PARKING_TIME, FLAT, IDLE_FEE, MIN_PRICE_ADJUSTMENT or MAX_PRICE_ADJUSTMENT',
          ),
        quantity: z.string().describe('Decimal, in `unit`'),
        unit: z.enum(['kWh', 'h', 'min', 'session']),
        unitPriceNet: z.string().describe('Decimal, major units'),
        amountNet: z.number().int().describe('Minor units'),
        vatRate: z.string().describe('Percent'),
      }),
    ),
    usage: z.object({
      energyWh: z.number(),
      durationSeconds: z.number(),
      chargingSeconds: z.number(),
      idleSeconds: z.number().describe('Plugged in, not charging'),
    }),
  })
  .describe('null when no tariff applies to the session (no assignment, not even a tenant default)');
export type SessionCostView = z.infer<typeof sessionCostView>;

export function toCostView(cost: SessionCost): SessionCostView {
  const { breakdown } = cost;
  return {
    currency: breakdown.currency,
    totalNet: breakdown.totalNet,
    totalVat: breakdown.totalVat,
    totalGross: breakdown.totalGross,
    final: breakdown.final,
    pricedUntil: breakdown.pricedUntil.toISOString(),
    tariff: { id: cost.tariffId, name: cost.tariffName, version: cost.tariffVersion },
    lines: breakdown.lines.map((line) => ({
      type: line.type,
      quantity: line.quantity,
      unit: line.unit,
      unitPriceNet: line.unitPriceNet,
      amountNet: line.amountNet,
      vatRate: line.vatRate,
    })),
    usage: breakdown.usage,
  };
}

/** For `GET /v1/sessions/{id}`: the live (running) or final cost, null when no tariff applies. */
export async function costOfSession(
  deps: SessionCostDeps,
  tenantId: string,
  session: Session,
  now: Date,
  meterValues?: readonly SessionMeterValue[],
): Promise<SessionCostView | null> {
  const cost = await sessionCost(deps, tenantId, session, now, meterValues);
  return cost ? toCostView(cost) : null;
}
