import { type SessionCostView, sessionCostView } from '@csms/app/pricing/cost-view';
import {
  meterValueSources,
  type Session,
  type SessionMeterValue,
  sessionFlags,
  sessionStatuses,
} from '@csms/core';
import * as z from 'zod';
import { isoTimestamp } from '../schemas.ts';

/**
 * How sessions look in the API, in one module of its own: what the list and the detail route return is built
 * here, so a field derived elsewhere (e.g. the cost from pricing) is added in one place.
 */
export const sessionView = z
  .object({
    id: z.string(),
    chargePointId: z.string(),
    connectorId: z.number().int().describe('0 for an orphan stop (the connector is unknown)'),
    idTag: z.string().describe('As the charger sent it; empty when an orphan stop named none'),
    customerId: z.string().nullable().describe("The idTag's customer, null for an unknown idTag"),
    transactionId: z
      .union([z.number().int(), z.string()])
      .describe(
        'The id the charger knows the transaction by: OCPP 1.6, an integer unique per tenant; OCPP 2.0.1, the charger’s own string',
      ),
    startedAt: isoTimestamp.describe("The charger's start time (it may have been offline)"),
    stoppedAt: isoTimestamp.nullable(),
    meterStartWh: z.number().int().describe('meterStart as reported'),
    meterStopWh: z.number().int().nullable(),
    energyWh: z
      .number()
      .int()
      .nullable()
      .describe('Energy from the station meter; null while active; see `meter-start-reset` when it differs'),
    status: z.enum(sessionStatuses),
    stopReason: z.string().nullable(),
    flags: z
      .array(z.enum(sessionFlags))
      .describe('Anomalies recorded for review; they never block a charger'),
  })
  .meta({ id: 'Session' });

export const meterValueView = z
  .object({
    timestamp: isoTimestamp,
    energyWh: z.number().int().optional().describe('Energy.Active.Import.Register, in Wh'),
    powerW: z.number().int().optional().describe('Power.Active.Import, in W'),
    context: z.string().optional(),
    source: z.enum(meterValueSources),
    sampledValues: z
      .array(z.record(z.string(), z.unknown()))
      .describe('The sampled values exactly as the charger sent them (SignedData kept for verification)'),
  })
  .meta({ id: 'SessionMeterValue' });

export const sessionDetailView = sessionView
  .extend({
    meterValues: z.array(meterValueView).describe('In time order'),
    cost: sessionCostView.nullable().describe('Live while the session runs, final once stopped (N1)'),
  })
  .meta({ id: 'SessionDetail' });

export const toSessionView = (session: Session): z.infer<typeof sessionView> => ({
  id: session.id,
  chargePointId: session.chargePointId,
  connectorId: session.connectorId,
  idTag: session.idTag,
  customerId: session.customerId ?? null,
  transactionId: session.transactionId,
  startedAt: session.startedAt,
  stoppedAt: session.stoppedAt ?? null,
  meterStartWh: session.meterStartWh,
  meterStopWh: session.meterStopWh ?? null,
  energyWh: session.energyWh ?? null,
  status: session.status,
  stopReason: session.stopReason ?? null,
  flags: [...session.flags],
});

const toMeterValueView = (sample: SessionMeterValue): z.infer<typeof meterValueView> => ({
  timestamp: sample.timestamp,
  ...(sample.energyWh === undefined ? {} : { energyWh: sample.energyWh }),
  ...(sample.powerW === undefined ? {} : { powerW: sample.powerW }),
  ...(sample.context === undefined ? {} : { context: sample.context }),
  source: sample.source,
  sampledValues: sample.sampledValues.map((value) => ({ ...value })),
});

export const toSessionDetailView = (
  session: Session,
  samples: readonly SessionMeterValue[],
  cost: SessionCostView | null,
): z.infer<typeof sessionDetailView> => ({
  ...toSessionView(session),
  meterValues: samples.map(toMeterValueView),
  cost,
});
