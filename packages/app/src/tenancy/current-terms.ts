import { currentTermsDocuments, requiredTermsDocuments, type TermsDocument } from '@csms/core';
import type { Deps } from '../deps.ts';

export interface CurrentTerms {
  /** The latest version of each kind in force, with its text (null before the first one). */
  readonly terms: TermsDocument | null;
  readonly privacy: TermsDocument | null;
  /** The version of each kind customers must have accepted (the latest material one), without its text. */
  readonly required: { readonly terms: TermsDocument | null; readonly privacy: TermsDocument | null };
}

/** The Terms and Privacy versions in force now, and those customers must have accepted. */
export async function currentTerms(
  deps: Pick<Deps, 'terms' | 'clock'>,
  tenantId: string,
): Promise<CurrentTerms> {
  const now = deps.clock.now();
  const documents = await deps.terms.listAllTermsDocuments(tenantId);
  const current = currentTermsDocuments(documents, now);
  const required = requiredTermsDocuments(documents, now);
  const full = async (summary: TermsDocument | null) =>
    (summary ? await deps.terms.getTermsDocument(tenantId, summary.id) : undefined) ?? null;
  return {
    terms: await full(current.terms),
    privacy: await full(current.privacy),
    required: { terms: required.terms, privacy: required.privacy },
  };
}
