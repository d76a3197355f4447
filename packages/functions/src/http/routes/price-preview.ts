import { previewPrice } from '@csms/app/pricing/price-preview';
import { idTagSchema, tariffAssignmentLevels, tariffRestrictionsSchema } from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';
import { isoTimestamp } from '../schemas.ts';

/** T3: the price a driver would pay, shown VAT-inclusive in the tenant currency before the session starts. */

const priceEntry = z.object({
  type: z.enum(['ENERGY', 'TIME', 'PARKING_TIME', 'FLAT', 'IDLE_FEE', 'MIN_PRICE', 'MAX_PRICE']),
  unit: z.enum(['kWh', 'h', 'min', 'session']),
  net: z.string().describe('Net unit price, major units'),
  gross: z.string().describe('VAT-inclusive unit price: what the driver is shown'),
  restrictions: tariffRestrictionsSchema.optional().describe('When it applies; absent = always'),
  graceMinutes: z.number().int().optional().describe('IDLE_FEE: free minutes after charging ended'),
});

const pricePreview = z.object({
  chargePointId: z.string(),
  connectorId: z.number().int().nullable(),
  currentType: z.enum(['AC', 'DC']).nullable().describe("From the connector's configuration"),
  customerId: z.string().nullable(),
  tariff: z.object({
    id: z.string(),
    name: z.string(),
    version: z.number().int(),
    effectiveFrom: isoTimestamp,
  }),
  assignment: z.object({
    level: z.enum(tariffAssignmentLevels),
    currentType: z.enum(['AC', 'DC']).nullable(),
  }),
  currency: z.string(),
  vatRate: z.string().describe('Percent'),
  prices: z.array(priceEntry),
  text: z.string().describe('e.g. "€0.36/kWh, idle fee €0.12/min after 10 min, incl. 20% VAT"'),
  upcoming: z
    .object({ version: z.number().int(), effectiveFrom: isoTimestamp, text: z.string() })
    .nullable()
    .describe('A scheduled price change (announced with notice, T3), if any'),
});

export const pricePreviewRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/price',
    operationId: 'previewPrice',
    summary: 'The price that applies now at a charge point (for a customer)',
    description:
      'The tariff a session starting now would be priced by, with its VAT-inclusive prices and a short text ' +
      'for display before the start. `idTag` picks the customer (its own or its company tariff); ' +
      '`connectorId` the connector (connector tariff, AC/DC).',
    tag: 'Tariffs',
    roles: ACCESS.read,
    query: z.object({
      connectorId: z.coerce.number().pipe(z.number().int().min(1).max(99)).optional(),
      idTag: idTagSchema.optional().describe('The RFID token or vehicle id of the driver'),
    }),
    responses: { 200: { description: 'The price', schema: pricePreview } },
    handle: async ({ principal, params, query, deps }) => {
      const preview = await previewPrice(deps, principal.tenantId, { ...query, chargePointId: params.id });
      return ok({
        chargePointId: preview.chargePointId,
        connectorId: preview.connectorId ?? null,
        currentType: preview.currentType ?? null,
        customerId: preview.customerId ?? null,
        tariff: { ...preview.tariff, effectiveFrom: preview.tariff.effectiveFrom.toISOString() },
        assignment: {
          level: preview.assignment.level,
          currentType: preview.assignment.currentType ?? null,
        },
        currency: preview.sheet.currency,
        vatRate: preview.sheet.vatRate,
        prices: preview.sheet.entries,
        text: preview.text,
        upcoming: preview.upcoming ?? null,
      });
    },
  }),
];
