import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * Fixed-window counter: one item per (bucket, subject, window), incremented atomically and expired by TTL.
 * Returns whether this call is still within `limit` for the current window.
 */
export async function takeRateLimitToken(
  table: TableClient,
  bucket: string,
  subject: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): Promise<boolean> {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds);
  const { Attributes } = await table.update({
    Key: keys.rateLimit(bucket, subject, window),
    UpdateExpression: 'ADD hits :one SET expiresAt = :expires, #type = :type',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':one': 1,
      ':expires': (window + 2) * windowSeconds,
      ':type': 'RateLimit',
    },
    ReturnValues: 'UPDATED_NEW',
  });
  return Number(Attributes?.hits ?? 0) <= limit;
}

/** The rate limits repository: the functions above with the table given. */
export const createRateLimitsRepository = (table: TableClient) => bindTable(table, { takeRateLimitToken });

export type RateLimitsRepository = ReturnType<typeof createRateLimitsRepository>;
