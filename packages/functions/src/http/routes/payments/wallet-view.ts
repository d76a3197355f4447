import type { Deps } from '@csms/app/deps';
import { summarizeWallet, type WalletSummary } from '@csms/app/payments/wallet-summary';
import { type Customer, customerTypes, discountKinds, discountStatuses } from '@csms/core';
import * as z from 'zod';
import { isoTimestamp } from '../../schemas.ts';

const minor = (what: string) => z.number().int().describe(`${what}, minor units of \`currency\``);

export const walletView = z
  .object({
    customerId: z.string(),
    currency: z.string().describe('ISO 4217, the tenant currency'),
    balance: minor('Prepaid balance'),
    vouchers: z
      .array(
        z.object({
          code: z.string(),
          amount: minor('Original value'),
          remaining: minor('Left to spend'),
          expiresAt: isoTimestamp,
          attachedAt: isoTimestamp,
        }),
      )
      .describe('Spendable vouchers, in the order they are consumed (oldest attached first)'),
    discounts: z.array(
      z.object({
        code: z.string(),
        kind: z.enum(discountKinds),
        value: z.number().int(),
        expiresAt: isoTimestamp,
        status: z.enum(discountStatuses),
        uses: z.number().int(),
        usable: z.boolean().describe('Active, unexpired and uses left'),
      }),
    ),
    card: z
      .object({
        brand: z.string(),
        last4: z.string(),
        status: z.enum(['active', 'failing']),
        addedAt: isoTimestamp,
      })
      .nullable()
      .describe('Only the provider’s brand and last 4 digits are kept (P7)'),
    creditLimit: minor('Contracted credit limit; null: unlimited (companies by default)').nullable(),
    creditUsed: minor('Charged on credit, not yet paid'),
    debt: minor('Unpaid; blocks charging until collected (P5)'),
    fundingMeans: z
      .enum(['card', 'credit', 'prepaid'])
      .nullable()
      .describe('What would fund a session started now; null: charging is refused (no usable means)'),
    customerType: z.enum(customerTypes),
  })
  .meta({ id: 'Wallet' });
export type WalletView = z.infer<typeof walletView>;

export const toWalletView = (w: WalletSummary): WalletView => ({
  customerId: w.customerId,
  currency: w.currency,
  balance: w.balance,
  vouchers: w.vouchers.map((v) => ({ ...v })),
  discounts: w.discounts.map((d) => ({ ...d })),
  card: w.card ? { ...w.card } : null,
  creditLimit: w.creditLimit,
  creditUsed: w.creditUsed,
  debt: w.debt,
  fundingMeans: w.fundingMeans ?? null,
  customerType: w.customerType,
});

/** The wallet of `customer` at `now`, as answered after each wallet change. */
export async function walletViewOf(
  deps: Deps,
  tenantId: string,
  customer: Customer,
  now: Date,
): Promise<WalletView> {
  return toWalletView(await summarizeWallet(deps, tenantId, customer, now));
}
