import type { Deps } from '@csms/app/deps';
import {
  type AuthorizationDecision,
  ConflictError,
  type IdToken,
  type IdTokenType,
  isIdTokenExpired,
  ValidationError,
} from '@csms/core';
import { authorizeIdTag } from '../../authorization/authorize-id-tag.ts';

/**
 * Who a remote start or a reservation is for: an idTag, or a customer (I2: the app starts for a customer),
 * for whom one of their own tokens is picked. Either way rule I4 decides first, through the same
 * `authorizeIdTag` as OCPP Authorize and StartTransaction: the charger is never asked to start (or hold a
 * connector) for someone it would then refuse.
 */
export interface IdTagChoice {
  readonly idTag?: string | undefined;
  readonly customerId?: string | undefined;
}

export interface AuthorizedIdTag {
  readonly idTag: string;
  readonly customerId: string;
  readonly groupIdTag?: string;
  /** How the token is presented: an OCPP 2.0.1 reservation must name an RFID card as the reader will read it. */
  readonly type: IdTokenType;
  readonly decision: AuthorizationDecision;
}

const plausibleId = (id: string) => /^[A-Za-z0-9_-]{1,64}$/.test(id);

/** RFID cards before vehicle ids (a remote start is for a person), then the oldest card: a stable choice. */
function pickToken(tokens: readonly IdToken[], now: Date): IdToken | undefined {
  return tokens
    .filter((token) => token.status === 'Accepted' && !isIdTokenExpired(token, now))
    .sort(
      (a, b) =>
        Number(a.type !== 'RFID') - Number(b.type !== 'RFID') || a.createdAt.localeCompare(b.createdAt),
    )[0];
}

export async function resolveAuthorizedIdTag(
  deps: Deps,
  tenantId: string,
  choice: IdTagChoice,
  now: Date,
): Promise<AuthorizedIdTag> {
  let idTag = choice.idTag;
  if (idTag === undefined) {
    const customerId = choice.customerId ?? '';
    const customer = plausibleId(customerId)
      ? await deps.customers.getCustomer(tenantId, customerId)
      : undefined;
    if (!customer) {
      throw new ValidationError([{ field: 'customerId', message: 'No such customer in this tenant' }]);
    }
    const token = pickToken(await deps.idTokens.listAllIdTokensOfCustomer(tenantId, customer.id), now);
    if (!token) throw new ConflictError(`Customer ${customer.id} has no accepted, unexpired ID token`);
    idTag = token.idTag;
  }
  const { decision, token } = await authorizeIdTag(deps, tenantId, idTag, now);
  if (!token) throw new ValidationError([{ field: 'idTag', message: 'No such ID token in this tenant' }]);
  if (decision.status !== 'Accepted') {
    throw new ConflictError(
      `ID token ${token.idTag} may not charge: ${decision.status} (${decision.reason})`,
    );
  }
  return {
    idTag: token.idTag,
    customerId: token.customerId,
    ...(token.groupIdTag === undefined ? {} : { groupIdTag: token.groupIdTag }),
    type: token.type,
    decision,
  };
}
