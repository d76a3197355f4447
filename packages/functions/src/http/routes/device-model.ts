import {
  listCustomerInformation,
  listDeviceEvents,
  listDisplayMessages,
  listMonitors,
  listReportedChargingProfiles,
  listReportRequests,
  listVariables,
} from '@csms/app/stations/device-model/queries';
import { requestReport } from '@csms/app/stations/device-model/request-report';
import type {
  DeviceComponentRef,
  DeviceEvent,
  DeviceReportRequest,
  DeviceVariableRef,
  ReportedMonitor,
  StoredVariable,
} from '@csms/db';
import { Ocpp201 } from '@csms/ocpp';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';
import { isoTimestamp, listQuery, pageOf } from '../schemas.ts';

/**
 * OCPP 2.0.1 device model: the variables, monitors and events a charger reported, the reports asked of it, and
 * what it reported holding (charging profiles, display messages, customer information).
 */
const TAG = 'Device model';

const componentView = z
  .object({
    name: z.string(),
    instance: z.string().nullable(),
    evse: z
      .object({ id: z.number().int(), connectorId: z.number().int().nullable() })
      .nullable()
      .describe('Set for a component of one EVSE (and connector)'),
  })
  .meta({ id: 'DeviceComponent' });

const variableRefView = z.object({ name: z.string(), instance: z.string().nullable() });

const toComponentView = (component: DeviceComponentRef): z.infer<typeof componentView> => ({
  name: component.name,
  instance: component.instance ?? null,
  evse:
    component.evseId === undefined
      ? null
      : { id: component.evseId, connectorId: component.connectorId ?? null },
});

const toVariableRefView = (variable: DeviceVariableRef): z.infer<typeof variableRefView> => ({
  name: variable.name,
  instance: variable.instance ?? null,
});

const variableView = z
  .object({
    component: componentView,
    variable: variableRefView,
    attributes: z.array(
      z.object({
        type: Ocpp201.AttributeEnumType,
        value: z.string().nullable().describe('Absent for a WriteOnly variable'),
        mutability: Ocpp201.MutabilityEnumType,
        persistent: z.boolean(),
        constant: z.boolean(),
        reportedAt: isoTimestamp.describe('`generatedAt` of the report part that said it'),
      }),
    ),
    characteristics: z
      .object({
        unit: z.string().nullable(),
        dataType: z.string().describe('OCPP DataEnumType, e.g. `integer`, `OptionList`'),
        minLimit: z.number().nullable(),
        maxLimit: z.number().nullable(),
        valuesList: z.array(z.string()).nullable().describe('OptionList / MemberList / SequenceList values'),
        supportsMonitoring: z.boolean(),
      })
      .nullable(),
    reportedAt: isoTimestamp,
    requestId: z.number().int().describe('The report that wrote this variable last'),
  })
  .meta({ id: 'DeviceVariable' });

/** OCPP's defaults are applied where the charger left a field out (ReadWrite, not persistent, not constant). */
const toVariableView = (stored: StoredVariable): z.infer<typeof variableView> => ({
  component: toComponentView(stored.component),
  variable: toVariableRefView(stored.variable),
  attributes: stored.attributes.map((attribute) => ({
    type: attribute.type,
    value: attribute.value ?? null,
    mutability: attribute.mutability ?? 'ReadWrite',
    persistent: attribute.persistent ?? false,
    constant: attribute.constant ?? false,
    reportedAt: attribute.reportedAt,
  })),
  characteristics: stored.characteristics
    ? {
        unit: stored.characteristics.unit ?? null,
        dataType: stored.characteristics.dataType,
        minLimit: stored.characteristics.minLimit ?? null,
        maxLimit: stored.characteristics.maxLimit ?? null,
        valuesList:
          stored.characteristics.valuesList === undefined
            ? null
            : stored.characteristics.valuesList.split(',').map((value) => value.trim()),
        supportsMonitoring: stored.characteristics.supportsMonitoring,
      }
    : null,
  reportedAt: stored.reportedAt,
  requestId: stored.requestId,
});

const statusInfoView = z.object({ reasonCode: z.string(), additionalInfo: z.string().nullable() });

