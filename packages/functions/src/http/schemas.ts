import * as z from 'zod';

/** Schemas shared by many routes: pagination, ids, timestamps. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size (1–100)'),
  cursor: z.string().optional().describe('`nextCursor` of the previous page'),
});

export const isoTimestamp = z.string().describe('ISO 8601 timestamp (UTC)');

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
