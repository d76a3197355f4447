import {
  blockIdToken,
  ConflictError,
  driverCreateSchema,
  NotFoundError,
  newDriver,
  newId,
  ValidationError,
} from '@csms/core';
import { ACCESS } from '../roles.ts';
import { created, noContent, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import { plausibleId, requireCustomer } from './customer-lookup.ts';
import { driverView, toDriverView } from './customer-view.ts';

const TAG = 'Customers';

/** Drivers of company customers (A1: a corporate account holds several drivers and their tokens). */
export const customerDriverRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/customers/{id}/drivers',
    operationId: 'addDriver',
    summary: "Add a driver to a company customer's account",
    tag: TAG,
    roles: ACCESS.operate,
    body: driverCreateSchema,
    responses: { 201: { description: 'Driver added', schema: driverView } },
    handle: async ({ principal, params, body, deps }) => {
      const customer = await requireCustomer(deps, principal.tenantId, params.id);
      if (customer.type !== 'company') {
        throw new ValidationError([
          {
            field: 'id',
            in: 'path',
            message: 'Only company customers hold drivers; this one is an individual',
          },
        ]);
      }
      if (customer.status === 'closed') throw new ConflictError(`Customer ${customer.id} is closed`);
      const driver = newDriver(body, newId('d'), customer.id, new Date());
      await deps.customers.putDriver(principal.tenantId, driver);
      return created(toDriverView(driver));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/customers/{id}/drivers',
    operationId: 'listDrivers',
    summary: "List a company customer's drivers",
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery,
    responses: { 200: { description: 'A page of drivers', schema: pageOf(driverView) } },
    handle: async ({ principal, params, query, deps }) => {
      await requireCustomer(deps, principal.tenantId, params.id);
      const page = await deps.customers.listDrivers(principal.tenantId, params.id, query);
      return ok({ items: page.items.map(toDriverView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/customers/{id}/drivers/{driverId}',
    operationId: 'removeDriver',
    summary: "Remove a driver from a company customer's account",
    description:
      'The driver\'s ID tokens are blocked at once (reason "Driver removed"): a card must not outlive the ' +
      "driver's place in the company. The tokens stay, for the sessions already charged with them.",
    tag: TAG,
    roles: ACCESS.operate,
    responses: { 204: { description: 'Removed' } },
    handle: async ({ principal, params, deps }) => {
      const { tenantId } = principal;
      await requireCustomer(deps, tenantId, params.id);
      const removed =
        plausibleId(params.driverId) &&
        (await deps.customers.deleteDriver(tenantId, params.id, params.driverId));
      if (!removed) {
        throw new NotFoundError(`Driver ${params.driverId}`);
      }
      const now = new Date();
      const tokens = await deps.idTokens.listAllIdTokensOfCustomer(tenantId, params.id);
      for (const token of tokens.filter((t) => t.driverId === params.driverId && t.status !== 'Blocked')) {
        await deps.idTokens.updateIdToken(tenantId, token.idTag, (current) =>
          blockIdToken(current, 'Driver removed', now),
        );
      }
      return noContent();
    },
  }),
];
