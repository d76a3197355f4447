import { authorizeAtCharger, authorizeIdTag, idTagInfo } from '@csms/app/authorization/authorize-id-tag';
import type { AuthorizationDecision } from '@csms/core';
import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

export const authorize16: ActionHandler<Ocpp16.AuthorizeRequest, Ocpp16.AuthorizeResponse> = async (
  context,
  request,
) => {
  const { deps } = context;
  const { decision } = await authorizeIdTag(deps, context.tenantId, request.idTag, context.receivedAt);
  return { idTagInfo: idTagInfo(decision) };
};

/**
 * OCPP 2.0.1 `IdTokenInfo` from a decision. 2.0.1 can say more than 1.6: a token nobody issued is `Unknown`
 * (not `Invalid`), and a driver refused only for lack of a payment means is `NoCredit`, so the charger can
 * tell them to add one. The group token is the CSMS's own (`Central`); the price text goes in the personal
 * message.
 */
export function idTokenInfo201(decision: AuthorizationDecision, priceText?: string): Ocpp201.IdTokenInfoType {
  return {
    status: status201(decision),
    ...(decision.expiresAt ? { cacheExpiryDateTime: decision.expiresAt } : {}),
    ...(decision.groupIdTag ? { groupIdToken: { idToken: decision.groupIdTag, type: 'Central' } } : {}),
    ...(priceText ? { personalMessage: { format: 'UTF8', content: priceText.slice(0, 512) } } : {}),
  };
}

function status201(decision: AuthorizationDecision): Ocpp201.AuthorizationStatusEnumType {
  if (decision.reason === 'unknown-token') return 'Unknown';
  if (decision.reason === 'no-payment-means') return 'NoCredit';
  return decision.status;
}

/** Every idToken type is looked up by its value: RFID cards (ISO14443/ISO15693), key codes, eMAIDs, MACs. */
export const authorize201: ActionHandler<Ocpp201.AuthorizeRequest, Ocpp201.AuthorizeResponse> = async (
  context,
  request,
) => {
  const { decision, priceText } = await authorizeAtCharger(context.deps, {
    tenantId: context.tenantId,
    chargePointId: context.chargePointId,
    idTag: request.idToken.idToken,
    now: context.receivedAt,
  });
  return { idTokenInfo: idTokenInfo201(decision, priceText) };
};
