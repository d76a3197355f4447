import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

/**
 * Fixed-window counter: one item per (bucket, subject, window), incremented atomically and expired by TTL.
 * Returns whether this call is still within `limit` for the current window.
 */
export async function takeRateLimitToken(
  bucket: string,
  subject: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): Promise<boolean> {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds);
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.rateLimit(bucket, subject, window),
      UpdateExpression: 'ADD hits :one SET expiresAt = :expires, #type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':expires': (window + 2) * windowSeconds,
        ':type': 'RateLimit',
      },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.hits ?? 0) <= limit;
}
