import { type IdToken, idTagSchema, NotFoundError } from '@csms/core';
import type { Deps } from '../deps.ts';

/** A token of the tenant, by idTag in any letter case; a malformed idTag cannot exist (404). */
export async function requireIdToken(
  deps: Pick<Deps, 'idTokens'>,
  tenantId: string,
  idTag: string,
): Promise<IdToken> {
  const token = idTagSchema.safeParse(idTag).success
    ? await deps.idTokens.getIdToken(tenantId, idTag)
    : undefined;
  if (!token) throw new NotFoundError(`ID token ${idTag}`);
  return token;
}
