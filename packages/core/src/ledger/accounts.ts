/**
 * The chart of accounts of a tenant's ledger (rules P1–P6). Every account is named by a string code; accounts
 * that belong to one customer or one voucher carry its id in the code. Amounts are integers in minor units of
 * the tenant's currency.
 *
 * `normal` is the side that increases the account: assets and expenses grow with debits, liabilities and
 * income with credits. A balance is always read on the normal side, so a customer's prepaid balance (a
 * liability of the operator) is a positive number.
 *
 * `gated` accounts are the ones a rule depends on (P2: a voucher is never overdrawn, P5: debt blocks charging,
 * P4: credit used): they must never go negative, and storage keeps a balance item for each of them, written in
 * the same transaction as the entries. The tenant-wide accounts (revenue, VAT, card clearing…) are only summed
 * from the journal when reported, so no single item has to be written by every settlement of a tenant.
 */
export type NormalSide = 'debit' | 'credit';

export const tenantAccounts = {
  /** Money the card processor holds for the tenant (captured, not yet paid out). Asset. */
  cardClearing: 'card-clearing',
  /** The card part of a settlement between the ledger booking and the capture's outcome. Asset. */
  cardPending: 'card-pending',
  /** Net charging revenue. Income. */
  revenue: 'revenue',
  /** VAT owed to the tax office. Liability. */
  vatPayable: 'vat-payable',
  /** Discount codes granted (net part; the VAT part reduces VAT payable). Contra-revenue. */
  discounts: 'discounts',
  /** Refunds of overcharges (P6). Contra-revenue. */
  refunds: 'refunds',
  /** The platform's application fee on card payments. Expense. */
  platformFee: 'platform-fee',
  /** Balance the operator credited by hand (goodwill, corrections). Expense. */
  goodwill: 'goodwill',
  /** Value of gift vouchers issued (their counterpart liability is the voucher's own account). Expense. */
  voucherIssuance: 'voucher-issuance',
  /** Remainders of expired vouchers, no longer owed (P2). Income. */
  forfeitedVouchers: 'forfeited-vouchers',
  /** Payments received outside the card processor (bank transfer of a monthly invoice, P4). Asset. */
  bank: 'bank',
} as const;

export const customerAccounts = {
  /** Prepaid balance the operator owes the customer (P1). Liability, never negative. */
  balance: (customerId: string) => `customer:${customerId}:balance`,
  /** What the customer owes and was not collected: debt (P5). Asset, never negative. */
  receivable: (customerId: string) => `customer:${customerId}:receivable`,
  /** Sessions charged to the contracted credit, to invoice monthly (P4). Asset, never negative. */
  credit: (customerId: string) => `customer:${customerId}:credit`,
} as const;

/** A gift voucher's remaining value, owed by the operator until consumed or forfeited (P2). */
export const voucherAccount = (code: string) => `voucher:${code}`;

export type ParsedAccount =
  | { readonly scope: 'tenant'; readonly name: string }
  | {
      readonly scope: 'customer';
      readonly customerId: string;
      readonly name: 'balance' | 'receivable' | 'credit';
    }
  | { readonly scope: 'voucher'; readonly code: string };

const CREDIT_NORMAL = new Set<string>([
  tenantAccounts.revenue,
  tenantAccounts.vatPayable,
  tenantAccounts.forfeitedVouchers,
]);
const TENANT_NAMES = new Set<string>(Object.values(tenantAccounts));

export function parseAccount(account: string): ParsedAccount {
  if (TENANT_NAMES.has(account)) return { scope: 'tenant', name: account };
  const customer = /^customer:([^:]+):(balance|receivable|credit)$/.exec(account);
  if (customer?.[1] && customer[2]) {
    return {
      scope: 'customer',
      customerId: customer[1],
      name: customer[2] as 'balance' | 'receivable' | 'credit',
    };
  }
  const voucher = /^voucher:(.+)$/.exec(account);
  if (voucher?.[1]) return { scope: 'voucher', code: voucher[1] };
  throw new Error(`Unknown ledger account '${account}'`);
}

export function normalSide(account: string): NormalSide {
  const parsed = parseAccount(account);
  if (parsed.scope === 'voucher') return 'credit';
  if (parsed.scope === 'customer') return parsed.name === 'balance' ? 'credit' : 'debit';
  return CREDIT_NORMAL.has(account) ? 'credit' : 'debit';
}

/** Accounts that must never go negative; storage keeps and conditions a balance item for each. */
export function isGated(account: string): boolean {
  return parseAccount(account).scope !== 'tenant';
}
