import * as z from 'zod';

/** An instant given with its time zone; stored and compared as UTC ISO 8601 (string order is time order). */
export const isoInstantSchema = z.iso
  .datetime({ offset: true, message: 'ISO 8601 timestamp with time zone, e.g. "2027-01-01T00:00:00Z"' })
  .transform((value) => new Date(value).toISOString());
