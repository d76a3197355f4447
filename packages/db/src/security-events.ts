import { createHash } from 'node:crypto';
import * as z from 'zod';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query-page.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * A charger's security log (SecurityEventNotification, OCPP 2.0.1 and the 1.6 security extension), in its own
 * partition ordered by the charger's timestamp, so listing it newest first is one backwards Query.
 */
export interface SecurityEvent {
  readonly chargePointId: string;
  /** The charger's event type, e.g. `FirmwareUpdated`, `InvalidCsmsCertificate` (free text in OCPP). */
  readonly type: string;
  /** When it happened, by the charger's clock, normalised to UTC. */
  readonly timestamp: string;
  readonly techInfo?: string;
  /** When the CSMS received it (a charger replays queued events after being offline). */
  readonly receivedAt: string;
}

/** An audit trail is worth keeping longer than firmware progress (90 days), but not for ever. */
const SECURITY_EVENT_TTL_SECONDS = 365 * 24 * 3600;

const securityEventSchema: z.ZodType<SecurityEvent> = z.object({
  chargePointId: z.string(),
  type: z.string(),
  timestamp: z.string(),
  techInfo: z.string().optional(),
  receivedAt: z.string(),
});

/**
 * Events at the same millisecond stay apart by a digest of what they say, while a replayed event (same type,
 * time and details) lands on its own item again instead of showing twice.
 */
const digestOf = (event: SecurityEvent): string =>
  createHash('sha256')
    .update(`${event.type}\n${event.techInfo ?? ''}`)
    .digest('base64url')
    .slice(0, 12);

const securityEventEntity = (tenantId: string) =>
  defineEntity({
    type: 'SecurityEvent',
    schema: securityEventSchema,
    key: (event) => keys.securityEvent(tenantId, event.chargePointId, event.timestamp, digestOf(event)),
    derived: () => ({ expiresAt: Math.floor(Date.now() / 1000) + SECURITY_EVENT_TTL_SECONDS }),
    // `type` names the kind of item in the table.
    renamed: { type: 'eventType' },
  });

export async function recordSecurityEvent(
  table: TableClient,
  tenantId: string,
  event: SecurityEvent,
): Promise<void> {
  await table.put({ Item: securityEventEntity(tenantId).toItem(event) });
}

export interface SecurityEventQuery extends PageRequest {
  /** Only events of this type. */
  readonly type?: string | undefined;
}

/** A charger's security events, newest first (by the charger's timestamp). */
export async function listSecurityEvents(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  query: SecurityEventQuery,
): Promise<Page<SecurityEvent>> {
  const page = await queryPage(table, {
    tenantId,
    partition: keys.securityEventsPk(tenantId, chargePointId),
    skPrefix: 'EVT#',
    forward: false,
    filters: { eventType: query.type },
    page: { limit: query.limit, cursor: query.cursor },
  });
  const entity = securityEventEntity(tenantId);
  return { items: page.items.map((item) => entity.fromItem(item)), nextCursor: page.nextCursor };
}

/** The security events repository: the functions above with the table given. */
export const createSecurityEventsRepository = (table: TableClient) =>
  bindTable(table, { recordSecurityEvent, listSecurityEvents });

export type SecurityEventsRepository = ReturnType<typeof createSecurityEventsRepository>;
