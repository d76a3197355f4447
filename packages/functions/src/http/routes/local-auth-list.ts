import { readLocalListState } from '@csms/app/stations/local-auth-list/state';
import { syncLocalList } from '@csms/app/stations/local-auth-list/sync';
import type { LocalListSyncRecord } from '@csms/db';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';
import { isoTimestamp } from '../schemas.ts';

/** LocalAuthListManagement: a charger's list of tokens for offline use, built from the tenant's tokens. */
const TAG = 'Local authorization list';

const syncView = z
  .object({
    mode: z.enum(['full', 'differential']),
    trigger: z
      .enum(['api', 'token-blocked'])
      .describe('`token-blocked`: pushed when a token was blocked (I1)'),
    at: isoTimestamp,
    outcome: z
      .enum([
        'Accepted',
        'Failed',
        'NotSupported',
        'VersionMismatch',
        'not-connected',
        'busy',
        'no-answer',
        'error',
        'too-long',
        'unchanged',
      ])
      .describe("The charger's answer (capitalised), or why it gave none"),
    listVersion: z.number().int().nullable().describe('The version sent in the last message'),
    entries: z.number().int(),
    messages: z.number().int().describe('SendLocalList messages sent (a long list is split)'),
    idTag: z.string().nullable().describe('The token pushed when it was blocked'),
    detail: z.string().nullable(),
    fallbackFrom: z
      .enum(['full', 'differential'])
      .nullable()
      .describe('`differential`: the charger answered VersionMismatch, so the full list was sent'),
  })
  .meta({ id: 'LocalListSync' });

const toSyncView = (record: LocalListSyncRecord): z.infer<typeof syncView> => ({
  mode: record.mode,
  trigger: record.trigger,
  at: record.at,
  outcome: record.outcome,
  listVersion: record.listVersion ?? null,
  entries: record.entries,
  messages: record.messages,
  idTag: record.idTag ?? null,
  detail: record.detail ?? null,
  fallbackFrom: record.fallbackFrom ?? null,
});

const localListView = z.object({
  chargePointId: z.string(),
  listVersion: z
    .number()
    .int()
    .nullable()
    .describe('The version the charger accepted last; null until it accepted a list'),
  changesSince: isoTimestamp
    .nullable()
    .describe('Tokens changed after this instant go with the next differential update'),
  limits: z
    .object({
      sendLocalListMaxLength: z
        .number()
        .int()
        .nullable()
        .describe('Entries per message (2.0.1: ItemsPerMessage)'),
      localAuthListMaxLength: z.number().int().nullable().describe('Entries in all (1.6 only)'),
      bytesPerMessage: z.number().int().nullable().describe('Bytes per message (2.0.1 only)'),
      checkedAt: isoTimestamp,
    })
    .nullable()
    .describe(
      "The charger's limits, from GetConfiguration (2.0.1: GetVariables); null values: it did not say",
    ),
  lastSync: syncView.nullable(),
  lastPush: syncView.nullable().describe('The last blocked token pushed to this charger (I1)'),
});

export const localAuthListRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/local-list/sync',
    operationId: 'syncLocalList',
    summary: 'Send the charger its local authorization list',
    description:
      "SendLocalList built from the tenant's tokens. `full` (default): every token that may charge now " +
      '(Accepted, with expiry and group as IdTagInfo). `differential`: the tokens changed since the last list the ' +
      'charger accepted, blocked and expired ones included; without such a list, or when the charger answers ' +
      'VersionMismatch, the full list is sent. The version is tracked per charger. A list longer than the ' +
      "charger's SendLocalListMaxLength is split; one longer than its LocalAuthListMaxLength is refused (409). " +
      'OCPP 2.0.1 chargers get the same list as `versionNumber` and typed idTokens (RFID cards `ISO14443`, ' +
      'other tokens `Central`; expiry as `cacheExpiryDateTime`, group as a `Central` `groupIdToken`), split by ' +
      "their LocalAuthListCtrlr ItemsPerMessage and BytesPerMessage. The charger's answer is the `outcome`; " +
      'no answer is 504, a CALLERROR 502.',
    tag: TAG,
    roles: ACCESS.operate,
    body: z.strictObject({ mode: z.enum(['full', 'differential']).default('full') }),
    responses: { 200: { description: 'What was sent and the charger’s answer', schema: syncView } },
    handle: async ({ principal, params, body, deps }) =>
      ok(toSyncView(await syncLocalList(deps, principal.tenantId, params.id, body.mode))),
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/local-list',
    operationId: 'getLocalList',
    summary: "The charger's local list version and last sync",
    tag: TAG,
    roles: ACCESS.read,
    responses: { 200: { description: 'Local list state', schema: localListView } },
    handle: async ({ principal, params, deps }) => {
      const { chargePointId, state } = await readLocalListState(deps, principal.tenantId, params.id);
      return ok({
        chargePointId,
        listVersion: state?.listVersion ?? null,
        changesSince: state?.changesSince ?? null,
        limits: state?.limits
          ? {
              sendLocalListMaxLength: state.limits.sendLocalListMaxLength ?? null,
              localAuthListMaxLength: state.limits.localAuthListMaxLength ?? null,
              bytesPerMessage: state.limits.bytesPerMessage ?? null,
              checkedAt: state.limits.checkedAt,
            }
          : null,
        lastSync: state?.lastSync ? toSyncView(state.lastSync) : null,
        lastPush: state?.lastPush ? toSyncView(state.lastPush) : null,
      });
    },
  }),
];
