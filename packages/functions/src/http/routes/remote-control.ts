import { changeAvailability } from '@csms/app/stations/remote-control/availability';
import { remoteStart } from '@csms/app/stations/remote-control/remote-start';
import { remoteStop } from '@csms/app/stations/remote-control/remote-stop';
import { resetChargePoint } from '@csms/app/stations/remote-control/reset';
import { triggerableMessages, triggerMessage } from '@csms/app/stations/remote-control/trigger-message';
import { unlockConnector } from '@csms/app/stations/remote-control/unlock-connector';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';

/**
 * Friendly routes for the common CSMS-initiated calls (I2 app start, remote stop by session, availability,
 * TriggerMessage, Reset, UnlockConnector). Each goes through the command path (`callChargePoint`): the reply is
 * correlated by message id, a charger that is offline or busy is 409, a CALLERROR 502, silence 504. Each speaks
 * the charger's OCPP version (1.6 or 2.0.1); on 2.0.1 `connectorId` is the EVSE id, 0 the whole station.
 */
const TAG = 'Remote control';

const idTagField = z.string().min(1).max(20).describe('OCPP idTag of a token of this tenant');

const remoteStartBody = z
  .strictObject({
    connectorId: z.number().int().min(1).optional().describe('Omitted: the charger picks a connector'),
    idTag: idTagField.optional(),
    customerId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("Start for a customer (I2): one of the customer's accepted, unexpired tokens is used"),
  })
  .superRefine((value, ctx) => {
    if ((value.idTag === undefined) === (value.customerId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['idTag'],
        message: 'Give exactly one of `idTag` and `customerId`',
      });
    }
  });

const remoteStartView = z.object({
  status: z.enum(['Accepted', 'Rejected']).describe("The charger's answer: whether it will try to start"),
  chargePointId: z.string(),
  connectorId: z.number().int().nullable(),
  idTag: z.string(),
  customerId: z.string(),
});

const remoteStopView = z.object({
  status: z.enum(['Accepted', 'Rejected']),
  sessionId: z.string(),
  chargePointId: z.string(),
  transactionId: z
    .union([z.number().int(), z.string()])
    .describe('1.6: integer; 2.0.1: the charger’s string'),
});

const availabilityBody = z.strictObject({
  connectorId: z.number().int().min(0).describe('0: the whole charger; on 2.0.1 the EVSE id'),
  type: z.enum(['Inoperative', 'Operative']),
});

const triggerBody = z.strictObject({
  requestedMessage: z
    .enum([...new Set([...triggerableMessages['ocpp1.6'], ...triggerableMessages['ocpp2.0.1']])])
    .describe(
      `Valid for the charger's version (422 otherwise). 1.6: ${triggerableMessages['ocpp1.6'].join(', ')}. ` +
        `2.0.1: ${triggerableMessages['ocpp2.0.1'].join(', ')}`,
    ),
  connectorId: z.number().int().min(0).optional().describe('1.6: the connector; 2.0.1: the EVSE id'),
});

const resetBody = z.strictObject({
  type: z.enum(['Hard', 'Soft']).describe('2.0.1: Hard is sent as Immediate, Soft as OnIdle'),
  connectorId: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('2.0.1 only: reset this EVSE rather than the station (422 on 1.6)'),
});

const unlockBody = z.strictObject({
  connectorId: z.number().int().min(1).describe('1.6: the connector; 2.0.1: the EVSE id (its connector 1)'),
});

