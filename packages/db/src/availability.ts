import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * What maintenance wants the whole charger to be (ChangeAvailability on connector 0), kept until the charger
 * accepted it: a charger that was offline when maintenance flipped is told at its next BootNotification.
 * `state` is `pending` until the charger answered; a Rejected or Scheduled answer is retried at the next boot
 * too (re-sending the availability it already has is harmless: the charger answers Accepted).
 */
export type AvailabilityType = 'Inoperative' | 'Operative';
export type AvailabilityState = 'pending' | 'Accepted' | 'Rejected' | 'Scheduled';

export interface AvailabilityIntent {
  readonly type: AvailabilityType;
  readonly requestedAt: string;
  readonly state: AvailabilityState;
  readonly lastAttemptAt?: string;
  /** Why the last attempt did not get an answer: not connected, CALLERROR code, timeout. */
  readonly lastError?: string;
  readonly answeredAt?: string;
}

/** A new intent replaces the previous one whatever its state: the latest maintenance flip is what counts. */
export async function saveAvailabilityIntent(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  intent: AvailabilityIntent,
): Promise<void> {
  await table.put({
    Item: { ...keys.availabilityIntent(tenantId, chargePointId), type: 'AvailabilityIntent', intent },
  });
}

export async function getAvailabilityIntent(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<AvailabilityIntent | undefined> {
  const { Item } = await table.get({
    Key: keys.availabilityIntent(tenantId, chargePointId),
    ConsistentRead: true,
  });
  if (!Item?.intent) return undefined;
  // Attempts store `null` for "no error" / "no answer": read back as absent.
  return Object.fromEntries(
    Object.entries(Item.intent as Record<string, unknown>).filter(([, value]) => value !== null),
  ) as unknown as AvailabilityIntent;
}

/**
 * Records the outcome of one attempt, only if the intent is still the one attempted: a maintenance flip in
 * between wrote a newer intent, which this late answer must not overwrite.
 */
export async function recordAvailabilityAttempt(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  requestedAt: string,
  outcome: Pick<AvailabilityIntent, 'state' | 'lastError' | 'answeredAt'> & { readonly at: string },
): Promise<boolean> {
  try {
    await table.update({
      Key: keys.availabilityIntent(tenantId, chargePointId),
      UpdateExpression:
        'SET intent.#state = :state, intent.lastAttemptAt = :at, intent.lastError = :error, intent.answeredAt = :answered',
      ConditionExpression: 'intent.requestedAt = :requested',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':state': outcome.state,
        ':at': outcome.at,
        ':error': outcome.lastError ?? null,
        ':answered': outcome.answeredAt ?? null,
        ':requested': requestedAt,
      },
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The availability repository: the functions above with the table given. */
export const createAvailabilityRepository = (table: TableClient) =>
  bindTable(table, { saveAvailabilityIntent, getAvailabilityIntent, recordAvailabilityAttempt });

export type AvailabilityRepository = ReturnType<typeof createAvailabilityRepository>;
