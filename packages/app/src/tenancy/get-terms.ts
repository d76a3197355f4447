import { NotFoundError, type TermsDocument } from '@csms/core';
import { plausibleId } from '../customers/customer-lookup.ts';
import type { Deps } from '../deps.ts';

/** One Terms or Privacy version with its text; 404 when unknown. */
export async function getTerms(
  deps: Pick<Deps, 'terms'>,
  tenantId: string,
  termsId: string,
): Promise<TermsDocument> {
  const document = plausibleId(termsId) ? await deps.terms.getTermsDocument(tenantId, termsId) : undefined;
  if (!document) throw new NotFoundError(`Terms document ${termsId}`);
  return document;
}
