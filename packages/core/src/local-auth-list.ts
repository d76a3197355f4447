import type { CustomerStatus } from './customer.ts';
import { type IdToken, type IdTokenType, isIdTokenExpired } from './id-token.ts';

/**
 * The local authorization list a charger keeps for offline use (OCPP LocalAuthListManagement), built from the
 * tenant's tokens; version-neutral (OCPP 1.6 `AuthorizationData`, 2.0.1 `AuthorizationData` map onto it).
 */
export type LocalListStatus = 'Accepted' | 'Blocked' | 'Expired';

export interface LocalListEntry {
  readonly idTag: string;
  /** 2.0.1 sends each token with its kind (an RFID card is ISO14443); 1.6 has no such field. */
  readonly tokenType: IdTokenType;
  readonly status: LocalListStatus;
  /** Only on Accepted entries: the charger must stop accepting the token offline after this instant. */
  readonly expiresAt?: string;
  /** Only on Accepted entries: OCPP parentIdTag (the token's group). */
  readonly groupIdTag?: string;
}

export type LocalListMode = 'full' | 'differential';

/**
 * What the charger should know about one token. A token of a customer who may not charge (A3: suspended,
 * blocked, closed) is Blocked on the list too: a list entry lets a charger start offline, without asking us.
 */
export function localListEntry(
  token: IdToken,
  customerStatus: CustomerStatus | undefined,
  now: Date,
): LocalListEntry {
  if (token.status === 'Blocked' || customerStatus !== 'active')
    return { idTag: token.idTag, tokenType: token.type, status: 'Blocked' };
  if (isIdTokenExpired(token, now)) return { idTag: token.idTag, tokenType: token.type, status: 'Expired' };
  return {
    idTag: token.idTag,
    tokenType: token.type,
    status: 'Accepted',
    ...(token.expiresAt === undefined ? {} : { expiresAt: token.expiresAt }),
    ...(token.groupIdTag === undefined ? {} : { groupIdTag: token.groupIdTag }),
  };
}

/**
 * A full list holds only who may charge: anything absent from a full list is unknown to the charger, which
 * then asks the CSMS when online. A differential update also carries Blocked and Expired entries, so a charger
 * that holds the token as Accepted stops accepting it (I1).
 */
export function entriesFor(mode: LocalListMode, entries: readonly LocalListEntry[]): LocalListEntry[] {
  const chosen = mode === 'full' ? entries.filter((entry) => entry.status === 'Accepted') : [...entries];
  return chosen.sort((a, b) => (a.idTag < b.idTag ? -1 : a.idTag > b.idTag ? 1 : 0));
}

/**
 * Splits a list into messages of at most `maxPerMessage` entries (the charger's SendLocalListMaxLength). The
 * first message of a full list replaces the charger's list; the rest are sent as differential updates.
 */
export function chunkEntries(
  entries: readonly LocalListEntry[],
  maxPerMessage: number | undefined,
): LocalListEntry[][] {
  if (!maxPerMessage || maxPerMessage <= 0 || entries.length <= maxPerMessage) return [[...entries]];
  const chunks: LocalListEntry[][] = [];
  for (let i = 0; i < entries.length; i += maxPerMessage) chunks.push(entries.slice(i, i + maxPerMessage));
  return chunks;
}
