import { applyIdTokenPatch, ConflictError, type IdToken, type IdTokenPatch, NotFoundError } from '@csms/core';
import type { Deps } from '../deps.ts';
import { pushBlockedToken } from '../stations/local-auth-list/push-blocked-token.ts';
import { findCustomer } from './customer-lookup.ts';
import { requireIdToken } from './require-id-token.ts';

/**
 * Blocks, unblocks or changes the expiry of a token. A closed customer's tokens cannot be accepted again
 * (409). A block takes effect at the next authorization and is pushed at once to every connected charger
 * holding a local list (I1, best-effort: outcomes on each charger's list state).
 */
export async function changeIdToken(
  deps: Deps,
  tenantId: string,
  idTag: string,
  patch: IdTokenPatch,
): Promise<{ token: IdToken; at: Date }> {
  const token = await requireIdToken(deps, tenantId, idTag);
  if (patch.status === 'Accepted') {
    const customer = await findCustomer(deps, tenantId, token.customerId);
    if (!customer || customer.status === 'closed') {
      throw new ConflictError(`The customer of ID token ${token.idTag} is closed`);
    }
  }
  const at = deps.clock.now();
  const updated = await deps.idTokens.updateIdToken(tenantId, token.idTag, (current) =>
    applyIdTokenPatch(current, patch, at),
  );
  if (!updated) throw new NotFoundError(`ID token ${idTag}`);
  if (updated.status === 'Blocked' && token.status !== 'Blocked') {
    await pushBlockedToken(deps, tenantId, updated, at);
  }
  return { token: updated, at };
}
