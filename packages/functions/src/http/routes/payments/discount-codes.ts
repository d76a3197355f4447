import {
  changeDiscountCodeStatus,
  createDiscountCode,
  getDiscountCode,
} from '@csms/app/payments/discount-codes';
import {
  customerTypes,
  type DiscountCode,
  discountCodeCreateSchema,
  discountCodePatchSchema,
  discountKinds,
  discountStatuses,
} from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../../roles.ts';
import { created, ok, type Route, route } from '../../route.ts';
import { isoTimestamp } from '../../schemas.ts';

const TAG = 'Payments';

export const discountCodeView = z
  .object({
    code: z.string(),
    kind: z.enum(discountKinds),
    value: z.number().int().describe('Minor units (`amount`) or whole percent (`percentage`)'),
    expiresAt: isoTimestamp,
    conditions: z
      .object({
        minSessionAmount: z.number().int().optional(),
        maxDiscountAmount: z.number().int().optional(),
        customerTypes: z.array(z.enum(customerTypes)).optional(),
        maxUsesPerCustomer: z.number().int().optional(),
      })
      .nullable(),
    status: z.enum(discountStatuses),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'DiscountCode' });

const toView = (d: DiscountCode): z.infer<typeof discountCodeView> => ({
  code: d.code,
  kind: d.kind,
  value: d.value,
  expiresAt: d.expiresAt,
  conditions: d.conditions ?? null,
  status: d.status,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

/** Discount codes (P3): amount or percentage off a session, with expiry and conditions; suspend or cancel. */
export const discountCodeRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/discount-codes',
    operationId: 'createDiscountCode',
    summary: 'Create a discount code',
    description:
      'At settlement the attached code worth most for the session applies, once per session, before any ' +
      'voucher or balance is used (a discount lowers the price; it does not pay it).',
    tag: TAG,
    roles: ACCESS.operate,
    body: discountCodeCreateSchema,
    responses: { 201: { description: 'Created', schema: discountCodeView } },
    handle: async ({ principal, body, deps }) =>
      created(toView(await createDiscountCode(deps, principal.tenantId, body))),
  }),
  route({
    method: 'GET',
    path: '/v1/discount-codes/{code}',
    operationId: 'getDiscountCode',
    summary: 'Read a discount code',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The discount code', schema: discountCodeView } },
    handle: async ({ principal, params, deps }) =>
      ok(toView(await getDiscountCode(deps, principal.tenantId, params.code))),
  }),
  route({
    method: 'PATCH',
    path: '/v1/discount-codes/{code}',
    operationId: 'updateDiscountCode',
    summary: 'Suspend, resume or cancel a discount code',
    description:
      '`cancelled` is final. A suspended or cancelled code reduces no session settled while it is so.',
    tag: TAG,
    roles: ACCESS.operate,
    body: discountCodePatchSchema,
    responses: { 200: { description: 'The discount code', schema: discountCodeView } },
    handle: async ({ principal, params, body, deps }) =>
      ok(toView(await changeDiscountCodeStatus(deps, principal.tenantId, params.code, body.status))),
  }),
];
