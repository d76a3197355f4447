import type { Deps } from '@csms/app/deps';
import { entriesFor, type LocalListEntry, type LocalListMode, localListEntry } from '@csms/core';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';

/**
 * The entries of a local list from the tenant's tokens: a full list holds every token that may charge now; a
 * differential update every token changed since the charger's list was built (`updatedAt` moves on every
 * change), Blocked and Expired ones included, so a charger forgets them (I1).
 */
export async function buildLocalListEntries(
  deps: Deps,
  tenantId: string,
  mode: LocalListMode,
  changesSince: string | undefined,
  now: Date,
): Promise<LocalListEntry[]> {
  const tokens = await deps.localAuthLists.listAllIdTokens(tenantId);
  const chosen =
    mode === 'full' || changesSince === undefined
      ? tokens
      : tokens.filter((token) => token.updatedAt > changesSince);
  const statuses = await deps.localAuthLists.customerStatuses(
    tenantId,
    chosen.map((token) => token.customerId),
  );
  return entriesFor(
    mode,
    chosen.map((token) => localListEntry(token, statuses.get(token.customerId), now)),
  );
}

type AuthorizationData16 = NonNullable<Ocpp16.SendLocalListRequest['localAuthorizationList']>[number];

/** OCPP 1.6 `AuthorizationData`: the entry's status, expiry and group as `IdTagInfo`. */
export function toAuthorizationData16(entry: LocalListEntry): AuthorizationData16 {
  return {
    idTag: entry.idTag,
    idTagInfo: {
      status: entry.status,
      ...(entry.expiresAt === undefined ? {} : { expiryDate: entry.expiresAt }),
      ...(entry.groupIdTag === undefined ? {} : { parentIdTag: entry.groupIdTag }),
    },
  };
}

/**
 * OCPP 2.0.1 `AuthorizationData`: the same decision as `IdTokenInfo` (Accepted, Blocked and Expired are 2.0.1
 * statuses too), the expiry as `cacheExpiryDateTime`, the group as a `Central` token. An RFID card is sent as
 * `ISO14443`, the type 2.0.1 readers report for it; anything else as `Central`, a token the CSMS vouches for.
 */
export function toAuthorizationData201(entry: LocalListEntry): Ocpp201.AuthorizationData {
  return {
    idToken: { idToken: entry.idTag, type: entry.tokenType === 'RFID' ? 'ISO14443' : 'Central' },
    idTokenInfo: {
      status: entry.status,
      ...(entry.expiresAt === undefined ? {} : { cacheExpiryDateTime: entry.expiresAt }),
      ...(entry.groupIdTag === undefined
        ? {}
        : { groupIdToken: { idToken: entry.groupIdTag, type: 'Central' } }),
    },
  };
}