const reportRequestView = z
  .object({
    requestId: z.number().int(),
    status: z
      .enum(['requested', 'receiving', 'complete', 'rejected', 'failed'])
      .describe(
        '`complete` once the last part (`tbc` false) and every part before it arrived, in any order; ' +
          '`rejected`: the charger refused; `failed`: no answer or an error',
      ),
    reportBase: Ocpp201.ReportBaseEnumType.nullable(),
    criteria: z.record(z.string(), z.unknown()).nullable().describe('GetReport: the criteria as sent'),
    requestedAt: isoTimestamp.nullable().describe('Null for a request sent another way (raw command)'),
    chargerStatus: Ocpp201.GenericDeviceModelStatusEnumType.nullable(),
    statusInfo: statusInfoView.nullable(),
    error: z.string().nullable(),
    partsReceived: z.number().int(),
    lastSeqNo: z.number().int().nullable().describe('Known once the last part arrived'),
    completedAt: isoTimestamp.nullable(),
  })
  .meta({ id: 'DeviceReportRequest' });

const toStatusInfoView = (info: Record<string, unknown> | undefined) =>
  info === undefined
    ? null
    : {
        reasonCode: String(info.reasonCode ?? ''),
        additionalInfo: typeof info.additionalInfo === 'string' ? info.additionalInfo : null,
      };

const toReportRequestView = (request: DeviceReportRequest): z.infer<typeof reportRequestView> => ({
  requestId: request.requestId,
  status: request.status,
  reportBase: (request.reportBase as Ocpp201.ReportBaseEnumType | undefined) ?? null,
  criteria: request.criteria ?? null,
  requestedAt: request.requestedAt ?? null,
  chargerStatus: (request.chargerStatus as Ocpp201.GenericDeviceModelStatusEnumType | undefined) ?? null,
  statusInfo: toStatusInfoView(request.statusInfo),
  error: request.error ?? null,
  partsReceived: request.seqNos.length,
  lastSeqNo: request.lastSeqNo ?? null,
  completedAt: request.completedAt ?? null,
});

const monitorView = z
  .object({
    id: z.number().int(),
    component: componentView,
    variable: variableRefView,
    type: Ocpp201.MonitorEnumType,
    value: z.number(),
    severity: z.number().int().describe('0 (Danger) … 9 (Debug)'),
    transaction: z.boolean().describe('Only active while a transaction runs'),
    requestId: z.number().int(),
    reportedAt: isoTimestamp,
  })
  .meta({ id: 'DeviceMonitor' });

const toMonitorView = (monitor: ReportedMonitor): z.infer<typeof monitorView> => ({
  id: monitor.id,
  component: toComponentView(monitor.component),
  variable: toVariableRefView(monitor.variable),
  type: monitor.type as Ocpp201.MonitorEnumType,
  value: monitor.value,
  severity: monitor.severity,
  transaction: monitor.transaction,
  requestId: monitor.requestId,
  reportedAt: monitor.reportedAt,
});

const eventView = z
  .object({
    eventId: z.number().int(),
    timestamp: isoTimestamp.describe("When it happened, by the charger's clock"),
    trigger: Ocpp201.EventTriggerEnumType,
    cause: z.number().int().nullable().describe('The eventId of the event that caused this one'),
    actualValue: z.string(),
    techCode: z.string().nullable(),
    techInfo: z.string().nullable(),
    cleared: z.boolean().describe('The condition that raised an earlier event has cleared'),
    transactionId: z.string().nullable(),
    component: componentView,
    variable: variableRefView,
    variableMonitoringId: z.number().int().nullable(),
    eventNotificationType: Ocpp201.EventNotificationEnumType,
    receivedAt: isoTimestamp,
  })
  .meta({ id: 'DeviceEvent' });

const toEventView = (event: DeviceEvent): z.infer<typeof eventView> => ({
  eventId: event.eventId,
  timestamp: event.timestamp,
  trigger: event.trigger as Ocpp201.EventTriggerEnumType,
  cause: event.cause ?? null,
  actualValue: event.actualValue,
  techCode: event.techCode ?? null,
  techInfo: event.techInfo ?? null,
  cleared: event.cleared ?? false,
  transactionId: event.transactionId ?? null,
  component: toComponentView(event.component),
  variable: toVariableRefView(event.variable),
  variableMonitoringId: event.variableMonitoringId ?? null,
  eventNotificationType: event.eventNotificationType as Ocpp201.EventNotificationEnumType,
  receivedAt: event.receivedAt,
});

