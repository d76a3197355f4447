import {
  applyCustomerPatch,
  ConflictError,
  customerCreateSchema,
  customerPatchSchema,
  customerStatuses,
  customerTypes,
  NotFoundError,
  newCustomer,
  newId,
  type TermsAcceptance,
  termsStatusOf,
  ValidationError,
} from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import { customerDriverRoutes } from './customer-drivers.ts';
import { plausibleId, requireCustomer } from './customer-lookup.ts';
import { customerPrivacyRoutes } from './customer-privacy.ts';
import { customerView, toCustomerView } from './customer-view.ts';
import { termsAcceptanceView, termsStatusView, toTermsStatus } from './terms-view.ts';

const TAG = 'Customers';

/** Customers (A1, A3, A4): accounts of individuals and companies, their status and consents. */
const customerCoreRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/customers',
    operationId: 'createCustomer',
    summary: 'Create a customer',
    description:
      'An individual or a company (which can then hold several drivers). Marketing consent is recorded ' +
      'separately from the Terms, with its time, in `consentHistory`.',
    tag: TAG,
    roles: ACCESS.operate,
    body: customerCreateSchema,
    responses: { 201: { description: 'Customer created', schema: customerView } },
    handle: async ({ principal, body, deps }) => {
      const now = new Date();
      const stored = await deps.customers.createCustomer(
        principal.tenantId,
        newCustomer(body, newId('c'), now),
      );
      return created(toCustomerView(stored, await deps.terms.listAllTermsDocuments(principal.tenantId), now));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/customers',
    operationId: 'listCustomers',
    summary: 'List customers',
    description: 'Newest first. A page may hold fewer than `limit` items while `nextCursor` is set.',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery.extend({
      status: z.enum(customerStatuses).optional(),
      type: z.enum(customerTypes).optional(),
      email: z.string().min(1).max(254).optional().describe('Exact e-mail address, any letter case'),
    }),
    responses: { 200: { description: 'A page of customers', schema: pageOf(customerView) } },
    handle: async ({ principal, query, deps }) => {
      const now = new Date();
      const { status, type, email, limit, cursor } = query;
      const [page, terms] = await Promise.all([
        deps.customers.listCustomers(principal.tenantId, { status, type, email }, { limit, cursor }),
        deps.terms.listAllTermsDocuments(principal.tenantId),
      ]);
      return ok({ items: page.items.map((c) => toCustomerView(c, terms, now)), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/customers/{id}',
    operationId: 'getCustomer',
    summary: 'Read a customer',
    description: '`termsStatus` tells whether the customer accepted every material Terms version in force.',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The customer', schema: customerView } },
    handle: async ({ principal, params, deps }) => {
      const [customer, terms] = await Promise.all([
        requireCustomer(deps, principal.tenantId, params.id),
        deps.terms.listAllTermsDocuments(principal.tenantId),
      ]);
      return ok(toCustomerView(customer, terms, new Date()));
    },
  }),
  route({
    method: 'PATCH',
    path: '/v1/customers/{id}',
    operationId: 'updateCustomer',
    summary: 'Change a customer',
    description:
      'Rectify personal data (`null` removes an optional field), change the marketing consent (recorded in ' +
      '`consentHistory`), or the status with a `reason`: `suspended`/`blocked` stop charging at once (A3); ' +
      '`closed` is refused while debt is outstanding and is irrevocable (A4), both with 409.',
    tag: TAG,
    roles: ACCESS.operate,
    body: customerPatchSchema,
    responses: { 200: { description: 'The customer after the change', schema: customerView } },
    handle: async ({ principal, params, body, deps }) => {
      if (!plausibleId(params.id)) throw new NotFoundError(`Customer ${params.id}`);
      const now = new Date();
      const updated = await deps.customers.updateCustomer(principal.tenantId, params.id, (current) => ({
        next: applyCustomerPatch(current, body, now),
        // Re-checked by the write itself: debt booked meanwhile still prevents the closure.
        requireNoDebt: body.status === 'closed' && current.status !== 'closed',
      }));
      if (!updated) throw new NotFoundError(`Customer ${params.id}`);
      return ok(toCustomerView(updated, await deps.terms.listAllTermsDocuments(principal.tenantId), now));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/customers/{id}/terms-acceptances',
    operationId: 'acceptTerms',
    summary: 'Record that a customer accepted a Terms or Privacy version',
    description:
      'Accepting a version already accepted answers 200 with the first acceptance. Accepting a newer version ' +
      'also covers the material changes before it.',
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({ termsId: z.string().min(1).max(64) }),
    responses: {
      201: {
        description: 'Acceptance recorded',
        schema: termsAcceptanceView.extend({ termsStatus: termsStatusView }),
      },
      200: {
        description: 'Already accepted',
        schema: termsAcceptanceView.extend({ termsStatus: termsStatusView }),
      },
    },
    handle: async ({ principal, params, body, deps }) => {
      const now = new Date();
      const { tenantId } = principal;
      await requireCustomer(deps, tenantId, params.id);
      const document = plausibleId(body.termsId)
        ? await deps.terms.getTermsDocument(tenantId, body.termsId)
        : undefined;
      if (!document) {
        throw new ValidationError([{ field: 'termsId', message: `Unknown Terms document ${body.termsId}` }]);
      }
      let acceptance: TermsAcceptance | undefined;
      let isNew = false;
      const updated = await deps.customers.updateCustomer(tenantId, params.id, (current) => {
        isNew = false;
        acceptance = current.termsAcceptances.find((a) => a.termsId === document.id);
        if (acceptance) return undefined;
        if (current.status === 'closed') throw new ConflictError(`Customer ${params.id} is closed`);
        acceptance = {
          termsId: document.id,
          kind: document.kind,
          version: document.version,
          acceptedAt: now.toISOString(),
        };
        isNew = true;
        return {
          next: {
            ...current,
            termsAcceptances: [...current.termsAcceptances, acceptance],
            updatedAt: now.toISOString(),
          },
        };
      });
      if (!updated || !acceptance) throw new NotFoundError(`Customer ${params.id}`);
      const status = termsStatusOf(
        await deps.terms.listAllTermsDocuments(tenantId),
        updated.termsAcceptances,
        now,
      );
      const answer = { ...acceptance, termsStatus: toTermsStatus(status) };
      return isNew ? created(answer) : ok(answer);
    },
  }),
];

export const customerRoutes: Route[] = [
  ...customerCoreRoutes,
  ...customerDriverRoutes,
  ...customerPrivacyRoutes,
];
