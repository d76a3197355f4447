import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { FundingMeans, SettlementPlan } from '@csms/core';
import * as z from 'zod';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
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

/** Every attribute written here and by the settlement transactions (`settlements.ts`). */
const sessionFundingSchema: z.ZodType<SessionFunding> = z.object({
  sessionId: z.string(),
  customerId: z.string(),
  means: z.enum(['card', 'credit', 'prepaid', 'none']),
  decidedAt: z.string(),
  hold: z.object({ paymentIntentId: z.string(), amount: z.number() }).optional(),
  holdDeclined: z
    .object({ code: z.string(), declineCode: z.string().nullable(), message: z.string() })
    .optional(),
  status: z.enum(['open', 'awaiting-card', 'settled']),
  plan: z
    .object({
      gross: z.number(),
      vat: z.number(),
      discount: z.object({ code: z.string(), amount: z.number(), vat: z.number() }).nullable(),
      vouchers: z.array(z.object({ code: z.string(), amount: z.number() })),
      balance: z.number(),
      card: z.number(),
      credit: z.number(),
      debt: z.number(),
    })
    .optional(),
  settledAt: z.string().optional(),
  card: z
    .object({ collected: z.number(), uncollected: z.number(), paymentIntentId: z.string().optional() })
    .optional(),
  refunded: z.number().optional(),
});

/** The record of one tenant's session; the tenant is stored beside the value. */
const sessionFundingEntity = (tenantId: string) =>
  defineEntity({
    type: 'SessionFunding',
    schema: sessionFundingSchema,
    key: (funding) => keys.sessionFunding(tenantId, funding.sessionId),
    derived: () => ({ tenantId }),
  });

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
  return sessionFundingEntity(tenantId).fromOptional(Item);
}

/** Access pattern L12: the first record wins; returns what is recorded (a retried start finds its hold). */
export async function recordSessionFunding(
  table: TableClient,
  tenantId: string,
  funding: SessionFunding,
): Promise<SessionFunding> {
  try {
    await table.put({
      Item: sessionFundingEntity(tenantId).toItem(funding),
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