const ocppJson = z.record(z.string(), z.unknown());

const reportBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('base'),
    reportBase: Ocpp201.ReportBaseEnumType,
  }),
  z
    .strictObject({
      kind: z.literal('criteria'),
      componentVariable: z
        .array(Ocpp201.ComponentVariableType)
        .min(1)
        .optional()
        .describe('Components (and optionally one variable each) to report'),
      componentCriteria: z
        .array(Ocpp201.ComponentCriterionEnumType)
        .min(1)
        .max(4)
        .optional()
        .describe('Only components that are Active, Available, Enabled or have a Problem'),
    })
    .refine((body) => body.componentVariable !== undefined || body.componentCriteria !== undefined, {
      message: 'Give componentVariable, componentCriteria or both (or ask for a base report)',
      path: ['componentVariable'],
    }),
]);

export const deviceModelRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/variables',
    operationId: 'listDeviceVariables',
    summary: "A charger's device model variables",
    description:
      'What the charger reported in NotifyReport (OCPP 2.0.1), one entry per component and variable, by ' +
      'component then variable. The newest report wins per attribute type; a completed FullInventory removes ' +
      'variables the charger no longer names. `component` and `variable` match names case-insensitively ' +
      '(every instance and EVSE of a component); a page filtered by `variable` may hold fewer than `limit` ' +
      'items while `nextCursor` is non-null.',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery.extend({
      component: z
        .string()
        .min(1)
        .max(50)
        .optional()
        .describe('Component name, e.g. `EVSE`, `OCPPCommCtrlr`'),
      variable: z.string().min(1).max(50).optional().describe('Variable name, e.g. `HeartbeatInterval`'),
    }),
    responses: { 200: { description: 'A page of variables', schema: pageOf(variableView) } },
    handle: async ({ principal, params, query, deps }) => {
      const page = await listVariables(deps, principal.tenantId, params.id, query);
      return ok({ items: page.items.map(toVariableView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'POST',
    path: '/v1/charge-points/{id}/reports',
    operationId: 'requestDeviceReport',
    summary: 'Ask a charger for a device model report',
    description:
      '`kind: base` sends GetBaseReport (FullInventory, ConfigurationInventory, SummaryInventory); `kind: ' +
      'criteria` sends GetReport with `componentVariable` and/or `componentCriteria`. Each request gets a fresh ' +
      'requestId; the charger then sends NotifyReport parts, which fill GET …/variables, and GET …/reports shows ' +
      "how far the report has come. 202 with the charger's answer (also when it is not `Accepted`); a charger " +
      'that is offline, busy or not on OCPP 2.0.1 is a 409, silence a 504.',
    tag: TAG,
    roles: ACCESS.operate,
    body: reportBody,
    responses: {
      202: {
        description: "The request's id and the charger's answer",
        schema: z.object({
          requestId: z.number().int(),
          status: Ocpp201.GenericDeviceModelStatusEnumType,
          statusInfo: statusInfoView.nullable(),
        }),
      },
    },
    handle: async ({ principal, params, body, deps }) => {
      const requested = await requestReport(deps, principal.tenantId, params.id, body);
      return {
        status: 202,
        body: {
          requestId: requested.requestId,
          status: requested.status,
          statusInfo: toStatusInfoView(requested.statusInfo),
        },
      };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/reports',
    operationId: 'listDeviceReports',
    summary: 'Device model reports asked of a charger, newest first',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery,
    responses: { 200: { description: 'A page of report requests', schema: pageOf(reportRequestView) } },
    handle: async ({ principal, params, query, deps }) => {
      const page = await listReportRequests(deps, principal.tenantId, params.id, query);
      return ok({ items: page.items.map(toReportRequestView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/monitors',
    operationId: 'listDeviceMonitors',
    summary: "A charger's variable monitors",
    description: 'What the charger reported in NotifyMonitoringReport, by monitor id.',
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery,
    responses: { 200: { description: 'A page of monitors', schema: pageOf(monitorView) } },
    handle: async ({ principal, params, query, deps }) => {
      const page = await listMonitors(deps, principal.tenantId, params.id, query);
      return ok({ items: page.items.map(toMonitorView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/events',
    operationId: 'listDeviceEvents',
    summary: "A charger's device model events, newest first",
    description: "NotifyEvent, ordered by the charger's timestamp and kept for 90 days.",
    tag: TAG,
    roles: ACCESS.read,
    query: listQuery,
    responses: { 200: { description: 'A page of events', schema: pageOf(eventView) } },
    handle: async ({ principal, params, query, deps }) => {
      const page = await listDeviceEvents(deps, principal.tenantId, params.id, query);
      return ok({ items: page.items.map(toEventView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/reported-charging-profiles',
    operationId: 'listReportedChargingProfiles',
    summary: 'The charging profiles a charger reported it holds',
    description:
      'ReportChargingProfiles (OCPP 2.0.1, answering GetChargingProfiles), by EVSE and profile id, whoever set ' +
      'them (`chargingLimitSource`).',
    tag: TAG,
    roles: ACCESS.read,
    responses: {
      200: {
        description: 'Reported profiles',
        schema: z.object({
          items: z.array(
            z.object({
              evseId: z.number().int(),
              chargingProfileId: z.number().int(),
              stackLevel: z.number().int(),
              purpose: z.string(),
              chargingLimitSource: z.string().describe('`EMS`, `Other`, `SO` or `CSO`'),
              requestId: z.number().int(),
              chargingProfile: ocppJson.describe('OCPP 2.0.1 ChargingProfileType, as reported'),
              reportedAt: isoTimestamp,
            }),
          ),
        }),
      },
    },
    handle: async ({ principal, params, deps }) => {
      const profiles = await listReportedChargingProfiles(deps, principal.tenantId, params.id);
      return ok({
        items: profiles.map(({ profile, ...rest }) => ({
          evseId: rest.evseId,
          chargingProfileId: rest.chargingProfileId,
          stackLevel: rest.stackLevel,
          purpose: rest.purpose,
          chargingLimitSource: rest.chargingLimitSource,
          requestId: rest.requestId,
          chargingProfile: profile,
          reportedAt: rest.reportedAt,
        })),
      });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/display-messages',
    operationId: 'listDisplayMessages',
    summary: 'The display messages a charger reported',
    description: 'NotifyDisplayMessages (OCPP 2.0.1, answering GetDisplayMessages), by message id.',
    tag: TAG,
    roles: ACCESS.read,
    responses: {
      200: {
        description: 'Reported messages',
        schema: z.object({
          items: z.array(
            z.object({
              id: z.number().int(),
              priority: z.string(),
              state: z.string().nullable(),
              messageInfo: ocppJson.describe('OCPP 2.0.1 MessageInfoType, as reported'),
              requestId: z.number().int(),
              reportedAt: isoTimestamp,
            }),
          ),
        }),
      },
    },
    handle: async ({ principal, params, deps }) => {
      const messages = await listDisplayMessages(deps, principal.tenantId, params.id);
      return ok({
        items: messages.map((message) => ({
          id: message.messageId,
          priority: message.priority,
          state: message.state ?? null,
          messageInfo: message.messageInfo,
          requestId: message.requestId,
          reportedAt: message.reportedAt,
        })),
      });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/customer-information',
    operationId: 'listCustomerInformation',
    summary: 'Customer information a charger reported',
    description:
      'NotifyCustomerInformation (OCPP 2.0.1, answering CustomerInformation), per request with its parts put ' +
      'together in seqNo order. Personal data: admin keys only, kept 30 days.',
    tag: TAG,
    roles: ACCESS.admin,
    responses: {
      200: {
        description: 'Per request, newest first',
        schema: z.object({
          items: z.array(
            z.object({
              requestId: z.number().int(),
              complete: z.boolean().describe('The last part and every part before it arrived'),
              data: z.string(),
              seqNos: z.array(z.number().int()),
              generatedAt: isoTimestamp,
              receivedAt: isoTimestamp,
            }),
          ),
        }),
      },
    },
    handle: async ({ principal, params, deps }) =>
      ok({ items: await listCustomerInformation(deps, principal.tenantId, params.id) }),
  }),
];
