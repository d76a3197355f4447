import { getVoucher, issueVoucher } from '@csms/app/payments/vouchers';
import { type Voucher, voucherCreateSchema } from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../../roles.ts';
import { created, ok, type Route, route } from '../../route.ts';
import { isoTimestamp } from '../../schemas.ts';

const TAG = 'Payments';

export const voucherView = z
  .object({
    code: z.string(),
    amount: z.number().int().describe('Minor units'),
    remaining: z.number().int().describe('Minor units'),
    activateBy: isoTimestamp,
    expiresAt: isoTimestamp,
    customerId: z.string().nullable().describe('Who attached it; vouchers are not transferable'),
    attachedAt: isoTimestamp.nullable(),
    forfeitedAt: isoTimestamp.nullable().describe('When the expired remainder was forfeited'),
    createdAt: isoTimestamp,
  })
  .meta({ id: 'Voucher' });

const toVoucherView = (v: Voucher): z.infer<typeof voucherView> => ({
  code: v.code,
  amount: v.amount,
  remaining: v.remaining,
  activateBy: v.activateBy,
  expiresAt: v.expiresAt,
  customerId: v.customerId ?? null,
  attachedAt: v.attachedAt ?? null,
  forfeitedAt: v.forfeitedAt ?? null,
  createdAt: v.createdAt,
});

/** Gift vouchers (P2): issued by the tenant, booked as a liability per voucher. */
export const voucherRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/vouchers',
    operationId: 'createVoucher',
    summary: 'Issue a gift voucher',
    description: 'Codes are unique per tenant in any letter case. The value is booked in the ledger at once.',
    tag: TAG,
    roles: ACCESS.operate,
    body: voucherCreateSchema,
    responses: { 201: { description: 'Issued', schema: voucherView } },
    handle: async ({ principal, body, deps }) =>
      created(toVoucherView(await issueVoucher(deps, principal.tenantId, body))),
  }),
  route({
    method: 'GET',
    path: '/v1/vouchers/{code}',
    operationId: 'getVoucher',
    summary: 'Read a gift voucher',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The voucher', schema: voucherView } },
    handle: async ({ principal, params, deps }) =>
      ok(toVoucherView(await getVoucher(deps, principal.tenantId, params.code))),
  }),
];
