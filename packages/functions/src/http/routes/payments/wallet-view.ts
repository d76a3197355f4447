import type { Deps } from '@csms/app/deps';
import { decideCustomerFunding } from '@csms/app/payments/funding-decision';
import {
  type Customer,
  customerTypes,
  discountKinds,
  discountStatuses,
  effectiveCreditLimit,
  isDiscountAvailable,
  isVoucherExpired,
} from '@csms/core';
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

export async function walletViewOf(
  deps: Deps,
  tenantId: string,
  customer: Customer,
  now: Date,
): Promise<WalletView> {
  // Debt is read fresh: it may have changed since the customer record in hand was read.
  const fresh = (await deps.customers.getCustomer(tenantId, customer.id)) ?? customer;
  const { decision, loaded, payments } = await decideCustomerFunding(deps, tenantId, fresh, now);
  const card = loaded.wallet.card;
  return {
    customerId: customer.id,
    currency: payments.currency,
    balance: loaded.wallet.balance,
    vouchers: loaded.vouchers
      .filter((v) => v.remaining > 0 && !isVoucherExpired(v, now))
      .map((v) => ({
        code: v.code,
        amount: v.amount,
        remaining: v.remaining,
        expiresAt: v.expiresAt,
        attachedAt: v.attachedAt,
      })),
    discounts: loaded.discounts.map((d) => ({
      code: d.code.code,
      kind: d.code.kind,
      value: d.code.value,
      expiresAt: d.code.expiresAt,
      status: d.code.status,
      uses: d.uses,
      usable: isDiscountAvailable(d, fresh.type, now),
    })),
    card: card ? { brand: card.brand, last4: card.last4, status: card.status, addedAt: card.addedAt } : null,
    creditLimit: effectiveCreditLimit(loaded.funds, fresh.type),
    creditUsed: loaded.wallet.creditUsed,
    debt: fresh.outstandingDebt,
    fundingMeans: fresh.outstandingDebt > 0 || !decision.usable ? null : decision.means,
    customerType: fresh.type,
  };
}
