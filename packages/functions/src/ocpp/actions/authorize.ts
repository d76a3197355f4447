import { authorizeIdTag, idTagInfo } from '@csms/app/authorization/authorize-id-tag';
import type { Ocpp16 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

export const authorize16: ActionHandler<Ocpp16.AuthorizeRequest, Ocpp16.AuthorizeResponse> = async (
  context,
  request,
) => {
  const { deps } = context;
  const { decision } = await authorizeIdTag(deps, context.tenantId, request.idTag, context.receivedAt);
  return { idTagInfo: idTagInfo(decision) };
};
