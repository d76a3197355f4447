import { addTariffVersion } from '@csms/app/pricing/tariffs/add-tariff-version';
import { archiveTariff } from '@csms/app/pricing/tariffs/archive-tariff';
import { createTariff } from '@csms/app/pricing/tariffs/create-tariff';
import { getTariff, listTariffs } from '@csms/app/pricing/tariffs/tariff-lookup';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import { pricePreviewRoutes } from './price-preview.ts';
import { tariffAssignmentRoutes } from './tariff-assignments.ts';
import {
  tariffCreateSchema,
  tariffSummaryView,
  tariffVersionCreateSchema,
  tariffVersionView,
  tariffView,
  toTariffSummary,
  toTariffView,
  toVersionView,
} from './tariff-views.ts';

const TAG = 'Tariffs';

/** Tariffs (T1–T3): OCPI-shaped prices in versions that change only after notice. */
const tariffCrudRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/tariffs',
    operationId: 'createTariff',
    summary: 'Create a tariff',
    description:
      'Prices are net decimal strings; `vatRate` defaults to the tenant default VAT rate, `currency` to the ' +
      'tenant currency (no other is accepted). The first version takes effect at once (no earlier price to ' +
      'give notice of). `default: true` makes it the tenant default.',
    tag: TAG,
    roles: ACCESS.operate,
    body: tariffCreateSchema,
    responses: { 201: { description: 'Tariff created with version 1', schema: tariffView } },
    handle: async ({ principal, body, deps }) => {
      const record = await createTariff(deps, principal.tenantId, body);
      return created(toTariffView(record, new Date(record.tariff.createdAt)));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/tariffs',
    operationId: 'listTariffs',
    summary: 'List tariffs',
    description: 'In creation order, without their versions (read one tariff for those).',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery.extend({ status: z.enum(['active', 'archived']).optional() }),
    responses: { 200: { description: 'One page of tariffs', schema: pageOf(tariffSummaryView) } },
    handle: async ({ principal, query, deps }) => {
      const page = await listTariffs(deps, principal.tenantId, query, query.status);
      return ok({ items: page.items.map(toTariffSummary), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/tariffs/{id}',
    operationId: 'getTariff',
    summary: 'Read a tariff with its versions',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The tariff', schema: tariffView } },
    handle: async ({ principal, params, deps }) =>
      ok(toTariffView(await getTariff(deps, principal.tenantId, params.id), deps.clock.now())),
  }),
  route({
    method: 'POST',
    path: '/v1/tariffs/{id}/versions',
    operationId: 'addTariffVersion',
    summary: 'Schedule a price change (a new version)',
    description:
      "T3: a new version takes effect at least the tenant's `priceChangeNoticeDays` ahead; only a price " +
      'decrease (same structure, no price up) may take effect sooner, even at once. Versions are appended ' +
      'after the latest one and never take effect in the past. Sessions are priced by the version in force ' +
      'at their start. Omitted currency, VAT rate and time zone are those of the latest version. A 422 ' +
      'names `effectiveFrom` and the earliest allowed instant.',
    tag: TAG,
    roles: ACCESS.operate,
    body: tariffVersionCreateSchema,
    responses: { 201: { description: 'Version scheduled', schema: tariffVersionView } },
    handle: async ({ principal, params, body, deps }) =>
      created(toVersionView(await addTariffVersion(deps, principal.tenantId, params.id, body))),
  }),
  route({
    method: 'DELETE',
    path: '/v1/tariffs/{id}',
    operationId: 'archiveTariff',
    summary: 'Archive a tariff',
    description:
      'Refused (409) while the tariff is assigned anywhere (tenant default included): reassign those scopes ' +
      'first, so no session silently falls through to another price. An archived tariff keeps its versions ' +
      'and still prices the sessions that started under it; it can no longer be assigned or changed.',
    tag: TAG,
    roles: ACCESS.operate,
    responses: { 200: { description: 'The archived tariff', schema: tariffView } },
    handle: async ({ principal, params, deps }) =>
      ok(toTariffView(await archiveTariff(deps, principal.tenantId, params.id), deps.clock.now())),
  }),
];

export const tariffRoutes: Route[] = [...tariffCrudRoutes, ...tariffAssignmentRoutes, ...pricePreviewRoutes];
