import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * The link between a session and its Step Functions execution: the task token of the state that waits for the
 * session to end is kept on the session item, so whichever Lambda sees the StopTransaction can resume it. The
 * token is set only while the session is active: a session that ended before its workflow started waiting is
 * reported back at once by the caller instead.
 */
export async function keepLifecycleToken(
  table: TableClient,
  tenantId: string,
  sessionId: string,
  taskToken: string,
): Promise<'kept' | 'session-not-active'> {
  try {
    await table.update({
      Key: keys.session(tenantId, sessionId),
      UpdateExpression: 'SET lifecycleToken = :t',
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':t': taskToken, ':active': 'active' },
    });
    return 'kept';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'session-not-active';
    throw error;
  }
}

/** Takes the token off the session (so it is used once) and returns it, if there was one. */
export async function takeLifecycleToken(
  table: TableClient,
  tenantId: string,
  sessionId: string,
): Promise<string | undefined> {
  try {
    const { Attributes } = await table.update({
      Key: keys.session(tenantId, sessionId),
      UpdateExpression: 'REMOVE lifecycleToken',
      ConditionExpression: 'attribute_exists(lifecycleToken)',
      ReturnValues: 'UPDATED_OLD',
    });
    return Attributes?.lifecycleToken as string | undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** The workflow's results on the session: final cost, settlement, document; and review when the end was lost. */
export async function recordLifecycleStep(
  table: TableClient,
  tenantId: string,
  sessionId: string,
  step: 'pricedCost' | 'settlement' | 'document',
  value: unknown,
): Promise<void> {
  await table.update({
    Key: keys.session(tenantId, sessionId),
    UpdateExpression: 'SET #step = :v',
    ExpressionAttributeNames: { '#step': step },
    ExpressionAttributeValues: { ':v': value },
  });
}

export async function lifecycleStepsOf(
  table: TableClient,
  tenantId: string,
  sessionId: string,
): Promise<Record<string, unknown>> {
  const { Item } = await table.get({
    Key: keys.session(tenantId, sessionId),
    ConsistentRead: true,
  });
  return { pricedCost: Item?.pricedCost, settlement: Item?.settlement, document: Item?.document };
}

/** The end of a session could not be established (charger silent): never invent a stop reading. */
export async function markNeedsReview(
  table: TableClient,
  tenantId: string,
  sessionId: string,
  reason: string,
): Promise<void> {
  try {
    await table.update({
      Key: keys.session(tenantId, sessionId),
      UpdateExpression: 'SET #status = :review, reviewReason = :r',
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':review': 'needs-review', ':active': 'active', ':r': reason },
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** The session lifecycle repository: the functions above with the table given. */
export const createSessionLifecycleRepository = (table: TableClient) =>
  bindTable(table, {
    keepLifecycleToken,
    takeLifecycleToken,
    recordLifecycleStep,
    lifecycleStepsOf,
    markNeedsReview,
  });

export type SessionLifecycleRepository = ReturnType<typeof createSessionLifecycleRepository>;
