import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FundingMeans, SettlementPlan } from '@csms/core';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

/**
 * How a session is funded and how it was settled (access pattern L12), in the session's partition.
 * Written when the session starts (means decided, card hold placed), then by the settlement's ledger
 * transactions (status, plan, card outcome) and by refunds.
 */
export interface SessionFunding {
  readonly sessionId: string;
  readonly customerId: string;
  /** `none`: nothing was usable when the session started (it is stopped, and its cost becomes debt). */
  readonly means: FundingMeans | 'none';
  readonly decidedAt: string;
  readonly hold?: { readonly paymentIntentId: string; readonly amount: number };
  readonly holdDeclined?: {
    readonly code: string;
    readonly declineCode: string | null;
    readonly message: string;
  };
  /** `open` while running; `awaiting-card` once booked and until the card answered; then `settled`. */
  readonly status: 'open' | 'awaiting-card' | 'settled';
  readonly plan?: SettlementPlan;
  readonly settledAt?: string;
  readonly card?: {
    readonly collected: number;
    readonly uncollected: number;
    readonly paymentIntentId?: string;
  };
  /** Sum of refunds granted on complaints (P6). */
  readonly refunded?: number;
}

const toFunding = (item: Record<string, unknown>): SessionFunding => {
  const { pk: _pk, sk: _sk, type: _t, tenantId: _tenant, ...funding } = item;
  return funding as unknown as SessionFunding;
};

/** Access pattern L12. */
export async function getSessionFunding(
  tenantId: string,
  sessionId: string,
): Promise<SessionFunding | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.sessionFunding(tenantId, sessionId),
      ConsistentRead: true,
    }),
  );
  return Item ? toFunding(Item) : undefined;
}

/** Access pattern L12: the first record wins; returns what is recorded (a retried start finds its hold). */
export async function recordSessionFunding(
  tenantId: string,
  funding: SessionFunding,
): Promise<SessionFunding> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.sessionFunding(tenantId, funding.sessionId),
          type: 'SessionFunding',
          tenantId,
          ...funding,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return funding;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = await getSessionFunding(tenantId, funding.sessionId);
    if (!existing) throw error;
    return existing;
  }
}
