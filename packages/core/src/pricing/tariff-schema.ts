import * as z from 'zod';
import { compareDecimals, DECIMAL_PATTERN } from './decimal.ts';

/**
 * The tariff model, shaped after the OCPI 2.2.1 Tariffs module (Tariff → TariffElement → PriceComponent +
 * TariffRestrictions) so tariffs can be published to roaming partners without translation, with three
 * deliberate differences:
 * - one VAT rate per tariff version instead of OCPI's per-component `vat` (our tenants sell one service at
 *   one rate; a rate per component can be added later without changing the engine, which already groups by
 *   rate);
 * - the occupancy (idle) fee of T1 as an extension (`idleFee`), which OCPI can only approximate with
 *   PARKING_TIME;
 * - the time zone for local-time restrictions lives on the tariff (OCPI takes it from the Location).
 * Prices are decimal strings, never floats; they are net (excluding VAT), as in OCPI 2.2.1.
 * These schemas validate API requests and generate the OpenAPI document, so they stay JSON-representable:
 * no transforms, no Date objects.
 */

const decimalString = (what: string) =>
  z.string().regex(DECIMAL_PATTERN, `${what}: a decimal string with up to 6 decimals, e.g. "0.30"`);

export const tariffDimensionSchema = z.enum(['ENERGY', 'TIME', 'PARKING_TIME', 'FLAT'], {
  error:
    'One of ENERGY (per kWh), TIME (per hour charging), PARKING_TIME (per hour not charging), FLAT (per session)',
});
export type TariffDimension = z.infer<typeof tariffDimensionSchema>;

export const priceComponentSchema = z
  .strictObject({
    type: tariffDimensionSchema,
    price: decimalString('Net price per unit (kWh, hour, or session for FLAT)'),
    stepSize: z
      .number()
      .int('A whole number of Wh (ENERGY) or seconds (TIME, PARKING_TIME)')
      .min(1, 'At least 1')
      .max(86_400_000, 'At most 86 400 000')
      .optional()
      .describe(
        'Billing step in Wh (ENERGY) or seconds (TIME, PARKING_TIME); the volume is rounded up to whole steps. ' +
          'Ignored for FLAT. Default 1.',
      ),
  })
  .meta({ id: 'PriceComponent', description: 'OCPI PriceComponent: the net price of one tariff dimension' });
export type PriceComponent = z.infer<typeof priceComponentSchema>;

export const dayOfWeekSchema = z.enum(
  ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'],
  {
    error: 'A day in capitals, MONDAY … SUNDAY',
  },
);
export type DayOfWeek = z.infer<typeof dayOfWeekSchema>;

const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Local time of day as HH:MM (24 h, leading zeros), e.g. "07:30"');

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Local date as YYYY-MM-DD')
  .refine(isCalendarDate, 'Not a calendar date');

const nonNegative = (what: string) => z.number().min(0, `${what} cannot be negative`);
const seconds = (what: string) =>
  z.number().int(`${what}: whole seconds`).min(0, `${what} cannot be negative`);

export const tariffRestrictionsSchema = z
  .strictObject({
    startTime: localTime.optional().describe('Active from this local time (inclusive)'),
    endTime: localTime
      .optional()
      .describe(
        'Active until this local time (exclusive); earlier than startTime means the window wraps midnight',
      ),
    startDate: localDate.optional().describe('Active from this local date (inclusive)'),
    endDate: localDate.optional().describe('Active until this local date (exclusive)'),
    minKwh: nonNegative('minKwh')
      .optional()
      .describe('Active once the session has consumed at least this many kWh'),
    maxKwh: nonNegative('maxKwh')
      .optional()
      .describe('Active while the session has consumed less than this many kWh'),
    minCurrent: nonNegative('minCurrent')
      .optional()
      .describe('Active while the current (A, all phases) is at least this'),
    maxCurrent: nonNegative('maxCurrent')
      .optional()
      .describe('Active while the current (A, all phases) is below this'),
    minPower: nonNegative('minPower')
      .optional()
      .describe('Active while the charging power (kW) is at least this'),
    maxPower: nonNegative('maxPower')
      .optional()
      .describe('Active while the charging power (kW) is below this'),
    minDuration: seconds('minDuration')
      .optional()
      .describe('Active once the session has lasted this many seconds'),
    maxDuration: seconds('maxDuration')
      .optional()
      .describe('Active while the session has lasted less than this'),
    dayOfWeek: z
      .array(dayOfWeekSchema)
      .min(1, 'List at least one day, or leave dayOfWeek out')
      .refine((days) => new Set(days).size === days.length, 'Each day at most once')
      .optional()
      .describe('Active on these local days of the week'),
  })
  .superRefine((r, ctx) => {
    const ordered = (
      min: number | string | undefined,
      max: number | string | undefined,
      path: string,
      what: string,
    ) => {
      if (min !== undefined && max !== undefined && min >= max) {
        ctx.addIssue({ code: 'custom', path: [path], message: `${what} must be after its minimum` });
      }
    };
    ordered(r.startDate, r.endDate, 'endDate', 'endDate');
    ordered(r.minKwh, r.maxKwh, 'maxKwh', 'maxKwh');
    ordered(r.minCurrent, r.maxCurrent, 'maxCurrent', 'maxCurrent');
    ordered(r.minPower, r.maxPower, 'maxPower', 'maxPower');
    ordered(r.minDuration, r.maxDuration, 'maxDuration', 'maxDuration');
  })
  .meta({
    id: 'TariffRestrictions',
    description:
      'OCPI TariffRestrictions: when an element applies. Each is checked against the moment being priced; ' +
      'minimums are inclusive, maximums exclusive; local times and dates use the tariff time zone.',
  });
