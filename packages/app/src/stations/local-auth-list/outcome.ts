import { ConflictError, type DomainError, UpstreamError, UpstreamTimeoutError } from '@csms/core';
import type { LocalListOutcome } from '@csms/db';

/** How a failed SendLocalList is recorded: the charger's state stays as it was, the reason is kept. */
export function failedOutcome(error: DomainError): { outcome: LocalListOutcome; detail: string } {
  if (error instanceof UpstreamError) return { outcome: 'error', detail: `CALLERROR ${error.code}` };
  if (error instanceof UpstreamTimeoutError) return { outcome: 'no-answer', detail: error.message };
  if (error instanceof ConflictError) {
    return /not connected/.test(error.message)
      ? { outcome: 'not-connected', detail: error.message }
      : { outcome: 'busy', detail: error.message };
  }
  return { outcome: 'error', detail: error.message };
}
