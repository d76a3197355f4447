import type { Deps } from '@csms/app/deps';
import { datedVersion, withVersions } from '@csms/app/pricing/tariff-resolution';
import {
  ConflictError,
  type FieldIssue,
  NotFoundError,
  newId,
  type TariffVersion,
  tariffVersionSchema,
  ValidationError,
  validateNewVersion,
} from '@csms/core';
import type { StoredTariff, StoredTariffVersion, StoredTenant } from '@csms/db';
import * as z from 'zod';
import { parseWith } from '../request.ts';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import { pricePreviewRoutes } from './price-preview.ts';
import { tariffAssignmentRoutes } from './tariff-assignments.ts';
import { findTariff } from './tariff-lookup.ts';
import {
  needsTimeZone,
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

async function tenantOf(deps: Deps, tenantId: string): Promise<StoredTenant> {
  const tenant = await deps.tenants.getTenant(tenantId);
  if (!tenant) throw new NotFoundError('Tenant');
  return tenant;
}

type VersionInput = Omit<z.infer<typeof tariffVersionCreateSchema>, 'effectiveFrom'>;

/**
 * Completes a version from the request (defaults from `base`) and checks it whole with the core schema,
 * plus what only the API knows: one currency per tenant, an explicit time zone for local-time restrictions.
 */
function completeVersion(
  input: VersionInput,
  base: Pick<TariffVersion, 'currency' | 'vatRate' | 'timeZone'>,
) {
  const issues: FieldIssue[] = [];
  const currency = input.currency ?? base.currency;
  if (currency !== base.currency) {
    issues.push({ field: 'currency', message: `Prices are in the tenant currency, ${base.currency}` });
  }
  if (input.timeZone === undefined && base.timeZone === 'UTC' && needsTimeZone(input.elements)) {
    issues.push({
      field: 'timeZone',
      message: 'Local-time restrictions need the IANA time zone they are read in',
    });
  }
  if (issues.length) throw new ValidationError(issues);
  return parseWith(tariffVersionSchema, {
    currency,
    vatRate: input.vatRate ?? base.vatRate,
    timeZone: input.timeZone ?? base.timeZone,
    elements: input.elements,
    ...(input.idleFee ? { idleFee: input.idleFee } : {}),
    ...(input.minPrice === undefined ? {} : { minPrice: input.minPrice }),
    ...(input.maxPrice === undefined ? {} : { maxPrice: input.maxPrice }),
  });
}

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
      const { tenantId } = principal;
      const tenant = await tenantOf(deps, tenantId);
      const prices = completeVersion(body, {
        currency: tenant.currency,
        vatRate: tenant.settings.defaultVatRate,
        timeZone: 'UTC',
      });
      const now = new Date().toISOString();
      const tariff: StoredTariff = {
        tenantId,
        id: newId('tar'),
        name: body.name,
        status: 'active',
        latestVersion: 1,
        assignmentCount: body.default ? 1 : 0,
        createdAt: now,
        updatedAt: now,
      };
      const version: StoredTariffVersion = {
        ...prices,
        version: 1,
        effectiveFrom: now,
        createdAt: now,
        noticeWaived: false,
      };
      await deps.tariffs.createTariff(tariff, version, body.default ? { level: 'tenant' } : undefined);
      return created(toTariffView({ tariff, versions: [version] }, new Date(now)));
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
      const page = await deps.tariffs.listTariffs(principal.tenantId, query, query.status);
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
      ok(toTariffView(await findTariff(deps, principal.tenantId, params.id), new Date())),
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
    handle: async ({ principal, params, body, deps }) => {
      const { tenantId } = principal;
      const [record, tenant] = await Promise.all([
        findTariff(deps, tenantId, params.id),
        tenantOf(deps, tenantId),
      ]);
      if (record.tariff.status === 'archived') {
        throw new ConflictError(`Tariff ${params.id} is archived; create a new tariff instead`);
      }
      const latest = record.versions.at(-1);
      if (!latest) throw new NotFoundError('Tariff');
      const prices = completeVersion(body, { ...datedVersion(latest), currency: tenant.currency });
      const now = new Date();
      const check = validateNewVersion(
        withVersions(record),
        { ...prices, effectiveFrom: new Date(body.effectiveFrom) },
        now,
        tenant.settings.priceChangeNoticeDays,
      );
      if (!check.ok) {
        throw new ValidationError([{ field: check.error.field, message: check.error.message }]);
      }
      const version: StoredTariffVersion = {
        ...prices,
        version: check.version,
        effectiveFrom: new Date(body.effectiveFrom).toISOString(),
        createdAt: now.toISOString(),
        noticeWaived: check.noticeWaived,
      };
      const outcome = await deps.tariffs.addTariffVersion(tenantId, record.tariff.id, version);
      if (outcome === 'not-found') throw new NotFoundError('Tariff');
      if (outcome === 'archived') throw new ConflictError(`Tariff ${params.id} is archived`);
      if (outcome === 'conflict') {
        throw new ConflictError(`Tariff ${params.id} got another version meanwhile; read it and retry`);
      }
      return created(toVersionView(version));
    },
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
    handle: async ({ principal, params, deps }) => {
      const { tenantId } = principal;
      await findTariff(deps, tenantId, params.id);
      const outcome = await deps.tariffs.archiveTariff(tenantId, params.id, new Date().toISOString());
      if (outcome === 'not-found') throw new NotFoundError('Tariff');
      if (outcome === 'in-use') {
        throw new ConflictError(
          `Tariff ${params.id} is still assigned; assign another tariff to those scopes first`,
        );
      }
      return ok(toTariffView(await findTariff(deps, tenantId, params.id), new Date()));
    },
  }),
];

export const tariffRoutes: Route[] = [...tariffCrudRoutes, ...tariffAssignmentRoutes, ...pricePreviewRoutes];
