import { type CreditLineSelection, NotFoundError } from '@csms/core';
import type { Deps } from '../../deps.ts';
import { type IssueResult, issueCreditNote } from '../issue.ts';

export interface CreditNoteCommand {
  /** The receipt or invoice to correct. */
  readonly documentId: string;
  readonly reason: string;
  /** Absent: all of the document. */
  readonly lines?: readonly CreditLineSelection[] | undefined;
  /** Names this correction (the request's Idempotency-Key); absent or empty: derived from reason and lines. */
  readonly idempotencyKey?: string | undefined;
}

/** N4: corrects a receipt or invoice with a credit note. */
export async function createCreditNote(
  deps: Pick<Deps, 'documents' | 'clock'>,
  tenantId: string,
  command: CreditNoteCommand,
): Promise<IssueResult> {
  // The header alone answers whether the original exists, before a credit note is looked up by its key.
  const original = await deps.documents.getDocumentHeader(tenantId, command.documentId);
  if (!original) throw new NotFoundError('Document');
  const { idempotencyKey } = command;
  return issueCreditNote(
    deps,
    tenantId,
    command.documentId,
    command.reason,
    command.lines,
    idempotencyKey ? { idempotencyKey } : {},
  );
}
