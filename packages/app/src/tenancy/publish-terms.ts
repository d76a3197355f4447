import { ConflictError, type TermsDocument, type TermsPublish } from '@csms/core';
import type { Deps } from '../deps.ts';

/**
 * Publishes a Terms or Privacy version (A1, A2), effective now unless told otherwise. Version labels are
 * unique per kind (409).
 */
export async function publishTerms(
  deps: Pick<Deps, 'terms' | 'clock' | 'ids'>,
  tenantId: string,
  command: TermsPublish,
): Promise<TermsDocument> {
  const now = deps.clock.now().toISOString();
  const document: TermsDocument = {
    id: deps.ids.newId('tv'),
    kind: command.kind,
    version: command.version,
    material: command.material,
    ...(command.url === undefined ? {} : { url: command.url }),
    ...(command.text === undefined ? {} : { text: command.text }),
    effectiveFrom: command.effectiveFrom ?? now,
    publishedAt: now,
  };
  if (!(await deps.terms.publishTermsDocument(tenantId, document))) {
    throw new ConflictError(`${command.kind} version ${command.version} is already published`);
  }
  return document;
}
