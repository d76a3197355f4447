import type { Deps } from '@csms/app/deps';
import {
  ConflictError,
  coordinatesSchema,
  isSiteId,
  NotFoundError,
  newId,
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

/** Ids we never minted name nothing: 404 without a read, like an unknown or foreign id. */
async function findSite(deps: Deps, tenantId: string, id: string): Promise<StoredSite> {
  const site = isSiteId(id) ? await deps.sites.getSite(tenantId, id) : undefined;
  if (!site) throw new NotFoundError('Site');
  return site;
}

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
    handle: async ({ principal, body, deps }) => {
      const now = new Date().toISOString();
      const site: StoredSite = {
        ...body,
        id: newId('s'),
        tenantId: principal.tenantId,
        chargePointCount: 0,
        createdAt: now,
        updatedAt: now,
      };
      await deps.sites.createSite(site);
      return created(toView(site));
    },
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
      const page = await deps.sites.listSites(principal.tenantId, query);
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
      ok(toView(await findSite(deps, principal.tenantId, params.id))),
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
    handle: async ({ principal, params, body, deps }) => {
      await findSite(deps, principal.tenantId, params.id);
      const updated = await deps.sites.updateSite(
        principal.tenantId,
        params.id,
        body,
        new Date().toISOString(),
      );
      if (!updated) throw new NotFoundError('Site');
      return ok(toView(updated));
    },
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
      const outcome = isSiteId(params.id)
        ? await deps.sites.deleteSite(principal.tenantId, params.id)
        : 'not-found';
      if (outcome === 'not-found') throw new NotFoundError('Site');
      if (outcome === 'in-use') {
        throw new ConflictError(`Site ${params.id} still has charge points; move or decommission them first`);
      }
      return noContent();
    },
  }),
];
