import { ConflictError, ValidationError } from '@csms/core';
import type { UpdateOutcome } from '@csms/db';

/** A site id that names no site of the tenant is a field error (422), like any other unknown reference. */
export const unknownSite = (): ValidationError =>
  new ValidationError([{ field: 'siteId', in: 'body', message: 'No such site in this tenant' }]);

/** Turns a refused registration write into the error the caller sees; `updated` passes. */
export function settleUpdate(outcome: UpdateOutcome, id: string): void {
  if (outcome === 'unknown-site') throw unknownSite();
  if (outcome === 'conflict')
    throw new ConflictError(`Charge point ${id} changed meanwhile; read it and retry`);
}
