import { callChargePoint } from '@csms/app/stations/commands/call-charge-point';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';

/**
 * CSMS-initiated OCPP calls over REST: the body is the OCPP request payload of the action named in the path,
 * validated against the official schema of the charger's OCPP version (422 naming the field). The charger's
 * CALLRESULT comes back as `200 {result}`, a CALLERROR as 502 with its OCPP error code, silence as 504;
 * a charger that is offline or busy with another command answers 409.
 */
export const commandRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/commands/{action}',
    operationId: 'sendCommand',
    summary: 'Send an OCPP command to a charge point',
    description:
      'Any CSMS-initiated action of the charger’s OCPP version (1.6: RemoteStartTransaction, Reset, ' +
      'ChangeConfiguration, TriggerMessage, …). The body is the OCPP request payload.',
    tag: 'Commands',
    roles: ACCESS.operate,
    body: z.record(z.string(), z.unknown()).describe('OCPP request payload of the action'),
    responses: {
      200: {
        description: 'The charger’s answer (CALLRESULT payload)',
        schema: z.object({ result: z.record(z.string(), z.unknown()) }),
      },
    },
    handle: async ({ principal, params, body, deps }) =>
      ok({ result: await callChargePoint(deps, principal.tenantId, params.id, params.action, body) }),
  }),
];
