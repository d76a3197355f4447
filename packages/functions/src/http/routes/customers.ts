import { acceptTerms } from '@csms/app/customers/accept-terms';
import { createCustomer } from '@csms/app/customers/create-customer';
import type { CustomerStanding } from '@csms/app/customers/customer-standing';
import { getCustomer } from '@csms/app/customers/get-customer';
import { listCustomers } from '@csms/app/customers/list-customers';
import { updateCustomer } from '@csms/app/customers/update-customer';
import { customerCreateSchema, customerPatchSchema, customerStatuses, customerTypes } from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import { customerDriverRoutes } from './customer-drivers.ts';
import { customerPrivacyRoutes } from './customer-privacy.ts';
import { customerView, toCustomerView } from './customer-view.ts';
import { termsAcceptanceView, termsStatusView, toTermsStatus } from './terms-view.ts';

const TAG = 'Customers';

const toView = ({ customer, terms, at }: CustomerStanding) => toCustomerView(customer, terms, at);

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
      return created(toView(await createCustomer(deps, principal.tenantId, body)));
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
      const { status, type, email, limit, cursor } = query;
      const page = await listCustomers(deps, principal.tenantId, { status, type, email }, { limit, cursor });
      return ok({
        items: page.items.map((c) => toCustomerView(c, page.terms, page.at)),
        nextCursor: page.nextCursor,
      });
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
      return ok(toView(await getCustomer(deps, principal.tenantId, params.id)));
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
      return ok(toView(await updateCustomer(deps, principal.tenantId, params.id, body)));
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
      const { acceptance, isNew, termsStatus } = await acceptTerms(deps, principal.tenantId, params.id, body);
      const answer = { ...acceptance, termsStatus: toTermsStatus(termsStatus) };
      return isNew ? created(answer) : ok(answer);
    },
  }),
];

export const customerRoutes: Route[] = [
  ...customerCoreRoutes,
  ...customerDriverRoutes,
  ...customerPrivacyRoutes,
];
