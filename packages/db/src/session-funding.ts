import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { FundingMeans, SettlementPlan } from '@csms/core';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import type { TableClient } from './table/table-client.ts';

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
  table: TableClient,
  tenantId: string,
  sessionId: string,
): Promise<SessionFunding | undefined> {
  const { Item } = await table.get({
    Key: keys.sessionFunding(tenantId, sessionId),
    ConsistentRead: true,
  });
  return Item ? toFunding(Item) : undefined;
}

/** Access pattern L12: the first record wins; returns what is recorded (a retried start finds its hold). */
export async function recordSessionFunding(
  table: TableClient,
  tenantId: string,
  funding: SessionFunding,
): Promise<SessionFunding> {
  try {
    await table.put({
      Item: {
        ...keys.sessionFunding(tenantId, funding.sessionId),
        type: 'SessionFunding',
        tenantId,
        ...funding,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return funding;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = await getSessionFunding(table, tenantId, funding.sessionId);
    if (!existing) throw error;
    return existing;
  }
}

/** The session funding repository: the functions above with the table given. */
export const createSessionFundingRepository = (table: TableClient) =>
  bindTable(table, { getSessionFunding, recordSessionFunding });

export type SessionFundingRepository = ReturnType<typeof createSessionFundingRepository>;
