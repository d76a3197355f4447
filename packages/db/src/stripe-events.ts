import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/** Stripe retries a webhook for up to 3 days; keeping ids for 30 covers manual resends too. */
const EVENT_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Access pattern L14: Stripe delivers events at least once. Claim an event id before handling it; false means
 * it was handled (or is being handled) already. Release the claim when handling failed, so Stripe's retry
 * is handled again.
 */
export async function claimStripeEvent(
  table: TableClient,
  tenantId: string,
  eventId: string,
  type: string,
): Promise<boolean> {
  try {
    await table.put({
      Item: {
        ...keys.stripeEvent(tenantId, eventId),
        type: 'StripeEvent',
        eventType: type,
        receivedAt: new Date().toISOString(),
        expiresAt: Math.floor(Date.now() / 1000) + EVENT_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function releaseStripeEvent(
  table: TableClient,
  tenantId: string,
  eventId: string,
): Promise<void> {
  await table.delete({
    Key: keys.stripeEvent(tenantId, eventId),
  });
}

/** The stripe events repository: the functions above with the table given. */
export const createStripeEventsRepository = (table: TableClient) =>
  bindTable(table, { claimStripeEvent, releaseStripeEvent });

export type StripeEventsRepository = ReturnType<typeof createStripeEventsRepository>;
