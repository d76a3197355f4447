import type { TermsDocument } from '@csms/core';
import type { Page, PageRequest } from '@csms/db';
import type { Deps } from '../deps.ts';

/** A page of Terms and Privacy versions, newest first (by `effectiveFrom`), without their texts. */
export async function listTerms(
  deps: Pick<Deps, 'terms'>,
  tenantId: string,
  page: PageRequest,
): Promise<Page<TermsDocument>> {
  return deps.terms.listTermsDocuments(tenantId, page);
}
