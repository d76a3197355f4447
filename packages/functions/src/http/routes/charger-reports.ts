import { listSecurityEvents } from '@csms/app/stations/security/security-events';
import { readChargingReports } from '@csms/app/stations/smart-charging/charging-reports';
import type { SecurityEvent } from '@csms/db';
import * as z from 'zod';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';
import { isoTimestamp, listQuery, pageOf } from '../schemas.ts';

/** What chargers report on their own: their security log, external charging limits, EV charging needs. */

const securityEventView = z
  .object({
    type: z.string().describe('As the charger names it, e.g. `FirmwareUpdated`, `TamperDetectionActivated`'),
    timestamp: isoTimestamp.describe("When it happened, by the charger's clock"),
    techInfo: z.string().nullable().describe('Technical details the charger added'),
    receivedAt: isoTimestamp,
  })
  .meta({ id: 'SecurityEvent' });

const toSecurityEventView = (event: SecurityEvent): z.infer<typeof securityEventView> => ({
  type: event.type,
  timestamp: event.timestamp,
  techInfo: event.techInfo ?? null,
  receivedAt: event.receivedAt,
});

const ocppJson = z.record(z.string(), z.unknown());

const chargingReportsView = z.object({
  chargingLimits: z.array(
    z.object({
      evseId: z.number().int().describe('0: the charger as a whole'),
      source: z.string().describe('`EMS`, `Other`, `SO` (system operator) or `CSO`'),
      isGridCritical: z.boolean().nullable(),
      chargingSchedules: z
        .array(ocppJson)
        .describe('The schedules the limit imposes (OCPP 2.0.1 ChargingScheduleType), as sent'),
      reportedAt: isoTimestamp,
      clearedAt: isoTimestamp.nullable().describe('When the charger reported the limit lifted'),
    }),
  ),
  evChargingNeeds: z.array(
    z.object({
      evseId: z.number().int(),
      chargingNeeds: ocppJson.describe('OCPP 2.0.1 ChargingNeedsType, as sent'),
      maxScheduleTuples: z.number().int().nullable(),
      answer: z
        .enum(['Accepted', 'Rejected', 'Processing'])
        .describe('What the CSMS answered (`Rejected`: it computes no schedules from EV needs)'),
      receivedAt: isoTimestamp,
    }),
  ),
  evChargingSchedules: z.array(
    z.object({
      evseId: z.number().int(),
      timeBase: isoTimestamp,
      chargingSchedule: ocppJson.describe('OCPP 2.0.1 ChargingScheduleType, as sent'),
      receivedAt: isoTimestamp,
    }),
  ),
});

export const chargerReportRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/security-events',
    operationId: 'listSecurityEvents',
    summary: "A charger's security events, newest first",
    description:
      'SecurityEventNotification (OCPP 2.0.1, or 1.6 with the security extension), ordered by the charger’s ' +
      'timestamp and kept for a year. `type` keeps only events of that type; filtered pages may hold fewer than ' +
      '`limit` items while `nextCursor` is non-null.',
    tag: 'Charge points',
    roles: ACCESS.read,
    query: listQuery.extend({ type: z.string().min(1).max(50).optional() }),
    responses: { 200: { description: 'A page of security events', schema: pageOf(securityEventView) } },
    handle: async ({ principal, params, query, deps }) => {
      const page = await listSecurityEvents(deps, principal.tenantId, params.id, query);
      return ok({ items: page.items.map(toSecurityEventView), nextCursor: page.nextCursor });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charge-points/{id}/charging-reports',
    operationId: 'getChargingReports',
    summary: 'External charging limits and EV charging needs a charger reported',
    description:
      'OCPP 2.0.1: the latest NotifyChargingLimit per EVSE and source (with ClearedChargingLimit), and the latest ' +
      'NotifyEVChargingNeeds and NotifyEVChargingSchedule per EVSE. Recorded for the operator; the CSMS does not ' +
      'plan schedules around them yet.',
    tag: 'Smart charging',
    roles: ACCESS.read,
    responses: { 200: { description: 'The reports, in EVSE order', schema: chargingReportsView } },
    handle: async ({ principal, params, deps }) => {
      const reports = await readChargingReports(deps, principal.tenantId, params.id);
      const view: z.infer<typeof chargingReportsView> = {
        chargingLimits: reports.limits.map((limit) => ({
          evseId: limit.evseId,
          source: limit.source,
          isGridCritical: limit.isGridCritical ?? null,
          chargingSchedules: [...(limit.chargingSchedules ?? [])],
          reportedAt: limit.reportedAt,
          clearedAt: limit.clearedAt ?? null,
        })),
        evChargingNeeds: reports.needs.map((needs) => ({
          evseId: needs.evseId,
          chargingNeeds: needs.chargingNeeds,
          maxScheduleTuples: needs.maxScheduleTuples ?? null,
          answer: needs.answer,
          receivedAt: needs.receivedAt,
        })),
        evChargingSchedules: reports.schedules.map((schedule) => ({
          evseId: schedule.evseId,
          timeBase: schedule.timeBase,
          chargingSchedule: schedule.chargingSchedule,
          receivedAt: schedule.receivedAt,
        })),
      };
      return ok(view);
    },
  }),
];
