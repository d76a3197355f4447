import { createSite } from '@csms/app/stations/sites/create-site';
import { deleteSite } from '@csms/app/stations/sites/delete-site';
import { listSites } from '@csms/app/stations/sites/list-sites';
import { readSite } from '@csms/app/stations/sites/read-site';
import { updateSite } from '@csms/app/stations/sites/update-site';
import {
  coordinatesSchema,
  openingHoursSchema,
  postalAddressSchema,
  siteCreateSchema,
  sitePatchSchema,
} from '@csms/core';
import type { StoredSite } from '@csms/db';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, noContent, ok, type Route, route } from '../route.ts';
import { isoTimestamp, listQuery, pageOf } from '../schemas.ts';

/** Sites: where charge points stand (S1), with the local time zone that time-of-day rules use. */

const siteView = z
  .object({
    id: z.string(),
    name: z.string(),
    address: postalAddressSchema,
    coordinates: coordinatesSchema,
    openingHours: openingHoursSchema.nullable().describe('null when not given'),
    timeZone: z.string().describe('IANA time zone'),
    chargePointCount: z.number().int().describe('Charge points assigned to the site'),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'Site' });

const toView = (site: StoredSite): z.infer<typeof siteView> => ({
  id: site.id,
  name: site.name,
  address: site.address,
  coordinates: site.coordinates,
  openingHours: site.openingHours ?? null,
  timeZone: site.timeZone,
  chargePointCount: site.chargePointCount,
  createdAt: site.createdAt,
  updatedAt: site.updatedAt,
});

export const siteRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/sites',
    operationId: 'createSite',
    summary: 'Create a site',
    tag: 'Sites',
    roles: ACCESS.operate,
    body: siteCreateSchema,
    responses: { 201: { description: 'Site created', schema: siteView } },
    handle: async ({ principal, body, deps }) =>
      created(toView(await createSite(deps, principal.tenantId, body))),
  }),
  route({
    method: 'GET',
    path: '/v1/sites',
    operationId: 'listSites',
    summary: 'List sites',
    tag: 'Sites',
    roles: ACCESS.read,
    query: listQuery,
    responses: { 200: { description: 'One page of sites, in id order', schema: pageOf(siteView) } },
    handle: async ({ principal, query, deps }) => {
      const page = await listSites(deps, principal.tenantId, query);
      return ok({ items: page.items.map(toView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/sites/{id}',
    operationId: 'getSite',
    summary: 'Read a site',
    tag: 'Sites',
    roles: ACCESS.read,
    responses: { 200: { description: 'The site', schema: siteView } },
    handle: async ({ principal, params, deps }) =>
      ok(toView(await readSite(deps, principal.tenantId, params.id))),
  }),
  route({
    method: 'PATCH',
    path: '/v1/sites/{id}',
    operationId: 'updateSite',
    summary: 'Change a site',
    description: 'Any subset of the fields; `address`, `coordinates`, `openingHours` are replaced whole.',
    tag: 'Sites',
    roles: ACCESS.operate,
    body: sitePatchSchema,
    responses: { 200: { description: 'The site as changed', schema: siteView } },
    handle: async ({ principal, params, body, deps }) =>
      ok(toView(await updateSite(deps, principal.tenantId, params.id, body))),
  }),
  route({
    method: 'DELETE',
    path: '/v1/sites/{id}',
    operationId: 'deleteSite',
    summary: 'Delete a site',
    description: 'Refused (409) while charge points are assigned to it: move or decommission them first.',
    tag: 'Sites',
    roles: ACCESS.operate,
    responses: { 204: { description: 'Deleted' } },
    handle: async ({ principal, params, deps }) => {
      await deleteSite(deps, principal.tenantId, params.id);
      return noContent();
    },
  }),
];
