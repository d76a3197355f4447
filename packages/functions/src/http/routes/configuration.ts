import {
  getVariables,
  setVariables,
  type VariablesOutcome,
} from '@csms/app/stations/configuration/variables';
import { Ocpp201 } from '@csms/ocpp';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';

/**
 * OCPP 2.0.1 GetVariables / SetVariables on a connected charger, batched by what its device model says one
 * message may carry (`packages/app/src/stations/configuration/variables.ts`).
 */
const TAG = 'Device model';

/** One request may name up to this many items; they go out in as many messages as the charger needs. */
const MAX_ITEMS = 100;

const target = {
  component: Ocpp201.ComponentType,
  variable: Ocpp201.VariableType,
  attributeType: Ocpp201.AttributeEnumType.optional().describe('Default Actual'),
};

const getBody = z.strictObject({
  items: z.array(z.strictObject(target)).min(1).max(MAX_ITEMS),
});

const setBody = z.strictObject({
  items: z
    .array(z.strictObject({ ...target, attributeValue: z.string().max(1000) }))
    .min(1)
    .max(MAX_ITEMS),
});

const outcomeFields = {
  batches: z.int().describe('How many messages were sent'),
  limits: z.object({
    itemsPerMessage: z.int().describe('DeviceDataCtrlr ItemsPerMessage, else 10'),
    bytesPerMessage: z.int().nullable().describe('DeviceDataCtrlr BytesPerMessage, if known'),
  }),
  incomplete: z
    .object({
      error: z.string(),
      code: z.string().nullable(),
      firstUnanswered: z.int().describe('Index of the first item without a result; the rest got none either'),
    })
    .nullable()
    .describe('A later message failed or time ran out; the items before it have their results'),
};

const outcomeView = <R>(outcome: VariablesOutcome<R>) => ({
  results: outcome.results,
  batches: outcome.batches,
  limits: {
    itemsPerMessage: outcome.limits.itemsPerMessage,
    bytesPerMessage: outcome.limits.bytesPerMessage ?? null,
  },
  incomplete: outcome.incomplete
    ? {
        error: outcome.incomplete.error,
        code: outcome.incomplete.code ?? null,
        firstUnanswered: outcome.incomplete.firstUnanswered,
      }
    : null,
});

const BATCHING =
  'The items go out in as many messages as the charger takes: at most DeviceDataCtrlr `ItemsPerMessage` ' +
  'items and `BytesPerMessage` bytes each, as its stored device model says (else 10 items), one after ' +
  "another; the charger's per-item results come back merged, in order. An offline charger, or one not on " +
  'OCPP 2.0.1, is a 409; a failure of the first message is the error (502, 504); of a later one, `incomplete`.';

export const configurationRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/variables/get',
    operationId: 'getChargePointVariables',
    summary: 'Read variables from a charger (GetVariables)',
    description: `${BATCHING} Accepted values also update GET …/variables.`,
    tag: TAG,
    roles: ACCESS.operate,
    body: getBody,
    responses: {
      200: {
        description: "The charger's results",
        schema: z.object({ results: z.array(Ocpp201.GetVariableResultType), ...outcomeFields }),
      },
    },
    handle: async ({ principal, params, body, deps }) =>
      ok(outcomeView(await getVariables(deps, principal.tenantId, params.id, body.items))),
  }),
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/variables/set',
    operationId: 'setChargePointVariables',
    summary: 'Change variables on a charger (SetVariables)',
    description:
      `${BATCHING} Accepted values also update GET …/variables (RebootRequired ones once the charger reports ` +
      'them). SecurityCtrlr.BasicAuthPassword is refused (422): set it with …/password, which keeps the charger ' +
      'from being locked out.',
    tag: TAG,
    roles: ACCESS.operate,
    body: setBody,
    responses: {
      200: {
        description: "The charger's results",
        schema: z.object({ results: z.array(Ocpp201.SetVariableResultType), ...outcomeFields }),
      },
    },
    handle: async ({ principal, params, body, deps }) =>
      ok(outcomeView(await setVariables(deps, principal.tenantId, params.id, body.items))),
  }),
];
