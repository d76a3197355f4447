import { currentTerms } from '@csms/app/tenancy/current-terms';
import { getTerms } from '@csms/app/tenancy/get-terms';
import { listTerms } from '@csms/app/tenancy/list-terms';
import { publishTerms } from '@csms/app/tenancy/publish-terms';
import { type TermsDocument, termsPublishSchema } from '@csms/core';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { created, ok, type Route, route } from '../route.ts';
import { listQuery, pageOf } from '../schemas.ts';
import { termsDocumentView, termsSummaryView, toTermsDocument, toTermsSummary } from './terms-view.ts';

const TAG = 'Terms';

/** Terms and Privacy documents, versioned (A1, A2). */
export const termsRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/terms',
    operationId: 'publishTerms',
    summary: 'Publish a Terms or Privacy version',
    description:
      'A `material` version must be accepted again by every customer before their next charge (customers ' +
      'who have not show `termsStatus.upToDate: false` and are refused at the charger). A minor version only ' +
      "needs to be notified: it changes nobody's standing (notification e-mails come with the customer " +
      'e-mail feature). The first version of a kind always needs acceptance. Version labels are unique per kind.',
    tag: TAG,
    roles: ACCESS.admin,
    body: termsPublishSchema,
    responses: { 201: { description: 'Published', schema: termsDocumentView } },
    handle: async ({ principal, body, deps }) => {
      const document = await publishTerms(deps, principal.tenantId, body);
      return created(toTermsDocument(document));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/terms',
    operationId: 'listTerms',
    summary: 'List Terms and Privacy versions',
    description: 'Newest first (by `effectiveFrom`), without their texts.',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery,
    responses: { 200: { description: 'A page of versions', schema: pageOf(termsSummaryView) } },
    handle: async ({ principal, query, deps }) => {
      const page = await listTerms(deps, principal.tenantId, query);
      return ok({ items: page.items.map(toTermsSummary), nextCursor: page.nextCursor });
    },
  }),
  // Declared before `/v1/terms/{id}`, which would otherwise take "current" for an id.
  route({
    method: 'GET',
    path: '/v1/terms/current',
    operationId: 'getCurrentTerms',
    summary: 'Read the Terms and Privacy versions in force',
    description:
      '`terms` and `privacy`: the latest version of each in force (null before the first one). `required`: ' +
      'the version of each that customers must have accepted (the latest material one).',
    tag: TAG,
    roles: ACCESS.read,
    responses: {
      200: {
        description: 'Versions in force',
        schema: z.object({
          terms: termsDocumentView.nullable(),
          privacy: termsDocumentView.nullable(),
          required: z.object({ terms: termsSummaryView.nullable(), privacy: termsSummaryView.nullable() }),
        }),
      },
    },
    handle: async ({ principal, deps }) => {
      const current = await currentTerms(deps, principal.tenantId);
      const document = (d: TermsDocument | null) => (d ? toTermsDocument(d) : null);
      const summary = (d: TermsDocument | null) => (d ? toTermsSummary(d) : null);
      return ok({
        terms: document(current.terms),
        privacy: document(current.privacy),
        required: { terms: summary(current.required.terms), privacy: summary(current.required.privacy) },
      });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/terms/{id}',
    operationId: 'getTerms',
    summary: 'Read a Terms or Privacy version with its text',
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'The version', schema: termsDocumentView } },
    handle: async ({ principal, params, deps }) => {
      return ok(toTermsDocument(await getTerms(deps, principal.tenantId, params.id)));
    },
  }),
];
