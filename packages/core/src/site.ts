import * as z from 'zod';
import { postalAddressSchema } from './tenant.ts';

/**
 * A site is where charge points stand (S1: stations have a location): a name, a postal address, coordinates
 * for maps, opening hours and the local time zone, which later prices time-of-day tariffs (T2) and dates
 * documents.
 */

/** Site ids are minted by `newId('s')`: anything else cannot name a site, so it is simply not found. */
const SITE_ID = /^s[0-9a-hjkmnp-tv-z]{20}$/;
export const isSiteId = (id: string): boolean => SITE_ID.test(id);

/**
 * An IANA zone name ("Europe/Berlin", "UTC") that this runtime's Intl knows. Offsets such as "+01:00" are
 * refused on purpose: they ignore daylight saving, so local opening hours and tariffs would drift twice a year.
 */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .refine(isIanaTimeZone, 'IANA time zone name, e.g. "Europe/Berlin"')
  .describe('IANA time zone of the site, e.g. "Europe/Berlin"');

export const coordinatesSchema = z.strictObject({
  latitude: z.number().min(-90).max(90).describe('WGS 84 degrees, -90 to 90'),
  longitude: z.number().min(-180).max(180).describe('WGS 84 degrees, -180 to 180'),
});
export type Coordinates = z.infer<typeof coordinatesSchema>;

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Local time "HH:MM", 00:00–23:59');
const endOfPeriod = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Local time "HH:MM", 00:01–24:00 (24:00 = end of day)');

export const regularHoursSchema = z.strictObject({
  weekday: z.number().int().min(1).max(7).describe('ISO weekday: 1 = Monday … 7 = Sunday'),
  periodBegin: timeOfDay,
  periodEnd: endOfPeriod,
});
export type RegularHours = z.infer<typeof regularHoursSchema>;

/**
 * OCPI-like opening hours: open around the clock, or regular periods per weekday in the site's local time.
 * A period ends after it begins on the same day; a night opening is two periods (22:00–24:00, 00:00–06:00).
 */
export const openingHoursSchema = z
  .strictObject({
    twentyFourSeven: z.boolean().default(false),
    regularHours: z.array(regularHoursSchema).max(100).optional(),
  })
  .superRefine((hours, ctx) => {
    const periods = hours.regularHours ?? [];
    if (hours.twentyFourSeven && periods.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['regularHours'],
        message: 'Must be absent when twentyFourSeven is true',
      });
    }
    if (!hours.twentyFourSeven && periods.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['regularHours'],
        message: 'At least one period is required unless twentyFourSeven is true',
      });
    }
    // Zod runs this even when a period failed its own checks: compare only periods that passed them.
    const valid = (period: unknown) => regularHoursSchema.safeParse(period).success;
    periods.forEach((period, i) => {
      if (!valid(period)) return;
      if (period.periodEnd <= period.periodBegin) {
        ctx.addIssue({
          code: 'custom',
          path: ['regularHours', i, 'periodEnd'],
          message: 'Must be after periodBegin',
        });
        return;
      }
      const overlapping = periods.findIndex(
        (other, j) =>
          j < i &&
          valid(other) &&
          other.weekday === period.weekday &&
          other.periodBegin < period.periodEnd &&
          period.periodBegin < other.periodEnd,
      );
      if (overlapping >= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['regularHours', i],
          message: `Overlaps regularHours.${overlapping} on the same weekday`,
        });
      }
    });
  });
export type OpeningHours = z.output<typeof openingHoursSchema>;

export const siteNameSchema = z.string().trim().min(1).max(200);

export const siteCreateSchema = z.strictObject({
  name: siteNameSchema,
  address: postalAddressSchema,
  coordinates: coordinatesSchema,
  openingHours: openingHoursSchema.optional().describe('Absent when unknown'),
  timeZone: timeZoneSchema,
});
export type SiteCreate = z.output<typeof siteCreateSchema>;

/** A PATCH: any subset; nested objects are replaced whole; `openingHours: null` removes them. */
export const sitePatchSchema = z.strictObject({
  name: siteNameSchema.optional(),
  address: postalAddressSchema.optional(),
  coordinates: coordinatesSchema.optional(),
  openingHours: openingHoursSchema.nullable().optional(),
  timeZone: timeZoneSchema.optional(),
});
export type SitePatch = z.output<typeof sitePatchSchema>;

export interface Site extends Omit<SiteCreate, 'openingHours'> {
  readonly id: string;
  readonly openingHours?: OpeningHours;
  readonly createdAt: string;
  readonly updatedAt: string;
}
