import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

/**
 * The link between a session and its Step Functions execution: the task token of the state that waits for the
 * session to end is kept on the session item, so whichever Lambda sees the StopTransaction can resume it. The
 * token is set only while the session is active: a session that ended before its workflow started waiting is
 * reported back at once by the caller instead.
 */
export async function keepLifecycleToken(
  tenantId: string,
  sessionId: string,
  taskToken: string,
): Promise<'kept' | 'session-not-active'> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.session(tenantId, sessionId),
        UpdateExpression: 'SET lifecycleToken = :t',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':t': taskToken, ':active': 'active' },
      }),
    );
    return 'kept';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'session-not-active';
    throw error;
  }
}

/** Takes the token off the session (so it is used once) and returns it, if there was one. */
export async function takeLifecycleToken(tenantId: string, sessionId: string): Promise<string | undefined> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.session(tenantId, sessionId),
        UpdateExpression: 'REMOVE lifecycleToken',
        ConditionExpression: 'attribute_exists(lifecycleToken)',
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    return Attributes?.lifecycleToken as string | undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** The workflow's results on the session: final cost, settlement, document; and review when the end was lost. */
export async function recordLifecycleStep(
  tenantId: string,
  sessionId: string,
  step: 'pricedCost' | 'settlement' | 'document',
  value: unknown,
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.session(tenantId, sessionId),
      UpdateExpression: 'SET #step = :v',
      ExpressionAttributeNames: { '#step': step },
      ExpressionAttributeValues: { ':v': value },
    }),
  );
}

export async function lifecycleStepsOf(
  tenantId: string,
  sessionId: string,
): Promise<Record<string, unknown>> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.session(tenantId, sessionId), ConsistentRead: true }),
  );
  return { pricedCost: Item?.pricedCost, settlement: Item?.settlement, document: Item?.document };
}

/** The end of a session could not be established (charger silent): never invent a stop reading. */
export async function markNeedsReview(tenantId: string, sessionId: string, reason: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.session(tenantId, sessionId),
        UpdateExpression: 'SET #status = :review, reviewReason = :r',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':review': 'needs-review', ':active': 'active', ':r': reason },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
