import type { Page, PageRequest, SecurityEvent } from '@csms/db';
import type { Deps } from '../../deps.ts';
import { requireChargePoint } from '../commands/charger-lookup.ts';

/** A SecurityEventNotification as the charger sent it (OCPP 2.0.1, or 1.6 with the security extension). */
export interface SecurityEventReport {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly type: string;
  /** The charger's own time of the event, as sent (any ISO 8601 offset). */
  readonly timestamp: string;
  readonly techInfo?: string | undefined;
  readonly receivedAt: Date;
}

/**
 * Appends the event to the charger's security log. Also logged: a security event is worth a line an alarm can
 * match on, beside the stored record the operator lists.
 */
export async function recordSecurityEvent(
  deps: Pick<Deps, 'securityEvents' | 'log'>,
  report: SecurityEventReport,
): Promise<void> {
  const event: SecurityEvent = {
    chargePointId: report.chargePointId,
    type: report.type,
    // Normalised to UTC so the log sorts by time whatever offset the charger writes.
    timestamp: new Date(report.timestamp).toISOString(),
    ...(report.techInfo === undefined ? {} : { techInfo: report.techInfo }),
    receivedAt: report.receivedAt.toISOString(),
  };
  await deps.securityEvents.recordSecurityEvent(report.tenantId, event);
  deps.log.info('Charger security event', { securityEventType: event.type, timestamp: event.timestamp });
}

export interface SecurityEventListQuery extends PageRequest {
  readonly type?: string | undefined;
}

/** A charger's security events, newest first; 404 for a charge point the tenant does not have. */
export async function listSecurityEvents(
  deps: Pick<Deps, 'chargePoints' | 'securityEvents'>,
  tenantId: string,
  chargePointId: string,
  query: SecurityEventListQuery,
): Promise<Page<SecurityEvent>> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return deps.securityEvents.listSecurityEvents(tenantId, found.chargePoint.id, query);
}
