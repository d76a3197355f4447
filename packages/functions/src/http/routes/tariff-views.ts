import { idleFeeSchema, tariffElementSchema, tariffVersionSchema } from '@csms/core';
import type { StoredTariff, StoredTariffVersion, TariffRecord } from '@csms/db';
import * as z from 'zod';
import { isoTimestamp } from '../schemas.ts';

/** Request bodies and answers of the tariff routes. Prices are net decimal strings (major units). */

const prices = tariffVersionSchema.shape;

/**
 * The prices of a version as a client sends them: currency, VAT rate and time zone may be left out and then
 * default (tenant currency and default VAT rate for a new tariff, the previous version's for a new version;
 * "UTC" as time zone, which only local-time restrictions read). The whole version is then checked against
 * the core's `tariffVersionSchema`.
 */
const versionInput = {
  currency: prices.currency.optional().describe('ISO 4217; must be the tenant currency'),
  vatRate: prices.vatRate.optional(),
  timeZone: prices.timeZone.optional(),
  elements: prices.elements,
  idleFee: prices.idleFee,
  minPrice: prices.minPrice,
  maxPrice: prices.maxPrice,
};

export const tariffCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  default: z
    .boolean()
    .default(false)
    .describe('Make it the tenant default: the tariff of every session no more specific assignment covers'),
  ...versionInput,
});

export const tariffVersionCreateSchema = z.strictObject({
  effectiveFrom: z.iso
    .datetime({ offset: true, error: 'ISO 8601 date-time with offset, e.g. "2025-07-01T00:00:00Z"' })
    .describe(
      "When it takes effect: at least the tenant's priceChangeNoticeDays ahead, unless every price decreases",
    ),
  ...versionInput,
});

export const tariffVersionView = z.object({
  version: z.number().int(),
  effectiveFrom: isoTimestamp,
  createdAt: isoTimestamp,
  noticeWaived: z.boolean().describe('Took effect within the notice period, as a price decrease'),
  currency: z.string(),
  vatRate: z.string(),
  timeZone: z.string(),
  elements: z.array(tariffElementSchema),
  idleFee: idleFeeSchema.optional(),
  minPrice: z.string().optional(),
  maxPrice: z.string().optional(),
});

const tariffFields = {
  id: z.string(),
  name: z.string(),
  status: z.enum(['active', 'archived']),
  latestVersion: z.number().int(),
  assignmentCount: z
    .number()
    .int()
    .describe('Scopes (default, sites, charge points, customers…) it is assigned to'),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  archivedAt: isoTimestamp.nullable(),
};

export const tariffSummaryView = z.object(tariffFields);

export const tariffView = z.object({
  ...tariffFields,
  currentVersion: z.number().int().describe('The version in force now (sessions starting now get it)'),
  versions: z.array(tariffVersionView).describe('Oldest first, scheduled ones included'),
});

export function toTariffSummary(tariff: StoredTariff): z.infer<typeof tariffSummaryView> {
  return {
    id: tariff.id,
    name: tariff.name,
    status: tariff.status,
    latestVersion: tariff.latestVersion,
    assignmentCount: tariff.assignmentCount,
    createdAt: tariff.createdAt,
    updatedAt: tariff.updatedAt,
    archivedAt: tariff.archivedAt ?? null,
  };
}

export function toVersionView(version: StoredTariffVersion): z.infer<typeof tariffVersionView> {
  return {
    version: version.version,
    effectiveFrom: version.effectiveFrom,
    createdAt: version.createdAt,
    noticeWaived: version.noticeWaived,
    currency: version.currency,
    vatRate: version.vatRate,
    timeZone: version.timeZone,
    elements: version.elements,
    ...(version.idleFee ? { idleFee: version.idleFee } : {}),
    ...(version.minPrice === undefined ? {} : { minPrice: version.minPrice }),
    ...(version.maxPrice === undefined ? {} : { maxPrice: version.maxPrice }),
  };
}

export function toTariffView(record: TariffRecord, now: Date): z.infer<typeof tariffView> {
  const inForce = record.versions.filter((v) => Date.parse(v.effectiveFrom) <= now.getTime()).at(-1);
  return {
    ...toTariffSummary(record.tariff),
    currentVersion: (inForce ?? record.versions[0])?.version ?? 0,
    versions: record.versions.map(toVersionView),
  };
}
