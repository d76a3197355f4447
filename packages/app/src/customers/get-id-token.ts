import type { IdToken } from '@csms/core';
import type { Deps } from '../deps.ts';
import { requireIdToken } from './require-id-token.ts';

export async function getIdToken(
  deps: Pick<Deps, 'idTokens' | 'clock'>,
  tenantId: string,
  idTag: string,
): Promise<{ token: IdToken; at: Date }> {
  const token = await requireIdToken(deps, tenantId, idTag);
  return { token, at: deps.clock.now() };
}