export type TariffRestrictions = z.infer<typeof tariffRestrictionsSchema>;

export const tariffElementSchema = z
  .strictObject({
    priceComponents: z.array(priceComponentSchema).min(1, 'An element needs at least one price component'),
    restrictions: tariffRestrictionsSchema.optional(),
  })
  .superRefine((element, ctx) => {
    const seen = new Set<string>();
    element.priceComponents.forEach((component, index) => {
      if (seen.has(component.type)) {
        ctx.addIssue({
          code: 'custom',
          path: ['priceComponents', index, 'type'],
          message: `${component.type} appears twice in one element; only the first could ever apply`,
        });
      }
      seen.add(component.type);
    });
  })
  .meta({
    id: 'TariffElement',
    description:
      'OCPI TariffElement. Per dimension, the first element (in list order) whose restrictions match and that ' +
      'has a component of that dimension prices it.',
  });
export type TariffElement = z.infer<typeof tariffElementSchema>;

export const idleFeeSchema = z
  .strictObject({
    pricePerMinute: decimalString('Net price per minute of occupancy after the grace period'),
    graceMinutes: z.number().int('Whole minutes').min(0, 'Cannot be negative').max(1440, 'At most 1440'),
    maxAmount: decimalString('Net cap of the idle fee per session').optional(),
  })
  .meta({
    id: 'IdleFee',
    description:
      'Occupancy fee (T1): per minute the vehicle stays plugged in after charging ended, beyond the grace period. ' +
      'Replaces PARKING_TIME for that final period.',
  });
export type IdleFee = z.infer<typeof idleFeeSchema>;

const vatRate = decimalString('VAT rate in percent').refine(
  (rate) => !isDecimal(rate) || compareDecimals(rate, '100') <= 0,
  'VAT rate in percent, at most 100',
);

export const tariffVersionSchema = z
  .strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code, e.g. "EUR"'),
    vatRate: vatRate.describe('VAT in percent applied to every net price of this version, e.g. "20"'),
    timeZone: z
      .string()
      .refine(isTimeZone, 'An IANA time zone, e.g. "Europe/Berlin"')
      .describe('IANA time zone in which startTime/endTime/dates/dayOfWeek restrictions are read'),
    elements: z
      .array(tariffElementSchema)
      .min(1, 'A tariff needs at least one element')
      .max(100, 'At most 100 elements'),
    idleFee: idleFeeSchema.optional(),
    minPrice: decimalString('Minimum net price of a session').optional(),
    maxPrice: decimalString('Maximum net price of a session').optional(),
  })
  .superRefine((t, ctx) => {
    // Refinements run even when a field already failed its own check, hence the isDecimal guards.
    if (isDecimal(t.minPrice) && isDecimal(t.maxPrice) && compareDecimals(t.minPrice, t.maxPrice) > 0) {
      ctx.addIssue({ code: 'custom', path: ['maxPrice'], message: 'maxPrice must not be below minPrice' });
    }
  })
  .meta({
    id: 'TariffVersion',
    description: 'The prices of a tariff as of one version (all prices net of VAT)',
  });
export type TariffVersion = z.infer<typeof tariffVersionSchema>;

/** Request body for publishing a new version: the prices plus when they take effect (T3: after notice). */
export const newTariffVersionSchema = tariffVersionSchema
  .safeExtend({
    effectiveFrom: z.iso
      .datetime({ offset: true, error: 'ISO 8601 date-time with offset, e.g. "2025-07-01T00:00:00Z"' })
      .describe(
        'When this version takes effect; at least the notice period ahead unless every price decreases',
      ),
  })
  .meta({ id: 'NewTariffVersion' });
export type NewTariffVersionInput = z.infer<typeof newTariffVersionSchema>;

/** A version as stored: its number and the instant from which sessions that start are priced by it. */
export interface DatedTariffVersion extends TariffVersion {
  readonly version: number;
  readonly effectiveFrom: Date;
}

/** A tariff and its version history (T3: a session is priced by the version in force at its start). */
export interface TariffWithVersions {
  readonly id: string;
  readonly versions: readonly DatedTariffVersion[];
}

function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
