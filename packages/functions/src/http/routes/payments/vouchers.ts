import {
  checkIssue,
  codeSchema,
  NotFoundError,
  normalizeCode,
  type Voucher,
  voucherCreateSchema,
} from '@csms/core';
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
    handle: async ({ principal, body, deps }) => {
      const now = new Date();
      checkIssue(body, now);
      const tenant = await deps.tenants.getTenant(principal.tenantId);
      if (!tenant) throw new NotFoundError('Tenant');
      const voucher: Voucher = {
        code: normalizeCode(body.code),
        amount: body.amount,
        remaining: body.amount,
        activateBy: body.activateBy,
        expiresAt: body.expiresAt,
        createdAt: now.toISOString(),
      };
      await deps.vouchers.issueVoucher(principal.tenantId, voucher, tenant.currency);
      return created(toVoucherView(voucher));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/vouchers/{code}',
    operationId: 'getVoucher',
    summary: 'Read a gift voucher',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The voucher', schema: voucherView } },
    handle: async ({ principal, params, deps }) => {
      const voucher = codeSchema.safeParse(params.code).success
        ? await deps.vouchers.getVoucher(principal.tenantId, normalizeCode(params.code))
        : undefined;
      if (!voucher) throw new NotFoundError(`Voucher ${params.code}`);
      return ok(toVoucherView(voucher));
    },
  }),
];