export const remoteControlRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/remote-start',
    operationId: 'remoteStartTransaction',
    summary: 'Start charging remotely for a token or a customer',
    description:
      'RemoteStartTransaction (OCPP 1.6) or RequestStartTransaction (2.0.1, with a `remoteStartId` that links ' +
      'the transaction to this driver). Rule I4 is applied first (the same check as OCPP Authorize): a token or ' +
      'customer that may not charge is refused with 409 and nothing is sent; an unknown idTag or customer is ' +
      '422. A charger in maintenance is 409. `connectorId` is the EVSE id on 2.0.1. The session appears when ' +
      'the charger reports the start.',
    tag: TAG,
    roles: ACCESS.operate,
    body: remoteStartBody,
    responses: { 200: { description: "The charger's answer", schema: remoteStartView } },
    handle: async ({ principal, params, body, deps }) =>
      ok(await remoteStart(deps, principal.tenantId, params.id, body)),
  }),
  route({
    method: 'POST',
    path: '/v1/sessions/{id}/remote-stop',
    operationId: 'remoteStopTransaction',
    summary: 'Stop a running session remotely',
    description:
      'RemoteStopTransaction (1.6) or RequestStopTransaction (2.0.1) with the transaction id of the session. ' +
      '409 when the session is not active. The session is completed when the charger reports the end.',
    tag: TAG,
    roles: ACCESS.operate,
    responses: { 200: { description: "The charger's answer", schema: remoteStopView } },
    handle: async ({ principal, params, deps }) => ok(await remoteStop(deps, principal.tenantId, params.id)),
  }),
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/availability',
    operationId: 'changeAvailability',
    summary: 'Make a connector (or the whole charger) operative or inoperative',
    description:
      'ChangeAvailability. `Scheduled`: the charger applies it when the running transaction ends. On 2.0.1 ' +
      '`type` is sent as `operationalStatus`, and `connectorId` names the EVSE (`evse.id`; 0: none, the whole ' +
      'station). For maintenance use PATCH /v1/charge-points/{id} `maintenance`, which also remembers it across ' +
      'reconnects.',
    tag: TAG,
    roles: ACCESS.operate,
    body: availabilityBody,
    responses: {
      200: {
        description: "The charger's answer",
        schema: z.object({
          connectorId: z.number().int(),
          type: z.enum(['Inoperative', 'Operative']),
          status: z.enum(['Accepted', 'Rejected', 'Scheduled']),
        }),
      },
    },
    handle: async ({ principal, params, body, deps }) =>
      ok(await changeAvailability(deps, principal.tenantId, params.id, body)),
  }),
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/trigger',
    operationId: 'triggerMessage',
    summary: 'Ask the charger to send a message now',
    description:
      'TriggerMessage (RemoteTrigger): the charger answers, then sends the requested message (e.g. a ' +
      'StatusNotification), which is handled as any other. `requestedMessage` must be one the charger’s ' +
      'version defines (422 naming the field otherwise); on 2.0.1 `connectorId` is sent as `evse.id` ' +
      '(0 or absent: the whole station).',
    tag: TAG,
    roles: ACCESS.operate,
    body: triggerBody,
    responses: {
      200: {
        description: "The charger's answer",
        schema: z.object({
          requestedMessage: z.string(),
          connectorId: z.number().int().nullable(),
          status: z.enum(['Accepted', 'Rejected', 'NotImplemented']),
        }),
      },
    },
    handle: async ({ principal, params, body, deps }) => {
      const outcome = await triggerMessage(deps, principal.tenantId, params.id, body);
      return ok({
        requestedMessage: outcome.requestedMessage,
        connectorId: outcome.connectorId ?? null,
        status: outcome.status,
      });
    },
  }),
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/reset',
    operationId: 'resetChargePoint',
    summary: 'Restart the charger (or, on 2.0.1, one EVSE)',
    description:
      'Reset. OCPP 1.6: `type` as given (Hard: restart now; Soft: end transactions gracefully, then restart). ' +
      'OCPP 2.0.1 has other types, mapped: Hard → `Immediate` (restart now, ending transactions), Soft → ' +
      '`OnIdle` (restart once no transaction runs; the charger may answer `Scheduled`). `connectorId` resets ' +
      'one EVSE (`evseId`) on 2.0.1; a 1.6 charger resets only as a whole (422).',
    tag: TAG,
    roles: ACCESS.operate,
    body: resetBody,
    responses: {
      200: {
        description: "The charger's answer",
        schema: z.object({
          type: z.enum(['Hard', 'Soft']),
          connectorId: z.number().int().nullable(),
          status: z.enum(['Accepted', 'Rejected', 'Scheduled']),
        }),
      },
    },
    handle: async ({ principal, params, body, deps }) => {
      const outcome = await resetChargePoint(deps, principal.tenantId, params.id, body);
      return ok({ type: outcome.type, connectorId: outcome.connectorId ?? null, status: outcome.status });
    },
  }),
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/unlock',
    operationId: 'unlockConnector',
    summary: 'Release the cable of a connector',
    description:
      'UnlockConnector. OCPP 1.6: `connectorId`. OCPP 2.0.1: `evseId` = `connectorId`, `connectorId` 1 within ' +
      'that EVSE. The answer is the charger’s: 1.6 Unlocked, UnlockFailed, NotSupported; 2.0.1 Unlocked, ' +
      'UnlockFailed, OngoingAuthorizedTransaction, UnknownConnector.',
    tag: TAG,
    roles: ACCESS.operate,
    body: unlockBody,
    responses: {
      200: {
        description: "The charger's answer",
        schema: z.object({
          connectorId: z.number().int(),
          status: z.enum([
            'Unlocked',
            'UnlockFailed',
            'NotSupported',
            'OngoingAuthorizedTransaction',
            'UnknownConnector',
          ]),
        }),
      },
    },
    handle: async ({ principal, params, body, deps }) =>
      ok(await unlockConnector(deps, principal.tenantId, params.id, body.connectorId)),
  }),
];
