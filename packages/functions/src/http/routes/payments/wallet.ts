import { creditBalance, recordCreditPayment } from '@csms/app/payments/balance';
import { collectDebt } from '@csms/app/payments/debt';
import { topUpBalance } from '@csms/app/payments/top-up';
import { ConflictError, checkAttach, codeSchema, NotFoundError, normalizeCode } from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../../roles.ts';
import { created, ok, type Route, route } from '../../route.ts';
import { requireCustomer } from '../customer-lookup.ts';
import { paymentDeclined, paymentDeclinedResponse } from './payment-declined.ts';
import { walletView, walletViewOf } from './wallet-view.ts';

const TAG = 'Payments';
const amount = z.number().int().min(1).max(100_000_000).describe('Minor units of the tenant currency');

/**
 * A customer's wallet (P1–P5): balance, vouchers, discount codes, credit limit, debt. Reads for every role;
 * money given away or credit granted is finance's (credits, credit limit, invoice payments); the rest is the
 * operator's daily business (vouchers and codes attached, top-ups and debt payments from the saved card).
 */
export const walletRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/customers/{id}/wallet',
    operationId: 'getWallet',
    summary: "Read a customer's wallet",
    tag: TAG,
    roles: ACCESS.read,
    responses: {
      200: { description: 'Balances, vouchers, discount codes, card, credit and debt', schema: walletView },
    },
    handle: async ({ principal, params, deps }) => {
      const customer = await requireCustomer(deps, principal.tenantId, params.id);
      return ok(await walletViewOf(deps, principal.tenantId, customer, new Date()));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/customers/{id}/balance/credits',
    operationId: 'creditBalance',
    summary: "Credit a customer's prepaid balance",
    description: 'Goodwill, corrections, a payment taken at a desk. Booked in the ledger with its reason.',
    tag: TAG,
    roles: ACCESS.finance,
    body: z.strictObject({ amount, reason: z.string().trim().min(1).max(500) }),
    responses: { 201: { description: 'Credited; the wallet after it', schema: walletView } },
    handle: async ({ principal, params, body, deps }) => {
      const now = new Date();
      const customer = await requireCustomer(deps, principal.tenantId, params.id);
      await creditBalance(deps, principal.tenantId, customer.id, body.amount, body.reason, now);
      return created(await walletViewOf(deps, principal.tenantId, customer, now));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/customers/{id}/balance/top-ups',
    operationId: 'topUpBalance',
    summary: 'Top up the prepaid balance from the saved card',
    description:
      'Charges the saved card at once (Stripe PaymentIntent, automatic capture). 501 without Stripe.',
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({ amount }),
    responses: {
      201: {
        description: 'Charged and credited',
        schema: z.object({ paymentIntentId: z.string(), amount: z.number().int(), wallet: walletView }),
      },
      402: paymentDeclinedResponse,
    },
    handle: async ({ principal, params, body, deps }) => {
      const now = new Date();
      const customer = await requireCustomer(deps, principal.tenantId, params.id);
      const result = await topUpBalance(deps, principal.tenantId, customer.id, body.amount, now);
      if (result.status === 'declined') return paymentDeclined(result.message, result.declineCode);
      return created({
        paymentIntentId: result.paymentIntentId,
        amount: result.amount,
        wallet: await walletViewOf(deps, principal.tenantId, customer, now),
      });
    },
  }),
  route({
    method: 'PUT',
    path: '/v1/customers/{id}/credit-limit',
    operationId: 'setCreditLimit',
    summary: "Set a customer's credit limit",
    description:
      'Contracted credit, invoiced monthly (P4). `null`: no limit; `0`: no credit. Without a value set, companies ' +
      'have no limit and individuals no credit. A running session may finish past the limit; the next one is ' +
      'refused until the credit used is paid down (`POST …/credit/payments`).',
    tag: TAG,
    roles: ACCESS.finance,
    body: z.strictObject({
      creditLimit: z
        .number()
        .int()
        .min(0)
        .max(100_000_000)
        .nullable()
        .describe('Minor units; null: unlimited'),
    }),
    responses: { 200: { description: 'The wallet with the new limit', schema: walletView } },
    handle: async ({ principal, params, body, deps }) => {
      const customer = await requireCustomer(deps, principal.tenantId, params.id);
      await deps.wallets.setCreditLimit(principal.tenantId, customer.id, body.creditLimit);
      return ok(await walletViewOf(deps, principal.tenantId, customer, new Date()));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/customers/{id}/credit/payments',
    operationId: 'recordCreditPayment',
    summary: 'Record a payment of invoiced credit',
    description: 'A bank transfer for a monthly invoice: lowers the credit used (P4).',
    tag: TAG,
    roles: ACCESS.finance,
    body: z.strictObject({
      amount,
      reference: z.string().trim().min(1).max(200).describe('Invoice or transfer'),
    }),
    responses: { 201: { description: 'Recorded; the wallet after it', schema: walletView } },
    handle: async ({ principal, params, body, deps }) => {
      const now = new Date();
      const customer = await requireCustomer(deps, principal.tenantId, params.id);
      await recordCreditPayment(deps, principal.tenantId, customer.id, body.amount, body.reference, now);
      return created(await walletViewOf(deps, principal.tenantId, customer, now));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/customers/{id}/vouchers',
    operationId: 'attachVoucher',
    summary: 'Attach a gift voucher to a customer',
    description: 'Before its activation deadline, once; a voucher is not transferable (P2).',
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({ code: codeSchema }),
    responses: { 201: { description: 'Attached; the wallet after it', schema: walletView } },
    handle: async ({ principal, params, body, deps }) => {
      const now = new Date();
      const { tenantId } = principal;
      const customer = await requireCustomer(deps, tenantId, params.id);
      const code = normalizeCode(body.code);
      const voucher = await deps.vouchers.getVoucher(tenantId, code);
      if (!voucher) throw new NotFoundError(`Voucher ${body.code}`);
      checkAttach(voucher, customer.id, now);
      const pointer = { code, attachedAt: now.toISOString(), expiresAt: voucher.expiresAt };
      if (!(await deps.wallets.attachVoucher(tenantId, customer.id, pointer))) {
        throw new ConflictError(`Voucher ${code} was just attached or has expired`);
      }
      return created(await walletViewOf(deps, tenantId, customer, now));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/customers/{id}/discount-codes',
    operationId: 'attachDiscountCode',
    summary: 'Attach a discount code to a customer',
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({ code: codeSchema }),
    responses: { 201: { description: 'Attached; the wallet after it', schema: walletView } },
    handle: async ({ principal, params, body, deps }) => {
      const now = new Date();
      const { tenantId } = principal;
      const customer = await requireCustomer(deps, tenantId, params.id);
      const discount = await deps.discountCodes.getDiscountCode(tenantId, normalizeCode(body.code));
      if (!discount) throw new NotFoundError(`Discount code ${body.code}`);
      if (discount.status === 'cancelled')
        throw new ConflictError(`Discount code ${discount.code} is cancelled`);
      if (discount.expiresAt <= now.toISOString())
        throw new ConflictError(`Discount code ${discount.code} has expired`);
      if (
        !(await deps.wallets.attachDiscountCode(tenantId, customer.id, {
          code: discount.code,
          attachedAt: now.toISOString(),
        }))
      ) {
        throw new ConflictError(`Discount code ${discount.code} is already attached to this customer`);
      }
      return created(await walletViewOf(deps, tenantId, customer, now));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/customers/{id}/debt/pay',
    operationId: 'payDebt',
    summary: 'Collect the outstanding debt from the saved card',
    description: 'P5: the whole debt, charged at once. Adding a card does this automatically.',
    tag: TAG,
    roles: ACCESS.operate,
    responses: {
      200: {
        description: 'Collected, or nothing to collect',
        schema: z.object({
          status: z.enum(['collected', 'nothing-to-collect']),
          amount: z.number().int(),
          paymentIntentId: z.string().nullable(),
          debt: z.number().int().describe('Left after the payment'),
        }),
      },
      402: paymentDeclinedResponse,
    },
    handle: async ({ principal, params, deps }) => {
      const customer = await requireCustomer(deps, principal.tenantId, params.id);
      const result = await collectDebt(deps, principal.tenantId, customer.id, new Date());
      if (result.status === 'declined') return paymentDeclined(result.message, result.declineCode);
      return ok(
        result.status === 'collected'
          ? {
              status: result.status,
              amount: result.amount,
              paymentIntentId: result.paymentIntentId,
              debt: result.debt,
            }
          : { status: result.status, amount: 0, paymentIntentId: null, debt: 0 },
      );
    },
  }),
];
