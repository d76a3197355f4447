import {
  ConflictError,
  canChangeStatus,
  codeSchema,
  customerTypes,
  type DiscountCode,
  discountCodeCreateSchema,
  discountCodePatchSchema,
  discountKinds,
  discountStatuses,
  NotFoundError,
  normalizeCode,
  ValidationError,
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

const normalized = (code: string) => (codeSchema.safeParse(code).success ? normalizeCode(code) : undefined);

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
    handle: async ({ principal, body, deps }) => {
      const now = new Date().toISOString();
      if (body.expiresAt <= now)
        throw new ValidationError([{ field: 'expiresAt', message: 'Must be in the future' }]);
      const code: DiscountCode = {
        code: normalizeCode(body.code),
        kind: body.kind,
        value: body.value,
        expiresAt: body.expiresAt,
        ...(body.conditions ? { conditions: body.conditions } : {}),
        status: 'active',
        createdAt: now,
        updatedAt: now,
      };
      if (!(await deps.discountCodes.createDiscountCode(principal.tenantId, code))) {
        throw new ConflictError(`Discount code ${code.code} exists already`);
      }
      return created(toView(code));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/discount-codes/{code}',
    operationId: 'getDiscountCode',
    summary: 'Read a discount code',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The discount code', schema: discountCodeView } },
    handle: async ({ principal, params, deps }) => {
      const code = normalized(params.code);
      const found = code ? await deps.discountCodes.getDiscountCode(principal.tenantId, code) : undefined;
      if (!found) throw new NotFoundError(`Discount code ${params.code}`);
      return ok(toView(found));
    },
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
    handle: async ({ principal, params, body, deps }) => {
      const code = normalized(params.code);
      const current = code ? await deps.discountCodes.getDiscountCode(principal.tenantId, code) : undefined;
      if (!code || !current) throw new NotFoundError(`Discount code ${params.code}`);
      if (!canChangeStatus(current.status, body.status)) {
        throw new ConflictError(`Discount code ${code} is cancelled; that is final`);
      }
      const updated = await deps.discountCodes.setDiscountCodeStatus(
        principal.tenantId,
        code,
        body.status,
        new Date().toISOString(),
      );
      if (updated === undefined) throw new NotFoundError(`Discount code ${params.code}`);
      if (updated === 'cancelled')
        throw new ConflictError(`Discount code ${code} is cancelled; that is final`);
      return ok(toView(updated));
    },
  }),
];
