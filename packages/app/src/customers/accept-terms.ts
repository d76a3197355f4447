import {
  ConflictError,
  NotFoundError,
  type TermsAcceptance,
  type TermsStatus,
  termsStatusOf,
  ValidationError,
} from '@csms/core';
import type { Deps } from '../deps.ts';
import { plausibleId, requireCustomer } from './customer-lookup.ts';

export interface AcceptedTerms {
  /** The acceptance recorded now, or the first one when the version was accepted before. */
  readonly acceptance: TermsAcceptance;
  /** False when the version had been accepted already. */
  readonly isNew: boolean;
  /** The customer's standing after it (A1: every material version in force accepted). */
  readonly termsStatus: TermsStatus;
}

/** Records that a customer accepted a Terms or Privacy version; accepting one twice keeps the first. */
export async function acceptTerms(
  deps: Pick<Deps, 'customers' | 'terms' | 'clock'>,
  tenantId: string,
  customerId: string,
  command: { termsId: string },
): Promise<AcceptedTerms> {
  const now = deps.clock.now();
  await requireCustomer(deps, tenantId, customerId);
  const document = plausibleId(command.termsId)
    ? await deps.terms.getTermsDocument(tenantId, command.termsId)
    : undefined;
  if (!document) {
    throw new ValidationError([{ field: 'termsId', message: `Unknown Terms document ${command.termsId}` }]);
  }
  let acceptance: TermsAcceptance | undefined;
  let isNew = false;
  const updated = await deps.customers.updateCustomer(tenantId, customerId, (current) => {
    isNew = false;
    acceptance = current.termsAcceptances.find((a) => a.termsId === document.id);
    if (acceptance) return undefined;
    if (current.status === 'closed') throw new ConflictError(`Customer ${customerId} is closed`);
    acceptance = {
      termsId: document.id,
      kind: document.kind,
      version: document.version,
      acceptedAt: now.toISOString(),
    };
    isNew = true;
    return {
      next: {
        ...current,
        termsAcceptances: [...current.termsAcceptances, acceptance],
        updatedAt: now.toISOString(),
      },
    };
  });
  if (!updated || !acceptance) throw new NotFoundError(`Customer ${customerId}`);
  const termsStatus = termsStatusOf(
    await deps.terms.listAllTermsDocuments(tenantId),
    updated.termsAcceptances,
    now,
  );
  return { acceptance, isNew, termsStatus };
}
