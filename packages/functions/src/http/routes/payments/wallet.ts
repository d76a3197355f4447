import type { Deps } from '@csms/app/deps';
import {
  attachDiscountCodeToCustomer,
  attachVoucherToCustomer,
  creditCustomerBalance,
  openWallet,
  payCustomerDebt,
  recordCustomerCreditPayment,
  setCustomerCreditLimit,
  topUpCustomerBalance,
  type WalletChange,
} from '@csms/app/payments/customer-wallet';
import { codeSchema } from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../../roles.ts';
import { created, ok, type Route, route } from '../../route.ts';
import { paymentDeclined, paymentDeclinedResponse } from './payment-declined.ts';
import { walletView, walletViewOf } from './wallet-view.ts';

const TAG = 'Payments';
const walletAfter = (deps: Deps, tenantId: string, change: WalletChange) =>
  walletViewOf(deps, tenantId, change.customer, change.at);
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
    handle: async ({ principal, params, deps }) =>
      ok(await walletAfter(deps, principal.tenantId, await openWallet(deps, principal.tenantId, params.id))),
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
      const change = await creditCustomerBalance(deps, principal.tenantId, params.id, body);
      return created(await walletAfter(deps, principal.tenantId, change));
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
    handle: async ({ principal, params, body, event, deps }) => {
      const { result, ...change } = await topUpCustomerBalance(deps, principal.tenantId, params.id, {
        ...body,
        idempotencyKey: event.headers['idempotency-key'],
      });
      if (result.status === 'declined') return paymentDeclined(result.message, result.declineCode);
      return created({
        paymentIntentId: result.paymentIntentId,
        amount: result.amount,
        wallet: await walletAfter(deps, principal.tenantId, change),
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
      const change = await setCustomerCreditLimit(deps, principal.tenantId, params.id, body.creditLimit);
      return ok(await walletAfter(deps, principal.tenantId, change));
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
      const change = await recordCustomerCreditPayment(deps, principal.tenantId, params.id, body);
      return created(await walletAfter(deps, principal.tenantId, change));
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
      const change = await attachVoucherToCustomer(deps, principal.tenantId, params.id, body.code);
      return created(await walletAfter(deps, principal.tenantId, change));
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
      const change = await attachDiscountCodeToCustomer(deps, principal.tenantId, params.id, body.code);
      return created(await walletAfter(deps, principal.tenantId, change));
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
      const result = await payCustomerDebt(deps, principal.tenantId, params.id);
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
