import { addDriver } from '@csms/app/customers/add-driver';
import { listDrivers } from '@csms/app/customers/list-drivers';
import { removeDriver } from '@csms/app/customers/remove-driver';
import { driverCreateSchema } from '@csms/core';
import { ACCESS } from '../roles.ts';
import { created, noContent, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
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
      const driver = await addDriver(deps, principal.tenantId, params.id, body);
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
      const page = await listDrivers(deps, principal.tenantId, params.id, query);
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
      await removeDriver(deps, principal.tenantId, params.id, params.driverId);
      return noContent();
    },
  }),
];
